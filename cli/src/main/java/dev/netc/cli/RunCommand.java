package dev.netc.cli;

import dev.netc.compiler.CompileOptions;
import dev.netc.compiler.CompileRequest;
import dev.netc.compiler.CompileResult;
import dev.netc.compiler.CompiledNetwork;
import dev.netc.compiler.Compiler;
import dev.netc.compiler.emit.NetworkRunner;
import dev.netc.compiler.interp.Interpreter;
import dev.netc.compiler.interp.RuntimeDims;
import dev.netc.compiler.interp.Tensor;
import dev.netc.compiler.ir.IrGraph;
import dev.netc.runtime.DType;
import dev.netc.runtime.VectorSupport;
import dev.netc.runtime.weights.NpyWriter;
import dev.netc.runtime.weights.TensorInfo;
import dev.netc.runtime.weights.WeightFile;
import dev.netc.runtime.weights.WeightFileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code netc run FILE --input x=x.npy}: compiles the network in memory (or,
 * with {@code --interpret}, evaluates it with the reference interpreter), runs
 * it on the given arrays, and prints or saves the outputs.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {"Runs a network on .npy inputs without a build: compiled in memory, or interpreted.",
        "Exit status: 0 ran, 1 errors in the spec or the inputs, 2 usage error, 70 internal error."})
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE",
      description = "The .nn spec, or an .onnx model (imported first, as netc import would).")
  Path file;

  @Option(names = {"-i", "--input"}, paramLabel = "NAME=FILE.npy",
      description = "An input of the network and the .npy file that holds it; one per input.")
  Map<String, Path> inputs = new LinkedHashMap<>();

  @Option(names = {"-o", "--output"}, paramLabel = "[NAME=]FILE.npy",
      description = "Save an output as .npy instead of printing it; NAME= may be left out for a single output.")
  List<String> outputs = new ArrayList<>();

  @Option(names = "--network", paramLabel = "NAME", description = "Which network of the file, when it has several.")
  String network;

  @Option(names = "--interpret", description = "Evaluate with the reference interpreter (double precision) instead of compiling.")
  boolean interpret;

  @CommandLine.Mixin DiagnosticOptions diagnosticOptions;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    CommandLine cli = spec.commandLine();
    try (Specs specs = Specs.of(List.of(file), cli.getErr())) {
      if (specs == null) {
        return 1;
      }
      CompileResult compiled = Compiler.compile(new CompileRequest(specs.sources(), runOptions()));
      int status = diagnosticOptions.report(compiled.checks(), cli);
      if (status != 0) {
        specs.keep(cli.getErr());
        return status;
      }
      return run(compiled, cli);
    }
  }

  private int run(CompileResult compiled, CommandLine cli) throws Exception {
    CompiledNetwork network = choose(compiled.networks(), cli);
    IrGraph ir = network.stages().get(0).graph();
    Map<String, Tensor> given = new LinkedHashMap<>();
    for (Map.Entry<String, Path> in : inputs.entrySet()) {
      Optional<IrGraph.Input> declared = ir.inputs().stream().filter(i -> i.name().equals(in.getKey())).findFirst();
      DType dtype = declared.map(i -> i.type().dtype()).orElse(DType.F32);
      Tensor t = readNpy(in.getValue(), dtype, declared.map(i -> i.name() + ": " + i.type()).orElse(in.getKey()), cli);
      if (t == null) {
        return 1;
      }
      given.put(in.getKey(), t);
    }
    try {
      RuntimeDims.bind(ir.inputs(), given);
    } catch (IllegalArgumentException e) {
      cli.getErr().println("netc: " + e.getMessage());
      return 1;
    }
    Map<String, Tensor> results;
    try {
      results = interpret ? Interpreter.run(ir, given) : compiled(network, given, cli);
    } catch (IllegalArgumentException e) {
      // What forward and the interpreter say of their inputs' values, such as an id outside its table.
      cli.getErr().println("netc: " + e.getMessage());
      return 1;
    }
    if (results == null) {
      return 2;
    }
    Map<String, DType> types = new LinkedHashMap<>();
    ir.outputs().forEach(o -> types.put(o.name(), ir.node(o.node()).dtype()));
    return report(results, types, cli);
  }

  /**
   * Code for this JVM, compiled by its own javac: the release it runs, and the vector width this
   * machine prefers when the Vector API is there (without it, only {@code --interpret} runs).
   */
  private static CompileOptions runOptions() {
    CompileOptions.Builder options = CompileOptions.builder()
        .packageName("netc.run")
        .release(Math.max(CompileOptions.MIN_RELEASE, Runtime.version().feature()));
    if (VectorSupport.available()) {
      int bits = VectorSupport.preferredBits();
      options.vectorBits(bits >= 512 ? 512 : bits >= 256 ? 256 : 128);
    }
    return options.build();
  }

  private CompiledNetwork choose(List<CompiledNetwork> networks, CommandLine cli) {
    List<String> names = networks.stream().map(n -> n.graph().name()).toList();
    if (network == null) {
      if (networks.size() > 1) {
        throw new CommandLine.ParameterException(cli, file + " holds several networks (" + String.join(", ", names)
            + "): choose one with --network NAME");
      }
      return networks.get(0);
    }
    return networks.stream().filter(n -> n.graph().name().equals(network)).findFirst().orElseThrow(() ->
        new CommandLine.ParameterException(cli, "no network `" + network + "` in " + file + "; it holds "
            + String.join(", ", names)));
  }

  /**
   * The array of {@code path} as the input {@code declared} (its name and type) takes it; null after
   * saying why not, when an integer input is given floating-point values.
   */
  private Tensor readNpy(Path path, DType dtype, String declared, CommandLine cli) throws IOException {
    try (WeightFile f = WeightFile.open(path)) {
      if (f.tensors().size() != 1) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            path + " holds " + f.tensors().size() + " arrays; an input is one .npy array");
      }
      TensorInfo t = f.tensors().get(0);
      if (dtype.isFloatingPoint() != t.dtype().isFloatingPoint()) {
        String numpy = switch (dtype) {
          case I64 -> "int64";
          case I32 -> "int32";
          default -> "float32";
        };
        cli.getErr().println("netc: input " + declared + " takes " + (dtype.isFloatingPoint() ? "floats" : "integers")
            + ", but " + path + " holds " + t.dtype() + " values; save it as " + numpy + ", e.g. np.save(\""
            + path.getFileName() + "\", x.astype(np." + numpy + "))");
        return null;
      }
      return NetworkRunner.input(f, t, dtype);
    } catch (WeightFileException e) {
      cli.getErr().println("netc: input " + declared + ": " + e.getMessage());
      return null;
    }
  }

  /** Compiles the network in memory and calls its {@code forward}; null when this JVM cannot run kernels. */
  private Map<String, Tensor> compiled(CompiledNetwork network, Map<String, Tensor> given, CommandLine cli)
      throws Exception {
    if (!VectorSupport.available()) {
      cli.getErr().println("netc: running compiled code needs the Vector API: start java with " + VectorSupport.FLAG
          + " (the ./netc launcher does), or use --interpret");
      return null;
    }
    if (System.getProperty("netc.warmup") == null) {
      // One forward pass: driving every kernel through the JIT first would take longer than it.
      System.setProperty("netc.warmup", "false");
    }
    return NetworkRunner.run(network, given, RunCommand.class.getClassLoader());
  }

  private int report(Map<String, Tensor> results, Map<String, DType> types, CommandLine cli) throws IOException {
    PrintWriter out = cli.getOut();
    Map<String, Path> targets = new LinkedHashMap<>();
    for (String o : outputs) {
      int eq = o.indexOf('=');
      if (eq < 0) {
        if (results.size() != 1) {
          throw new CommandLine.ParameterException(cli, "the network has " + results.size()
              + " outputs; name the one to save: --output NAME=FILE.npy");
        }
        targets.put(results.keySet().iterator().next(), Path.of(o));
      } else {
        String name = o.substring(0, eq);
        if (!results.containsKey(name)) {
          throw new CommandLine.ParameterException(cli, "no output `" + name + "`; the outputs are "
              + String.join(", ", results.keySet()));
        }
        targets.put(name, Path.of(o.substring(eq + 1)));
      }
    }
    for (Map.Entry<String, Tensor> r : results.entrySet()) {
      Tensor t = r.getValue();
      Path target = targets.get(r.getKey());
      DType dtype = types.getOrDefault(r.getKey(), DType.F32);
      if (target != null) {
        switch (dtype) {
          case I64 -> NpyWriter.write(target, Arrays.stream(t.data()).mapToLong(v -> (long) v).toArray(), t.shape());
          case I32 -> NpyWriter.write(target, Arrays.stream(t.data()).mapToInt(v -> (int) v).toArray(), t.shape());
          default -> NpyWriter.write(target, t.toFloats(), t.shape());
        }
        out.println(r.getKey() + ": " + dtype + t.shapeText() + " written to " + target);
      } else {
        out.println(r.getKey() + ": " + dtype + t.shapeText() + " = " + format(t));
      }
    }
    return 0;
  }

  /** NumPy-like nested brackets, with at most 6 entries per axis shown. */
  static String format(Tensor t) {
    StringBuilder s = new StringBuilder();
    format(t, 0, 0, s);
    return s.toString();
  }

  private static void format(Tensor t, int axis, int offset, StringBuilder s) {
    if (axis == t.rank()) {
      s.append(number(t.data()[offset]));
      return;
    }
    int n = (int) t.dim(axis);
    int stride = 1;
    for (int a = axis + 1; a < t.rank(); a++) {
      stride *= (int) t.dim(a);
    }
    s.append('[');
    for (int i = 0; i < n; i++) {
      if (n > 6 && i == 3) {
        s.append("..., ");
        i = n - 3;
      }
      format(t, axis + 1, offset + i * stride, s);
      if (i < n - 1) {
        s.append(", ");
      }
    }
    s.append(']');
  }

  private static String number(double v) {
    String s = String.format(Locale.ROOT, "%.6g", v);
    if (s.contains("e")) {
      return s;
    }
    s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    return s.equals("-0") ? "0" : s;
  }
}
