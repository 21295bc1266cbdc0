package dev.netc.runtime;

import dev.netc.runtime.weights.TensorInfo;
import dev.netc.runtime.weights.WeightFile;
import dev.netc.runtime.weights.WeightFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * Loads a network's parameters from a weights file and checks each against
 * the shape the spec declares, naming the tensor, the expected and the found
 * shape when they differ.
 *
 * <p>One load per Java array type: {@link #f32}, {@link #i32}, {@link #i64},
 * {@link #bf16} and {@link #i8}. Each takes the stored types the matching read
 * of {@link WeightFile} takes (an F16 tensor loads as f32, an I8 one as i8 or i32) and
 * refuses the others with that read's message.
 */
public final class ParamLoader implements AutoCloseable {
  private final WeightFile file;
  private final Path temporary;

  private ParamLoader(WeightFile file, Path temporary) {
    this.file = file;
    this.temporary = temporary;
  }

  public static ParamLoader open(Path path) throws IOException {
    return new ParamLoader(WeightFile.open(path), null);
  }

  /**
   * Opens a weights resource beside {@code owner}: read in place when it is a file
   * (a build's classes folder), else copied to a temporary file first (inside a
   * jar), which is deleted on close.
   */
  public static ParamLoader resource(Class<?> owner, String name) throws IOException {
    java.net.URL url = owner.getResource(name);
    if (url != null && "file".equals(url.getProtocol())) {
      try {
        return new ParamLoader(WeightFile.open(Path.of(url.toURI())), null);
      } catch (java.net.URISyntaxException | IllegalArgumentException notAPath) {
        // Fall through to the stream, which every class loader supports.
      }
    }
    try (InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("the weights resource " + name + " is not on the class path beside "
            + owner.getName() + "; add the folder `netc compile` wrote it to as a resource root");
      }
      String suffix = name.substring(name.lastIndexOf('.'));
      Path temp = Files.createTempFile("netc-weights", suffix);
      try {
        Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
        return new ParamLoader(WeightFile.open(temp), temp);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(temp);
        throw e;
      }
    }
  }

  /**
   * The tensor {@code key} as floats, which must have exactly {@code shape}; the
   * same as {@link #f32}, which generated code has called by this name.
   */
  public float[] load(String key, long... shape) throws IOException {
    return f32(key, shape);
  }

  /**
   * The floating-point tensor {@code key} as floats, which must have exactly
   * {@code shape}; F16, BF16 and F64 are converted as by {@link WeightFile#readFloats}.
   */
  public float[] f32(String key, long... shape) throws IOException {
    return file.readFloats(withShape(key, shape));
  }

  /**
   * The integer tensor {@code key} as ints, which must have exactly {@code shape};
   * I8 is widened and I64 narrowed when every value fits, as by {@link WeightFile#readInts}.
   */
  public int[] i32(String key, long... shape) throws IOException {
    return file.readInts(withShape(key, shape));
  }

  /**
   * The integer tensor {@code key} as longs, which must have exactly {@code shape};
   * I32 and I8 are widened, as by {@link WeightFile#readLongs}.
   */
  public long[] i64(String key, long... shape) throws IOException {
    return file.readLongs(withShape(key, shape));
  }

  /**
   * The floating-point tensor {@code key} as the bits of bfloat16 values, which must
   * have exactly {@code shape}; F32, F16 and F64 are rounded to nearest even, as by
   * {@link WeightFile#readBf16}.
   */
  public short[] bf16(String key, long... shape) throws IOException {
    return file.readBf16(withShape(key, shape));
  }

  /**
   * The I8 tensor {@code key} as stored, which must have exactly {@code shape}; no
   * other type is converted, as by {@link WeightFile#readI8}.
   */
  public byte[] i8(String key, long... shape) throws IOException {
    return file.readI8(withShape(key, shape));
  }

  /** The name of the tensor that holds an I8 weight's scales: the weight's name and {@code .scale}. */
  public static String scaleName(String key) {
    return key + ".scale";
  }

  /**
   * The weight {@code key}, {@code [rows, cols]}, in 8 bits with one scale per slice along
   * {@code scaleAxis} (the matmul's output axis): an I8 tensor is read as stored, with its scales
   * from the F32 tensor {@link #scaleName key.scale} of shape {@code [cols]} (axis 1) or
   * {@code [rows]} (axis 0); a floating-point tensor is quantized as {@link Int8Weight#quantize}
   * does.
   */
  public Int8Weight int8(String key, int scaleAxis, int rows, int cols) throws IOException {
    TensorInfo info = file.require(key);
    if (info.dtype() != DType.I8) {
      float[] values = f32(key, rows, cols);
      try {
        return Int8Weight.quantize(values, rows, cols, scaleAxis, "the weight");
      } catch (IllegalArgumentException e) {
        throw new WeightFileException(file.path(), key, e.getMessage());
      }
    }
    byte[] values = i8(key, rows, cols);
    String scales = scaleName(key);
    int count = scaleAxis == 1 ? cols : rows;
    if (file.find(scales).isEmpty()) {
      throw new WeightFileException(file.path(), key, "holds I8 values, but the file has no tensor " + scales
          + " with their scales (F32, one per " + (scaleAxis == 1 ? "column" : "row") + ": [" + count
          + "]); add it, or store the weight as F32 and netc quantizes it");
    }
    float[] scale = f32(scales, count);
    for (int i = 0; i < count; i++) {
      if (!(scale[i] >= 0) || Float.isInfinite(scale[i])) {
        throw new WeightFileException(file.path(), scales, "scale " + i + " is " + scale[i]
            + "; an I8 weight's scales are finite and not negative");
      }
    }
    return new Int8Weight(values, scale, rows, cols, scaleAxis);
  }

  /** {@code key}, after checking that the file's tensor has exactly {@code shape}. */
  private String withShape(String key, long[] shape) throws WeightFileException {
    TensorInfo info = file.require(key);
    List<Long> want = Arrays.stream(shape).boxed().toList();
    if (!info.shape().equals(want)) {
      throw new WeightFileException(file.path(), key, "the network needs shape " + want + ", the file holds "
          + info.shape() + (info.shape().size() == 2 && want.size() == 2
              && info.shape().get(0).equals(want.get(1)) && info.shape().get(1).equals(want.get(0))
              ? " (the transpose: declare the layout the file uses, e.g. dense(..., layout=out_in))" : ""));
    }
    return key;
  }

  @Override
  public void close() throws IOException {
    try {
      file.close();
    } finally {
      if (temporary != null) {
        Files.deleteIfExists(temporary);
      }
    }
  }
}
