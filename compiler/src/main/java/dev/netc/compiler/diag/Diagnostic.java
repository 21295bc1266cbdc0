package dev.netc.compiler.diag;

import dev.netc.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One problem found in a spec: its code, where it is, the shapes involved (in
 * the message and the primary label), where a conflicting dimension came from
 * (the secondary labels), notes such as symbol bindings, and an optional fix.
 *
 * @param label what the primary span is, shown beside the caret; may be empty
 */
public record Diagnostic(
    Code code,
    Severity severity,
    String message,
    Span span,
    String label,
    List<Label> related,
    List<String> notes,
    List<Fix> fixes) {

  public Diagnostic {
    Objects.requireNonNull(code);
    Objects.requireNonNull(severity);
    Objects.requireNonNull(message);
    Objects.requireNonNull(span);
    label = label == null ? "" : label;
    related = List.copyOf(related);
    notes = List.copyOf(notes);
    fixes = List.copyOf(fixes);
  }

  /** A builder for a diagnostic of {@code code} at {@code span}, its message from the code's template. */
  public static Builder of(Code code, Span span, Object... args) {
    return new Builder(code, span, code.format(args));
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** Builds a {@link Diagnostic}; the severity defaults to the code's. */
  public static final class Builder {
    private final Code code;
    private final Span span;
    private final String message;
    private Severity severity;
    private String label = "";
    private final List<Label> related = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Fix> fixes = new ArrayList<>();

    private Builder(Code code, Span span, String message) {
      this.code = code;
      this.span = span;
      this.message = message;
      this.severity = code.severity();
    }

    public Builder severity(Severity severity) {
      this.severity = severity;
      return this;
    }

    public Builder label(String label) {
      this.label = label;
      return this;
    }

    public Builder related(Span span, String message) {
      if (span != null) {
        related.add(new Label(span, message));
      }
      return this;
    }

    public Builder note(String note) {
      if (note != null && !note.isEmpty()) {
        notes.add(note);
      }
      return this;
    }

    public Builder fix(Fix fix) {
      fixes.add(fix);
      return this;
    }

    public Builder help(String advice) {
      return fix(Fix.advice(advice));
    }

    public Diagnostic build() {
      return new Diagnostic(code, severity, message, span, label, related, notes, fixes);
    }
  }
}
