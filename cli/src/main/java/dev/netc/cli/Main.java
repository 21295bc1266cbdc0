package dev.netc.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code netc} command. Each verb is a thin adapter over the compiler API. */
@Command(
    name = "netc",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Compiles .nn network specs into shape-checked, specialized Java.",
    subcommands = {CheckCommand.class, ImportCommand.class, CompileCommand.class, RunCommand.class, GraphCommand.class,
        ExplainCommand.class, LspCommand.class, PlaygroundCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  /** Exit status for a failure of netc itself, from sysexits.h (EX_SOFTWARE). */
  public static final int EXIT_INTERNAL = 70;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. `netc check net.nn`");
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs netc with these arguments and streams; returns the exit status. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      err.println("netc: internal error: " + e);
      for (StackTraceElement frame : e.getStackTrace()) {
        err.println("    at " + frame);
      }
      err.println("this is a bug in netc: please report it with the command and the spec that trigger it");
      return EXIT_INTERNAL;
    });
    return cli.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"netc " + (v == null ? "(development build)" : v)};
    }
  }
}
