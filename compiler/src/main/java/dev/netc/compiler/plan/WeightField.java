package dev.netc.compiler.plan;

import dev.netc.compiler.ir.IrGraph;
import dev.netc.runtime.DType;

/**
 * A final field of the generated class that holds a parameter, in the form the steps read it. A
 * parameter has one field per form it is read in: as loaded, packed in panels for a kernel, or
 * zero-padded to whole panels.
 */
public sealed interface WeightField {
  /** The Java field's name. */
  String field();

  /** The parameter the field's values come from. */
  IrGraph.Param param();

  /** Elements the field holds. */
  long length();

  /** The element type of the field's array. */
  DType dtype();

  /** A parameter as it was loaded, row-major, for the steps that read it whole. */
  record Raw(String field, IrGraph.Param param) implements WeightField {
    @Override
    public long length() {
      return param.shape().elementCount().value();
    }

    @Override
    public DType dtype() {
      return param.type().dtype();
    }
  }

  /**
   * A weight packed in panels for the kernels: {@code width} columns per panel, each panel's
   * {@code k} rows contiguous, the last panel zero-padded ({@code Layout.packPanels}).
   *
   * @param transposed whether the parameter is stored {@code [n, k]} and used as its transpose
   * @param storage the element type the panels are stored in
   * @param offHeap whether the panels live off the heap, 64-byte aligned (Java 22+)
   */
  record Packed(String field, IrGraph.Param param, int k, int n, boolean transposed, int width, DType storage,
      boolean offHeap) implements WeightField {
    public int panels() {
      return (n + width - 1) / width;
    }

    @Override
    public long length() {
      return (long) panels() * k * width;
    }

    @Override
    public DType dtype() {
      return storage;
    }
  }

  /**
   * What the kernel of an {@code i8} weight reads per output column: the weight's scales, then the
   * bias if there is one, each zero-padded to {@code padded} ({@code Layout.columns}). Made with the
   * weight's quantization, so {@link #param()} is the weight.
   *
   * @param transposed whether the weight is stored {@code [n, k]} and used as its transpose
   */
  record Columns(String field, IrGraph.Param param, java.util.Optional<IrGraph.Param> bias, int k, int n,
      boolean transposed, int padded) implements WeightField {
    @Override
    public long length() {
      return bias.isPresent() ? 2L * padded : padded;
    }

    @Override
    public DType dtype() {
      return DType.F32;
    }
  }

  /** A bias zero-padded to {@code length}, whole panels of its kernel. */
  record Padded(String field, IrGraph.Param param, int padded) implements WeightField {
    @Override
    public long length() {
      return padded;
    }

    @Override
    public DType dtype() {
      return param.type().dtype();
    }
  }
}
