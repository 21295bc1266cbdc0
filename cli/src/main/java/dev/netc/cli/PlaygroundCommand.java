package dev.netc.cli;

import dev.netc.playground.Limits;
import dev.netc.playground.PlaygroundServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code netc playground}: a local web page that checks a spec as it is typed and shows its
 * diagnostics, shapes, summary, graph, generated Java and output. It serves until interrupted.
 */
@Command(
    name = "playground",
    mixinStandardHelpOptions = true,
    description = {"Serves a web page that checks, compiles and runs a spec as you type it (see docs/playground.md).",
        "It runs until interrupted (Ctrl-C)."})
final class PlaygroundCommand implements Callable<Integer> {
  @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + PlaygroundServer.DEFAULT_PORT,
      description = "The port to listen on; 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine alone). The page compiles "
          + "and runs what it is sent: serve it to other machines only on a network you trust.")
  String host;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--port " + port + ": a port is 0 to 65535");
    }
    PlaygroundServer server;
    try {
      server = PlaygroundServer.start(host, port, Limits.defaults());
    } catch (IOException e) {
      spec.commandLine().getErr().println("netc: cannot listen on " + host + ":" + port + ": " + e.getMessage());
      return 1;
    }
    out.println("netc playground: open " + server.uri() + " (Ctrl-C to stop)");
    out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "netc-playground-stop"));
    new CountDownLatch(1).await();
    return 0;
  }
}
