package dev.netc.compiler.passes;

/** A small dense row-major matrix in double, for folding parameters at compile time. */
record Matrix(long rows, long cols, double[] values) {
  Matrix {
    if (rows * cols != values.length) {
      throw new IllegalArgumentException(rows + "x" + cols + " matrix with " + values.length + " values");
    }
  }

  double at(long r, long c) {
    return values[(int) (r * cols + c)];
  }

  Matrix times(Matrix o) {
    if (cols != o.rows) {
      throw new IllegalArgumentException(rows + "x" + cols + " @ " + o.rows + "x" + o.cols);
    }
    double[] out = new double[Math.toIntExact(rows * o.cols)];
    for (long i = 0; i < rows; i++) {
      for (long k = 0; k < cols; k++) {
        double a = at(i, k);
        for (long j = 0; j < o.cols; j++) {
          out[(int) (i * o.cols + j)] += a * o.at(k, j);
        }
      }
    }
    return new Matrix(rows, o.cols, out);
  }

  Matrix transposed() {
    double[] out = new double[values.length];
    for (long i = 0; i < rows; i++) {
      for (long j = 0; j < cols; j++) {
        out[(int) (j * rows + i)] = at(i, j);
      }
    }
    return new Matrix(cols, rows, out);
  }

  Matrix scaled(double s) {
    double[] out = values.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] *= s;
    }
    return new Matrix(rows, cols, out);
  }

  Matrix plus(Matrix o) {
    double[] out = values.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += o.values[i];
    }
    return new Matrix(rows, cols, out);
  }

  /** The values rounded to f32, as an inline parameter holds them. */
  float[] toFloats() {
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
