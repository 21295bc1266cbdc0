package dev.netc.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the last successful generation of one execution did: the settings' fingerprint and, per
 * spec, the inputs it read and the files it produced. It is what makes a build incremental: a
 * spec whose inputs are unchanged is not generated again, and the outputs of a spec that is gone
 * are deleted.
 *
 * <p>Kept as a small line-oriented text file under {@code target/}; every path in it is relative
 * to the project, so a project moved or copied elsewhere stays up to date and never deletes the
 * files of the original. A file that cannot be read as a state is treated as no state at all: every
 * spec is generated again.
 *
 * @param fingerprint {@link GeneratorSettings#fingerprint()} of the generation
 * @param specs by spec name (relative to the project), sorted
 */
record BuildState(String fingerprint, SortedMap<String, SpecRecord> specs) {
  private static final String HEADER = "netc-maven-plugin state 1";

  /**
   * One spec's part of the state.
   *
   * @param inputs the spec itself first, then the weights files its networks name (for an ONNX
   *     model: the external data files it names)
   * @param outputs the files generated from it, relative to the project
   */
  record SpecRecord(List<FileStamp> inputs, List<String> outputs) {
    SpecRecord {
      inputs = List.copyOf(inputs);
      outputs = List.copyOf(outputs);
    }
  }

  BuildState {
    Objects.requireNonNull(fingerprint);
    specs = Collections.unmodifiableSortedMap(new TreeMap<>(specs));
  }

  /** The state before any generation. */
  static BuildState empty() {
    return new BuildState("", new TreeMap<>());
  }

  /** Every output file of every spec. */
  List<String> allOutputs() {
    List<String> all = new ArrayList<>();
    specs.values().forEach(r -> all.addAll(r.outputs()));
    return all;
  }

  /** Reads a state file; a missing or unreadable one is {@link #empty()}. */
  static BuildState read(Path file) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException none) {
      return empty();
    }
    try {
      return parse(lines);
    } catch (RuntimeException malformed) {
      return empty();
    }
  }

  /** The text of the state file: one line per fact, the path last so that it may hold spaces. */
  String format() {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    out.append("fingerprint ").append(fingerprint).append('\n');
    for (Map.Entry<String, SpecRecord> e : specs.entrySet()) {
      out.append("spec ").append(e.getKey()).append('\n');
      for (FileStamp in : e.getValue().inputs()) {
        out.append("input ").append(in.size()).append(' ').append(in.modified()).append(' ')
            .append(in.digest()).append(' ').append(in.path()).append('\n');
      }
      for (String output : e.getValue().outputs()) {
        out.append("output ").append(output).append('\n');
      }
    }
    return out.toString();
  }

  private static BuildState parse(List<String> lines) {
    if (lines.size() < 2 || !lines.get(0).equals(HEADER) || !lines.get(1).startsWith("fingerprint ")) {
      throw new IllegalArgumentException("not a state file");
    }
    String fingerprint = lines.get(1).substring("fingerprint ".length());
    SortedMap<String, SpecRecord> specs = new TreeMap<>();
    String spec = null;
    List<FileStamp> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    for (String line : lines.subList(2, lines.size())) {
      if (line.startsWith("spec ")) {
        if (spec != null) {
          specs.put(spec, new SpecRecord(inputs, outputs));
        }
        spec = line.substring("spec ".length());
        inputs = new ArrayList<>();
        outputs = new ArrayList<>();
      } else if (line.startsWith("input ") && spec != null) {
        String[] parts = line.split(" ", 5);
        inputs.add(new FileStamp(parts[4], Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[3]));
      } else if (line.startsWith("output ") && spec != null) {
        outputs.add(line.substring("output ".length()));
      } else if (!line.isEmpty()) {
        throw new IllegalArgumentException("unexpected line: " + line);
      }
    }
    if (spec != null) {
      specs.put(spec, new SpecRecord(inputs, outputs));
    }
    return new BuildState(fingerprint, specs);
  }
}
