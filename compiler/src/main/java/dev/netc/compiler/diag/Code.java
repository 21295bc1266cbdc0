package dev.netc.compiler.diag;

import java.util.Locale;

/**
 * The catalogue of every diagnostic netc reports: a stable code, a severity
 * and a message template. Codes never change meaning once released; a
 * retired code is not reused. {@code netc explain CODE} prints the long form
 * kept in {@code explanations.md} beside this class.
 *
 * <p>Numbering: NN00xx internal, NN01xx input and syntax, NN02xx names and
 * declarations, NN03xx shapes, NN04xx values and weights files.
 */
public enum Code {
  INTERNAL("NN0000", Severity.ERROR, "internal compiler error: %s"),

  SYNTAX("NN0100", Severity.ERROR, "%s"),
  UNEXPECTED_CHARACTER("NN0101", Severity.ERROR, "unexpected character `%s`"),
  UNTERMINATED("NN0102", Severity.ERROR, "unterminated %s"),
  TOO_DEEP("NN0103", Severity.ERROR, "nesting is too deep: more than %d levels"),
  NOT_TEXT("NN0104", Severity.ERROR, "not a text file: %s"),
  TOO_LARGE("NN0105", Severity.ERROR, "spec is too large: %s, the limit is %s"),
  NO_NETWORK("NN0106", Severity.ERROR, "no network in this file"),
  TOO_MANY_ERRORS("NN0107", Severity.NOTE, "too many syntax errors: stopped after %d"),
  BAD_NUMBER("NN0108", Severity.ERROR, "`%s` is not a valid number: %s"),
  UNREADABLE("NN0109", Severity.ERROR, "cannot read `%s`: %s"),

  UNKNOWN_NAME("NN0200", Severity.ERROR, "unknown name `%s`"),
  DUPLICATE_NAME("NN0201", Severity.ERROR, "`%s` is already defined"),
  UNKNOWN_OPERATION("NN0202", Severity.ERROR, "unknown operation `%s`"),
  BAD_ARGUMENTS("NN0203", Severity.ERROR, "%s"),
  UNKNOWN_DIM("NN0204", Severity.ERROR, "unknown dimension `%s`"),
  UNSUPPORTED_DTYPE("NN0205", Severity.ERROR, "element type `%s` is not supported yet"),
  NO_OUTPUT("NN0206", Severity.ERROR, "network `%s` has no output"),
  UNUSED("NN0207", Severity.WARNING, "%s `%s` is never used"),
  BAD_VALUE("NN0208", Severity.ERROR, "%s"),
  DUPLICATE_NETWORK("NN0209", Severity.ERROR, "network `%s` is already defined"),
  NO_VALUES("NN0210", Severity.ERROR, "parameter `%s` has no values"),
  NOT_CONSTANT("NN0211", Severity.ERROR, "%s must be a constant"),
  USED_BEFORE_DEFINED("NN0212", Severity.ERROR, "`%s` is used before it is defined"),
  WRONG_KIND("NN0213", Severity.ERROR, "`%s` is %s, not %s"),
  DUPLICATE_WEIGHTS("NN0214", Severity.ERROR, "network `%s` already names a weights file"),
  UNKNOWN_ATTRIBUTE("NN0215", Severity.ERROR, "unknown attribute `.%s`"),

  MATMUL_INNER("NN0300", Severity.ERROR, "matmul inner dimensions differ: %s @ %s"),
  MATMUL_SCALAR("NN0301", Severity.ERROR, "`@` needs operands of rank 1 or more, found %s"),
  BROADCAST("NN0302", Severity.ERROR, "shapes %s and %s cannot be broadcast together"),
  BATCH_FIXED("NN0303", Severity.ERROR, "%s and %s only fit when %s = %s"),
  OUTER_BROADCAST("NN0304", Severity.WARNING, "`%s` broadcasts %s and %s to %s, larger than both"),
  RESHAPE_COUNT("NN0305", Severity.ERROR, "cannot reshape %s (%s elements) into %s"),
  RESHAPE_BATCH("NN0306", Severity.ERROR, "%s moves elements across the batch axis `%s`"),
  BAD_AXES("NN0307", Severity.ERROR, "%s"),
  CONCAT("NN0308", Severity.ERROR, "cannot concatenate %s and %s along axis %d"),
  SLICE("NN0309", Severity.ERROR, "%s"),
  AXIS("NN0310", Severity.ERROR, "axis %d is out of range for a tensor of rank %d"),
  LAYERNORM("NN0311", Severity.ERROR, "layernorm %s has shape %s, but the normalized axis has size %s"),
  ATTENTION("NN0312", Severity.ERROR, "attention %s"),
  MSE("NN0313", Severity.ERROR, "mse compares tensors of one shape, found %s and %s"),
  AMBIGUOUS_PRODUCT("NN0314", Severity.WARNING, "`*` multiplies %s and %s element-wise, but `@` fits them too"),
  LINEAR_COLLAPSE("NN0315", Severity.NOTE, "%s and %s collapse into one linear map"),
  RANK("NN0316", Severity.ERROR, "%s needs %s, found %s"),
  BAD_DIM("NN0317", Severity.ERROR, "%s"),
  DYNAMIC_PARAM("NN0318", Severity.ERROR, "parameter `%s` must have a fixed shape, but `%s` is a run-time dimension"),

  LITERAL_COUNT("NN0400", Severity.ERROR, "literal holds %s, but `%s` is declared %s"),
  LITERAL_RAGGED("NN0401", Severity.ERROR, "ragged literal: %s"),
  WEIGHTS_SHAPE("NN0402", Severity.ERROR, "`%s` is declared %s, but the weights file holds %s"),
  WEIGHTS_MISSING("NN0403", Severity.ERROR, "the weights file has no tensor `%s`"),
  WEIGHTS_UNREADABLE("NN0404", Severity.ERROR, "cannot read weights file: %s"),
  WEIGHTS_NOT_FOUND("NN0405", Severity.WARNING, "weights file `%s` not found: parameter shapes are not checked against it");

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
