package dev.netc.onnx.importer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to import: the network's name, and what each symbolic ONNX dimension becomes.
 *
 * @param name the network's name; by default the model file's name in PascalCase
 * @param dims per symbolic ONNX dimension ({@code batch_size}), a fixed size ({@code "1"}) or the
 *     name of the run-time dimension it becomes ({@code "T"}); dimensions not given become
 *     {@code N} (the first), then {@code T}, {@code T2}, ...
 */
public record ImportOptions(Optional<String> name, Map<String, String> dims) {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern SIZE = Pattern.compile("[1-9][0-9]{0,17}");

  public ImportOptions {
    dims = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dims));
    for (Map.Entry<String, String> e : dims.entrySet()) {
      if (!SIZE.matcher(e.getValue()).matches() && !IDENTIFIER.matcher(e.getValue()).matches()) {
        throw new IllegalArgumentException("--dim " + e.getKey() + "=" + e.getValue()
            + ": the value must be a size of at least 1 (--dim " + e.getKey() + "=1) or a name (--dim " + e.getKey()
            + "=T)");
      }
    }
    name.ifPresent(n -> {
      if (!IDENTIFIER.matcher(n).matches()) {
        throw new IllegalArgumentException("--name " + n + ": a network name is a letter or '_' followed by letters,"
            + " digits and '_', such as MiniLm");
      }
    });
  }

  public static ImportOptions defaults() {
    return new ImportOptions(Optional.empty(), Map.of());
  }

  /** Parses {@code NAME=SIZE} or {@code NAME=DIMNAME}, as the command line gives it. */
  public static Map.Entry<String, String> parseDim(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0 || eq == text.length() - 1) {
      throw new IllegalArgumentException("--dim " + text + ": write NAME=SIZE (--dim batch_size=1) or NAME=DIM"
          + " (--dim sequence=T)");
    }
    return Map.entry(text.substring(0, eq).trim(), text.substring(eq + 1).trim());
  }
}
