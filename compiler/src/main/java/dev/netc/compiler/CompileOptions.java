package dev.netc.compiler;

import dev.netc.compiler.passes.PassOptions;
import dev.netc.runtime.DType;
import java.util.Locale;
import java.util.Objects;

/**
 * How specs are compiled: the package of the generated classes, which optional passes run, the
 * machine the kernels are generated for, and the Java release the code targets. One value shared
 * by every adapter: {@code netc compile}'s flags and the Maven plugin's parameters are parsed by
 * the same {@link Builder}, with the same syntax and limits, and a mistake names its
 * {@link Setting} so each adapter can say it its own way.
 *
 * @param packageName the Java package of generated classes ("" for the unnamed package), unless
 *     a {@link Source} names its own
 * @param foldLinear whether consecutive linear layers with inline weights are folded into one
 * @param kernels the machine the kernels are generated for
 * @param release the Java release the generated code is compiled for and runs on, 21 or later:
 *     from 22, where {@code java.lang.foreign} is final, packed weights live off the heap, aligned
 *     to cache lines
 * @param weights the element type every eligible matmul weight is stored in: {@code F32} keeps
 *     them as declared; {@code BF16} or {@code I8} compress each parameter that is only ever a
 *     matmul's weight ({@code WeightCompression}), leaving biases, norms and embeddings as they are
 */
public record CompileOptions(String packageName, boolean foldLinear, KernelOptions kernels, int release,
    DType weights) {
  /** The oldest Java release generated code supports: the Vector API's incubator module as of 21. */
  public static final int MIN_RELEASE = 21;

  /** The first release whose generated code keeps its packed weights off the heap, aligned. */
  public static final int OFF_HEAP_RELEASE = 22;

  /** The storage types {@code --weights} takes. */
  public static final java.util.Set<DType> WEIGHT_TYPES = java.util.EnumSet.of(DType.F32, DType.BF16, DType.I8);

  public CompileOptions {
    Objects.requireNonNull(kernels);
    if (!WEIGHT_TYPES.contains(weights)) {
      throw new InvalidOptionException(Setting.WEIGHTS, String.valueOf(weights), "weights are stored as f32, bf16 or i8");
    }
    PackageNames.problem(packageName).ifPresent(problem -> {
      throw new InvalidOptionException(Setting.PACKAGE, packageName, problem);
    });
    if (release < MIN_RELEASE) {
      throw new InvalidOptionException(Setting.RELEASE, Integer.toString(release),
          "generated code needs Java " + MIN_RELEASE + " or later (the Vector API)");
    }
  }

  /** Every default: the unnamed package, every pass, AVX-512 kernels, Java 21. */
  public static CompileOptions defaults() {
    return new CompileOptions("", true, KernelOptions.defaults(), MIN_RELEASE, DType.F32);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Every setting as a user writes it, the way {@code netc compile}'s flags and the Maven plugin's
   * parameters both give them, checked by the {@link Builder}.
   *
   * @throws InvalidOptionException naming the first setting netc cannot use
   */
  public static CompileOptions of(String packageName, boolean foldLinear, int vectorBits, String tile, long l2Kib,
      long l3Kib, int release) {
    return of(packageName, foldLinear, vectorBits, tile, l2Kib, l3Kib, release, "f32");
  }

  /** {@link #of(String, boolean, int, String, long, long, int)} with the matmul weights' storage type. */
  public static CompileOptions of(String packageName, boolean foldLinear, int vectorBits, String tile, long l2Kib,
      long l3Kib, int release, String weights) {
    return builder().packageName(packageName).foldLinear(foldLinear).vectorBits(vectorBits).tile(tile).l2Kib(l2Kib)
        .l3Kib(l3Kib).release(release).weights(weights).build();
  }

  /** These options with another package. */
  public CompileOptions withPackage(String name) {
    return new CompileOptions(name, foldLinear, kernels, release, weights);
  }

  /** These options for code compiled for and run on Java {@code version}. */
  public CompileOptions withRelease(int version) {
    return new CompileOptions(packageName, foldLinear, kernels, version, weights);
  }

  /** These options with matmul weights stored as {@code type} (f32, bf16 or i8). */
  public CompileOptions withWeights(DType type) {
    return new CompileOptions(packageName, foldLinear, kernels, release, type);
  }

  public PassOptions passes() {
    return new PassOptions(foldLinear, weights);
  }

  /**
   * Whether packed weights live off the heap, 64-byte aligned, in a {@code MemorySegment}: a
   * {@code float[]}'s data starts wherever the collector put it, and a vector load that straddles
   * two cache lines costs two.
   */
  public boolean offHeapWeights() {
    return release >= OFF_HEAP_RELEASE;
  }

  /**
   * Every setting, one {@code name=value} per line in a fixed order, as the Maven plugin's
   * parameters name them: what a build cache fingerprints, since each shapes the generated files.
   */
  public String describe() {
    return String.join("\n",
        Setting.PACKAGE.parameter() + "=" + packageName,
        Setting.FOLD_LINEAR.parameter() + "=" + foldLinear,
        Setting.VECTOR_BITS.parameter() + "=" + kernels.vectorBits(),
        Setting.TILE.parameter() + "=" + kernels.tile(),
        Setting.L2_KIB.parameter() + "=" + (kernels.l2Bytes() >> 10),
        Setting.L3_KIB.parameter() + "=" + (kernels.l3Bytes() >> 10),
        Setting.RELEASE.parameter() + "=" + release,
        Setting.WEIGHTS.parameter() + "=" + weights.spelling());
  }

  /** A setting, as the command line spells it and as the Maven plugin's parameter is named. */
  public enum Setting {
    PACKAGE("--package", "packageName"),
    FOLD_LINEAR("--no-fold-linear", "foldLinear"),
    VECTOR_BITS("--vector-bits", "vectorBits"),
    TILE("--tile", "tile"),
    L2_KIB("--l2-kib", "l2Kib"),
    L3_KIB("--l3-kib", "l3Kib"),
    RELEASE("--release", "release"),
    WEIGHTS("--weights", "weightsType");

    private final String flag;
    private final String parameter;

    Setting(String flag, String parameter) {
      this.flag = flag;
      this.parameter = parameter;
    }

    /** {@code --tile}. */
    public String flag() {
      return flag;
    }

    /** {@code tile}, as in {@code <tile>12x2</tile>}. */
    public String parameter() {
      return parameter;
    }
  }

  /**
   * Builds options from settings as users write them; each setter checks its value and throws
   * {@link InvalidOptionException} naming the setting. Unset settings keep their defaults.
   */
  public static final class Builder {
    private String packageName = "";
    private boolean foldLinear = true;
    private int vectorBits = 512;
    private int tileRows = KernelOptions.DEFAULT_TILE_ROWS;
    private int tileVectors = KernelOptions.DEFAULT_TILE_VECTORS;
    private long l2Kib = KernelOptions.DEFAULT_L2_KIB;
    private long l3Kib = KernelOptions.DEFAULT_L3_KIB;
    private int release = MIN_RELEASE;
    private DType weights = DType.F32;

    private Builder() {}

    /** {@code f32}, {@code bf16} or {@code i8}: how eligible matmul weights are stored. */
    public Builder weights(String type) {
      String text = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
      this.weights = DType.parse(text).filter(WEIGHT_TYPES::contains).orElseThrow(() ->
          new InvalidOptionException(Setting.WEIGHTS, type, "weights are stored as f32 (as declared), bf16 (2 bytes, "
              + "rounded to nearest even) or i8 (1 byte, a scale per output column)"));
      return this;
    }

    public Builder packageName(String name) {
      String stripped = name == null ? "" : name.strip();
      PackageNames.problem(stripped).ifPresent(problem -> {
        throw new InvalidOptionException(Setting.PACKAGE, name, problem + "; use a name such as com.example.nets");
      });
      this.packageName = stripped;
      return this;
    }

    public Builder foldLinear(boolean fold) {
      this.foldLinear = fold;
      return this;
    }

    public Builder vectorBits(int bits) {
      if (bits != 128 && bits != 256 && bits != 512) {
        throw new InvalidOptionException(Setting.VECTOR_BITS, Integer.toString(bits),
            "the vector width is 128, 256 (AVX2) or 512 (AVX-512) bits");
      }
      this.vectorBits = bits;
      return this;
    }

    /** {@code ROWSxVECTORS}, e.g. {@code 12x2}. */
    public Builder tile(String tile) {
      String text = tile == null ? "" : tile.strip().toLowerCase(Locale.ROOT);
      if (!text.matches("\\d{1,2}x\\d{1,2}")) {
        throw new InvalidOptionException(Setting.TILE, tile,
            "a tile is ROWSxVECTORS: use e.g. 12x2 (AVX-512 Xeons) or 4x4 (AMD Zen 4)");
      }
      int x = text.indexOf('x');
      int rows = Integer.parseInt(text.substring(0, x));
      int vectors = Integer.parseInt(text.substring(x + 1));
      if (rows < 1 || vectors < 1) {
        throw new InvalidOptionException(Setting.TILE, tile, "a tile has at least 1 row and 1 vector");
      }
      int registers = KernelOptions.registers(rows, vectors);
      if (registers > KernelOptions.VECTOR_REGISTERS) {
        throw new InvalidOptionException(Setting.TILE, tile, "a " + rows + " x " + vectors + " tile needs " + registers
            + " vector registers (rows x vectors accumulators, a panel's vectors and a broadcast), more than the "
            + KernelOptions.VECTOR_REGISTERS + " there are");
      }
      this.tileRows = rows;
      this.tileVectors = vectors;
      return this;
    }

    /** The per-core L2 cache, in KiB. */
    public Builder l2Kib(long kib) {
      if (kib < 16 || kib > 1 << 20) {
        throw new InvalidOptionException(Setting.L2_KIB, Long.toString(kib),
            "an L2 cache is between 16 KiB and 1 GiB (1048576 KiB)");
      }
      this.l2Kib = kib;
      return this;
    }

    /** The last-level cache, in KiB. */
    public Builder l3Kib(long kib) {
      if (kib < 16 || kib > 1L << 30) {
        throw new InvalidOptionException(Setting.L3_KIB, Long.toString(kib),
            "a last-level cache is between 16 KiB and 1 TiB (1073741824 KiB)");
      }
      this.l3Kib = kib;
      return this;
    }

    public Builder release(int version) {
      if (version < MIN_RELEASE) {
        throw new InvalidOptionException(Setting.RELEASE, Integer.toString(version),
            "generated code needs Java " + MIN_RELEASE + " or later (the Vector API)");
      }
      this.release = version;
      return this;
    }

    /** The options; the caches are checked against each other here. */
    public CompileOptions build() {
      if (weights == DType.I8 && vectorBits < 256) {
        throw new InvalidOptionException(Setting.WEIGHTS, "i8",
            "8-bit weights need 256- or 512-bit vectors; use --vector-bits 256 or bf16 weights");
      }
      if (l3Kib < l2Kib) {
        throw new InvalidOptionException(Setting.L3_KIB, Long.toString(l3Kib),
            "the last-level cache is smaller than the L2 of " + l2Kib + " KiB");
      }
      return new CompileOptions(packageName, foldLinear,
          new KernelOptions(vectorBits, tileRows, tileVectors, (int) (l2Kib << 10), l3Kib << 10), release, weights);
    }
  }
}
