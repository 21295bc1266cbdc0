package dev.netc.runtime.weights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A weight file that cannot be read as what it claims to be: truncated, malformed, lying about its
 * sizes, or holding a tensor netc cannot load.
 *
 * <p>The message reads {@code FILE: tensor "NAME": PROBLEM}, or {@code FILE: PROBLEM} when no
 * single tensor is at fault, where the problem says what is wrong and what was expected. The parts
 * are also available separately for tools that show them in their own way.
 *
 * <p>Plain I/O failures (a missing file, a permission error) are reported as the underlying {@link
 * IOException}, not as this type.
 */
public final class WeightFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String tensor;
  private final String problem;

  /**
   * @param file the weight file
   * @param tensor the tensor at fault, or null when the problem is not about one tensor
   * @param problem what is wrong and what was expected, lowercase, without the file name
   */
  public WeightFileException(Path file, String tensor, String problem) {
    this(file, tensor, problem, null);
  }

  /**
   * @param file the weight file
   * @param tensor the tensor at fault, or null when the problem is not about one tensor
   * @param problem what is wrong and what was expected, lowercase, without the file name
   * @param cause the lower-level failure, or null
   */
  public WeightFileException(Path file, String tensor, String problem, Throwable cause) {
    super(format(Objects.requireNonNull(file, "file"), tensor, problem), cause);
    this.file = file.toString();
    this.tensor = tensor;
    this.problem = problem;
  }

  /** The weight file, as given when it was opened. */
  public Path file() {
    return Path.of(file);
  }

  /** The tensor at fault, when the problem concerns one tensor. */
  public Optional<String> tensor() {
    return Optional.ofNullable(tensor);
  }

  /** The message without the file and tensor prefix. */
  public String problem() {
    return problem;
  }

  private static String format(Path file, String tensor, String problem) {
    String where = tensor == null ? file + ": " : file + ": tensor " + Names.quote(tensor) + ": ";
    return where + problem;
  }
}
