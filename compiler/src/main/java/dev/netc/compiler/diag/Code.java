package dev.netc.compiler.diag;

import java.util.Locale;

/**
 * The catalogue of every diagnostic netc reports: a stable code, a severity
 * and a message template. Codes never change meaning once released; a
 * retired code is not reused. {@code netc explain CODE} prints the long form
 * kept in {@code explanations.md} beside this class.
 *
 * <p>Numbering: NN00xx internal, NN01xx input and syntax, NN02xx names, arguments and
 * declarations, NN03xx shapes and sizes, NN04xx values and weights files. Every code has one
 * meaning and a message template that says it; {@code docs/diagnostics.md} lists the codes
 * that were split out of broader ones, so an old code still finds its explanation.
 */
public enum Code {
  INTERNAL("NN0000", Severity.ERROR, "internal compiler error: %s"),

  SYNTAX("NN0100", Severity.ERROR, "expected %s, found %s"),
  UNEXPECTED_CHARACTER("NN0101", Severity.ERROR, "unexpected character `%s`"),
  UNTERMINATED("NN0102", Severity.ERROR, "unterminated %s"),
  TOO_DEEP("NN0103", Severity.ERROR, "nesting is too deep: more than %d levels"),
  NOT_TEXT("NN0104", Severity.ERROR, "not a text file: %s"),
  TOO_LARGE("NN0105", Severity.ERROR, "spec is too large: %s, the limit is %s"),
  NO_NETWORK("NN0106", Severity.ERROR, "no network in this file"),
  TOO_MANY_ERRORS("NN0107", Severity.NOTE, "too many syntax errors: stopped after %d"),
  BAD_NUMBER("NN0108", Severity.ERROR, "`%s` is not a valid number: %s"),
  UNREADABLE("NN0109", Severity.ERROR, "cannot read `%s`: %s"),
  UNEXPECTED_TOKEN("NN0110", Severity.ERROR, "unexpected %s%s"),
  MISSING_TOKEN("NN0111", Severity.ERROR, "missing %s before %s"),

  UNKNOWN_NAME("NN0200", Severity.ERROR, "unknown name `%s`"),
  DUPLICATE_NAME("NN0201", Severity.ERROR, "`%s` is already defined"),
  UNKNOWN_OPERATION("NN0202", Severity.ERROR, "unknown operation `%s`"),
  UNKNOWN_ARGUMENT("NN0203", Severity.ERROR, "`%s` has no argument `%s`"),
  UNKNOWN_DIM("NN0204", Severity.ERROR, "unknown dimension `%s`"),
  UNSUPPORTED_DTYPE("NN0205", Severity.ERROR, "element type `%s` is not supported yet"),
  NO_OUTPUT("NN0206", Severity.ERROR, "network `%s` has no output"),
  UNUSED("NN0207", Severity.WARNING, "%s `%s` is never used"),
  BAD_OPTION("NN0208", Severity.ERROR, "`%s` must be one of %s%s"),
  DUPLICATE_NETWORK("NN0209", Severity.ERROR, "network `%s` is already defined"),
  NO_VALUES("NN0210", Severity.ERROR, "parameter `%s` has no values"),
  NOT_CONSTANT("NN0211", Severity.ERROR, "%s must be a constant"),
  USED_BEFORE_DEFINED("NN0212", Severity.ERROR, "`%s` is used before it is defined"),
  WRONG_KIND("NN0213", Severity.ERROR, "`%s` is %s, not %s"),
  DUPLICATE_WEIGHTS("NN0214", Severity.ERROR, "network `%s` already names a weights file"),
  UNKNOWN_ATTRIBUTE("NN0215", Severity.ERROR, "unknown attribute `.%s`"),
  POSITIONAL_AFTER_NAMED("NN0216", Severity.ERROR, "a positional argument follows a named one"),
  TOO_MANY_ARGUMENTS("NN0217", Severity.ERROR, "`%s` takes at most %d argument%s, found %d"),
  DUPLICATE_ARGUMENT("NN0218", Severity.ERROR, "argument `%s` is given twice"),
  MISSING_ARGUMENT("NN0219", Severity.ERROR, "`%s` is missing %s"),
  UNKNOWN_DTYPE("NN0220", Severity.ERROR, "unknown element type `%s`"),
  JAVA_KEYWORD("NN0221", Severity.ERROR, "network name `%s` is a Java keyword and cannot name the generated class"),
  CLASS_CLASH("NN0222", Severity.ERROR, "network `%s` would be generated as %s, which %s already generates"),
  ELEMENT_TYPE("NN0223", Severity.ERROR, "%s needs %s, but `%s` is %s"),
  COMPRESSED_WEIGHT_USE("NN0224", Severity.ERROR, "`%s` is stored as %s, which only a matmul's weight can be"),

  MATMUL_INNER("NN0300", Severity.ERROR, "matmul inner dimensions differ: %s @ %s"),
  MATMUL_SCALAR("NN0301", Severity.ERROR, "`@` needs operands of rank 1 or more, found %s"),
  BROADCAST("NN0302", Severity.ERROR, "shapes %s and %s cannot be broadcast together"),
  BATCH_FIXED("NN0303", Severity.ERROR, "%s and %s only fit when %s = %s"),
  OUTER_BROADCAST("NN0304", Severity.WARNING, "`%s` broadcasts %s and %s to %s, larger than both"),
  RESHAPE_COUNT("NN0305", Severity.ERROR, "cannot reshape %s (%s elements) into %s"),
  RESHAPE_BATCH("NN0306", Severity.ERROR, "%s moves elements across the batch axis `%s`"),
  BAD_AXES("NN0307", Severity.ERROR, "transpose axes %s are not a permutation of the axes 0 to %d"),
  CONCAT("NN0308", Severity.ERROR, "cannot concatenate %s and %s along axis %d"),
  SLICE("NN0309", Severity.ERROR, "slice `%s` is empty or out of range for axis %d of size %d"),
  AXIS("NN0310", Severity.ERROR, "axis %d is out of range for a tensor of rank %d"),
  LAYERNORM("NN0311", Severity.ERROR, "layernorm %s has shape %s, but the normalized axis has size %s"),
  ATTENTION("NN0312", Severity.ERROR, "attention %s"),
  MSE("NN0313", Severity.ERROR, "mse compares tensors of one shape, found %s and %s"),
  AMBIGUOUS_PRODUCT("NN0314", Severity.WARNING, "`*` multiplies %s and %s element-wise, but `@` fits them too"),
  LINEAR_COLLAPSE("NN0315", Severity.NOTE, "%s and %s collapse into one linear map"),
  RANK("NN0316", Severity.ERROR, "%s needs %s, found %s"),
  SIZE_NOT_WHOLE("NN0317", Severity.ERROR, "a size must be a whole number, found %s"),
  DYNAMIC_PARAM("NN0318", Severity.ERROR, "parameter `%s` must have a fixed shape, but `%s` is a run-time dimension"),
  TRANSPOSE_RANK("NN0319", Severity.ERROR, "transpose needs %d axes for a tensor of rank %d, found %d"),
  INDEX_RANGE("NN0320", Severity.ERROR, "index %d is out of range for axis %d of size %d"),
  RUNTIME_AXIS_SLICE("NN0321", Severity.ERROR, "axis %d is the run-time size %s and can only be taken whole"),
  TOO_MANY_INDICES("NN0322", Severity.ERROR, "too many indices: %d for a tensor of rank %d"),
  SIZE_TOO_SMALL("NN0323", Severity.ERROR, "%s must be at least 1, found %s"),
  SIZE_NOT_DIVISIBLE("NN0324", Severity.ERROR, "%s / %s is not a whole size"),
  RUNTIME_SIZE_SUM("NN0325", Severity.ERROR, "run-time sizes can be multiplied but not added: `%s`"),
  NOT_A_SIZE("NN0326", Severity.ERROR, "`%s` is not a size"),
  SIZE_OVERFLOW("NN0327", Severity.ERROR, "size `%s` overflows a 64-bit integer"),
  DIM_NOT_FIXED("NN0328", Severity.ERROR, "a `dim` must be a fixed size, found %s"),
  RESHAPE_INFERRED_TWICE("NN0329", Severity.ERROR, "only one size of a reshape may be -1"),
  RUNTIME_SLICE_START("NN0330", Severity.ERROR, "a slice that ends at the run-time size %s must start at 0, found %d"),
  REPEATED_AXIS("NN0340", Severity.ERROR, "`%s` names axis %d twice"),
  SOFTMAX_OF_ONE("NN0341", Severity.WARNING, "`%s` over axis %d, of size 1, is always %s"),
  SOFTMAX_TWICE("NN0342", Severity.WARNING, "softmax of a softmax"),
  LOSS_TARGET("NN0345", Severity.ERROR, "`%s` takes %s, but `%s` is %s"),
  LOSS_OF_PROBABILITIES("NN0346", Severity.WARNING, "`%s` takes logits, but `%s` is already a softmax"),
  OUTPUT_TYPE("NN0344", Severity.ERROR, "`%s` is declared %s, but computes %s"),
  HEADS_RESHAPED("NN0343", Severity.WARNING, "reshaping `%s` to %s mixes heads and positions"),

  LITERAL_COUNT("NN0400", Severity.ERROR, "literal holds %s, but `%s` is declared %s"),
  LITERAL_RAGGED("NN0401", Severity.ERROR, "ragged literal: %s"),
  WEIGHTS_SHAPE("NN0402", Severity.ERROR, "`%s` is declared %s, but the weights file holds %s"),
  WEIGHTS_MISSING("NN0403", Severity.ERROR, "the weights file has no tensor `%s`"),
  WEIGHTS_UNREADABLE("NN0404", Severity.ERROR, "cannot read weights file: %s"),
  WEIGHTS_NOT_FOUND("NN0405", Severity.WARNING, "weights file `%s` not found: parameter shapes are not checked against it"),
  NOT_A_TENSOR("NN0406", Severity.ERROR, "a %s is not a tensor"),
  EXPECTED_LIST("NN0407", Severity.ERROR, "%s must be a list, e.g. `%s`"),
  NOT_WHOLE("NN0408", Severity.ERROR, "%s must be a whole number, found %s"),
  VALUE_RANGE("NN0409", Severity.ERROR, "%s must be %s, found %s"),
  EXPECTED_STRING("NN0410", Severity.ERROR, "`%s` must be a string, e.g. `%s`"),
  WEIGHTS_DTYPE("NN0411", Severity.ERROR, "`%s` is declared %s, but the weights file holds %s values");

  private final String id;
  private final Severity severity;
  private final String template;

  Code(String id, Severity severity, String template) {
    this.id = id;
    this.severity = severity;
    this.template = template;
  }

  /** The stable id, e.g. {@code NN0300}. */
  public String id() {
    return id;
  }

  public Severity severity() {
    return severity;
  }

  public String template() {
    return template;
  }

  /** The message, from this code's template and its arguments. */
  public String format(Object... args) {
    return String.format(Locale.ROOT, template, args);
  }

  /** The code with this id ({@code NN0300}, case-insensitive), or null. */
  public static Code byId(String id) {
    for (Code code : values()) {
      if (code.id.equalsIgnoreCase(id.trim())) {
        return code;
      }
    }
    return null;
  }
}
