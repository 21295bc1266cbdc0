package dev.netc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Workspace buffers: reused while large enough, grown when not, one set of slots per type. */
class WorkspaceTest {
  @Test
  @DisplayName("a slot returns the same buffer while it is large enough, and a larger one when not")
  void buffersAreReusedAndGrown() {
    Workspace w = new Workspace();
    float[] f = w.floats(0, 100);
    assertThat(f).hasSize(100);
    assertThat(w.floats(0, 100)).isSameAs(f);
    assertThat(w.floats(0, 7)).isSameAs(f);
    float[] grown = w.floats(0, 101);
    assertThat(grown).hasSize(101).isNotSameAs(f);
    assertThat(w.floats(0, 50)).isSameAs(grown);

    int[] i = w.ints(3, 10);
    assertThat(w.ints(3, 10)).isSameAs(i);
    assertThat(w.ints(3, 11)).hasSize(11).isNotSameAs(i);
    long[] l = w.longs(3, 10);
    assertThat(w.longs(3, 1)).isSameAs(l);
    assertThat(w.longs(3, 11)).hasSize(11).isNotSameAs(l);
    short[] s = w.shorts(3, 10);
    assertThat(w.shorts(3, 0)).isSameAs(s);
    assertThat(w.shorts(3, 11)).hasSize(11).isNotSameAs(s);
    byte[] b = w.bytes(3, 10);
    assertThat(w.bytes(3, 10)).isSameAs(b);
    assertThat(w.bytes(3, 11)).hasSize(11).isNotSameAs(b);
  }

  @Test
  @DisplayName("each element type has its own slots: slot 0 of floats is not slot 0 of ints")
  void slotsAreSeparatePerType() {
    Workspace w = new Workspace();
    float[] f = w.floats(0, 4);
    int[] i = w.ints(0, 4);
    long[] l = w.longs(0, 4);
    short[] s = w.shorts(0, 4);
    byte[] b = w.bytes(0, 4);
    int[] d = w.dims(0, 1, 2, 3, 4);
    f[0] = 1;
    i[0] = 2;
    l[0] = 3;
    s[0] = 4;
    b[0] = 5;
    assertThat(w.floats(0, 4)).isSameAs(f).startsWith(1f);
    assertThat(w.ints(0, 4)).isSameAs(i).startsWith(2).isNotSameAs(d);
    assertThat(w.longs(0, 4)).isSameAs(l).startsWith(3L);
    assertThat(w.shorts(0, 4)).isSameAs(s).startsWith((short) 4);
    assertThat(w.bytes(0, 4)).isSameAs(b).startsWith((byte) 5);
    assertThat(w.dims(0, 1, 2, 3, 4)).isSameAs(d).containsExactly(1, 2, 3, 4);
    // Different slots of one type are different buffers.
    assertThat(w.floats(1, 4)).isNotSameAs(f);
  }

  @Test
  @DisplayName("slots far beyond the first few work, and earlier slots keep their buffers")
  void manySlots() {
    Workspace w = new Workspace();
    float[] first = w.floats(0, 3);
    for (int slot = 1; slot <= 100; slot++) {
      assertThat(w.floats(slot, slot)).hasSize(slot);
      assertThat(w.ints(slot, slot)).hasSize(slot);
      assertThat(w.longs(slot, slot)).hasSize(slot);
      assertThat(w.shorts(slot, slot)).hasSize(slot);
      assertThat(w.bytes(slot, slot)).hasSize(slot);
      assertThat(w.dims(slot, slot)).containsExactly(slot);
    }
    assertThat(w.floats(0, 3)).isSameAs(first);
    assertThat(w.floats(100, 100)).isSameAs(w.floats(100, 1));
  }

  @Test
  @DisplayName("dims holds exactly its values, reusing the slot's array while the count stays the same")
  void dimsHoldExactlyTheirValues() {
    Workspace w = new Workspace();
    assertThat(w.dims(0, 7)).containsExactly(7);
    assertThat(w.dims(1, 7, 8)).containsExactly(7, 8);
    assertThat(w.dims(2, 7, 8, 9)).containsExactly(7, 8, 9);
    assertThat(w.dims(3, 7, 8, 9, 10)).containsExactly(7, 8, 9, 10);
    assertThat(w.dims(4, 7, 8, 9, 10, 11)).containsExactly(7, 8, 9, 10, 11);
    assertThat(w.dims(5, 7, 8, 9, 10, 11, 12)).containsExactly(7, 8, 9, 10, 11, 12);
    int[] strides = w.dims(1, 64, 1);
    assertThat(w.dims(1, 128, 1)).isSameAs(strides).containsExactly(128, 1);
    // A different count needs an array of that length: kernels read the rank from it.
    assertThat(w.dims(1, 2, 3, 4)).isNotSameAs(strides).containsExactly(2, 3, 4);
  }

  @Test
  @DisplayName("a buffer larger than a Java array is refused, naming its size and element type")
  void sizesBeyondAJavaArrayAreRefused() {
    Workspace w = new Workspace();
    long tooMany = Integer.MAX_VALUE - 7L;
    assertThatIllegalArgumentException()
        .isThrownBy(() -> w.floats(0, tooMany))
        .withMessage("a scratch buffer of 2147483640 floats exceeds what a Java array holds; use a smaller batch");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> w.ints(0, 1L << 40))
        .withMessage("a scratch buffer of 1099511627776 ints exceeds what a Java array holds; use a smaller batch");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> w.longs(0, tooMany))
        .withMessageStartingWith("a scratch buffer of 2147483640 longs exceeds");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> w.shorts(0, tooMany))
        .withMessageStartingWith("a scratch buffer of 2147483640 shorts exceeds");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> w.bytes(0, tooMany))
        .withMessageStartingWith("a scratch buffer of 2147483640 bytes exceeds");
  }

  @Test
  @DisplayName("each thread has its own local workspace")
  void localIsPerThread() throws Exception {
    Workspace mine = Workspace.local();
    assertThat(Workspace.local()).isSameAs(mine);
    Workspace other = CompletableFuture.supplyAsync(Workspace::local, Thread::startVirtualThread).get();
    assertThat(other).isNotNull().isNotSameAs(mine);
  }
}
