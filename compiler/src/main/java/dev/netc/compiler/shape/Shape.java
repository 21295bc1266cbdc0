package dev.netc.compiler.shape;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** The sizes of a tensor's axes, outermost first; rank 0 is a scalar. */
public record Shape(List<Dim> dims) {
  public Shape {
    dims = List.copyOf(dims);
  }

  public static final Shape SCALAR = new Shape(List.of());

  public static Shape of(long... sizes) {
    List<Dim> dims = new ArrayList<>();
    for (long s : sizes) {
      dims.add(Dim.of(s));
    }
    return new Shape(dims);
  }

  public int rank() {
    return dims.size();
  }

  /** The axis {@code i}, counting from the end when negative ({@code -1} is the last). */
  public Dim dim(int i) {
    return dims.get(i < 0 ? dims.size() + i : i);
  }

  /** The number of elements, as a product of dimensions. */
  public Dim elementCount() {
    return Dim.product(dims);
  }

  public boolean isFixed() {
    return dims.stream().allMatch(Dim::isFixed);
  }

  public Shape map(UnaryOperator<Dim> f) {
    return new Shape(dims.stream().map(f).toList());
  }

  public Shape with(int axis, Dim dim) {
    List<Dim> copy = new ArrayList<>(dims);
    copy.set(axis < 0 ? dims.size() + axis : axis, dim);
    return new Shape(copy);
  }

  /** This shape with its last two axes swapped. */
  public Shape transposedLastTwo() {
    List<Dim> copy = new ArrayList<>(dims);
    int n = copy.size();
    Dim last = copy.get(n - 1);
    copy.set(n - 1, copy.get(n - 2));
    copy.set(n - 2, last);
    return new Shape(copy);
  }

  /** {@code [N, 784]}, with named sizes by name. */
  @Override
  public String toString() {
    return dims.stream().map(Dim::toString).collect(Collectors.joining(", ", "[", "]"));
  }

  /** {@code [N, 256]}: every fixed size as its number. */
  public String valueText() {
    return dims.stream().map(Dim::valueText).collect(Collectors.joining(", ", "[", "]"));
  }
}
