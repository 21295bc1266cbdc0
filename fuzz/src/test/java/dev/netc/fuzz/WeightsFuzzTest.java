package dev.netc.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.netc.runtime.weights.TensorInfo;
import dev.netc.runtime.weights.WeightFile;
import dev.netc.runtime.weights.WeightFileException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Weights files as bytes from anywhere: every header the readers accept is read in full with
 * each typed read, and the only exception allowed is {@link WeightFileException}, the one
 * {@link WeightFile} documents for a malformed file. Anything else, an out-of-memory error under
 * the fuzzing heap, or an input running past the time limit is a finding.
 *
 * <p>Seeds: {@code src/test/resources/dev/netc/fuzz/WeightsFuzzTestInputs/<target>/}.
 */
class WeightsFuzzTest {

  @FuzzTest
  void safetensors(byte[] bytes) throws IOException {
    readAll(Scratch.write("fuzz.safetensors", bytes));
  }

  @FuzzTest
  void npy(byte[] bytes) throws IOException {
    readAll(Scratch.write("fuzz.npy", bytes));
  }

  @FuzzTest
  void npz(byte[] bytes) throws IOException {
    readAll(Scratch.write("fuzz.npz", bytes));
  }

  /** Opens {@code file} and reads every tensor with every read that takes its type. */
  private static void readAll(Path file) throws IOException {
    try (WeightFile weights = WeightFile.open(file)) {
      for (TensorInfo tensor : weights.tensors()) {
        String name = tensor.name();
        if (tensor.dtype().isFloatingPoint()) {
          weights.readFloats(name);
          weights.readBf16(name);
        } else {
          weights.readLongs(name);
          readOrRefuse(() -> weights.readInts(name));
          readOrRefuse(() -> weights.readI8(name));
        }
      }
    } catch (WeightFileException expected) {
      // a clean refusal, naming the file and the problem
    }
  }

  /** A narrowing read, which may refuse a value (by a WeightFileException) but nothing else. */
  private static void readOrRefuse(IoAction read) throws IOException {
    try {
      read.run();
    } catch (WeightFileException expected) {
      // I64 values beyond an int, or not I8
    }
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }
}
