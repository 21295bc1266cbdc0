package dev.netc.bench.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX Runtime (CPU) running one model, timed as two kinds of Java caller:
 *
 * <ul>
 *   <li>{@link #runWrapping}: the caller who keeps its data in {@code float[]}, as most Java code
 *       does, and per call wraps each array in a new {@link OnnxTensor} (ONNX Runtime copies a heap
 *       buffer into native memory), runs, and copies the output back into a {@code float[]};
 *   <li>{@link #runReusing}: the caller who keeps its data in direct buffers created once: the
 *       input tensors are views of those buffers (no copy), and the output is written into a
 *       preallocated direct buffer through the {@code pinnedOutputs} form of {@code run}. What
 *       remains per call is the JNI call and its small bookkeeping objects (the {@code Result},
 *       name and handle arrays): ONNX Runtime's Java API cannot run without them.
 * </ul>
 *
 * <p>The session is built with all graph optimizations, sequential execution (one operator at a
 * time) and the given number of intra-op threads, the threads that split one operator.
 */
public final class OrtPeer implements AutoCloseable {
  /**
   * One model input: its name, its data and its shape. The data, {@code float} or {@code int64}
   * (token ids, masks), is read, never written.
   */
  public record Input(String name, Buffer data, long... shape) {
    public Input {
      if (!(data instanceof FloatBuffer) && !(data instanceof LongBuffer)) {
        throw new IllegalArgumentException("an input holds floats or longs, not " + data.getClass().getName());
      }
    }

    /** A {@code float} input. */
    public Input(String name, float[] data, long... shape) {
      this(name, FloatBuffer.wrap(data), shape);
    }

    /** An {@code int64} input. */
    public Input(String name, long[] data, long... shape) {
      this(name, LongBuffer.wrap(data), shape);
    }
  }

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final SessionOptions options;
  private final OrtSession session;
  private final List<Input> inputs;
  private final Map<String, OnnxTensor> reusedInputs = new LinkedHashMap<>();
  private final Map<String, OnnxTensor> pinnedOutputs = new HashMap<>();
  private final FloatBuffer output;

  /**
   * @param model a serialized ONNX model
   * @param threads the intra-op threads
   * @param inputs every input of the model, with the data every call uses
   * @param outputName the model's one output
   * @param outputShape the output's shape for these inputs
   */
  public OrtPeer(byte[] model, int threads, List<Input> inputs, String outputName, long... outputShape)
      throws OrtException {
    this.inputs = List.copyOf(inputs);
    options = new SessionOptions();
    options.setIntraOpNumThreads(threads);
    options.setInterOpNumThreads(1);
    options.setExecutionMode(SessionOptions.ExecutionMode.SEQUENTIAL);
    options.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
    options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
    session = env.createSession(model, options);
    for (Input in : this.inputs) {
      reusedInputs.put(in.name(), tensor(in, true));
    }
    long size = 1;
    for (long d : outputShape) {
      size *= d;
    }
    output = directFloats(Math.toIntExact(size));
    pinnedOutputs.put(outputName, OnnxTensor.createTensor(env, output, outputShape));
  }

  /** Runs as the caller with {@code float[]} data: new input tensors, output copied into {@code out}. */
  public void runWrapping(float[] out) throws OrtException {
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      for (Input in : inputs) {
        feed.put(in.name(), tensor(in, false));
      }
      try (OrtSession.Result result = session.run(feed)) {
        ((OnnxTensor) result.get(0)).getFloatBuffer().get(out);
      }
    } finally {
      for (OnnxTensor t : feed.values()) {
        t.close();
      }
    }
  }

  /** Runs as the caller with direct buffers: the output lands in {@link #output()}. */
  public FloatBuffer runReusing() throws OrtException {
    // The Result holds only the pinned output, which it does not own: closing it frees nothing
    // but its own bookkeeping.
    session.run(reusedInputs, pinnedOutputs).close();
    return output;
  }

  /** The direct buffer {@link #runReusing} writes to. */
  public FloatBuffer output() {
    return output;
  }

  /** Releases the native session and tensors. */
  @Override
  public void close() throws OrtException {
    List<OnnxTensor> tensors = new ArrayList<>(reusedInputs.values());
    tensors.addAll(pinnedOutputs.values());
    for (OnnxTensor t : tensors) {
      t.close();
    }
    session.close();
    options.close();
  }

  /**
   * A tensor of {@code in}'s data: over a direct copy made here ({@code direct}), which the tensor
   * views without copying, or over the caller's array, which ONNX Runtime copies into native memory.
   */
  private OnnxTensor tensor(Input in, boolean direct) throws OrtException {
    return switch (in.data()) {
      case FloatBuffer f -> OnnxTensor.createTensor(env,
          direct ? directFloats(f.capacity()).put(f.duplicate().rewind()).rewind() : f.duplicate().rewind(), in.shape());
      case LongBuffer l -> OnnxTensor.createTensor(env,
          direct ? directLongs(l.capacity()).put(l.duplicate().rewind()).rewind() : l.duplicate().rewind(), in.shape());
      default -> throw new AssertionError(in.data());
    };
  }

  private static LongBuffer directLongs(int n) {
    return ByteBuffer.allocateDirect(n * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
  }

  private static FloatBuffer directFloats(int n) {
    return ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }
}
