package dev.netc.cli;

import dev.netc.lsp.NetcLanguageServer;
import dev.netc.lsp.ServerOptions;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code netc lsp}: the language server, for editors. It speaks JSON-RPC over
 * standard input and output until the editor sends {@code exit} or closes its
 * input; docs/editors.md tells how each editor starts it.
 */
@Command(
    name = "lsp",
    mixinStandardHelpOptions = true,
    description = "Runs the netc language server over standard input and output, for editors (see docs/editors.md).")
final class LspCommand implements Callable<Integer> {
  @Option(names = "--debounce", paramLabel = "MS", defaultValue = "150",
      description = "How long typing must pause before an edit is checked, in milliseconds (default: ${DEFAULT-VALUE}).")
  long debounceMillis;

  @Override
  public Integer call() throws InterruptedException {
    // Standard output carries the protocol alone: one stray line would corrupt it, so
    // anything else printed there (a library's chatter, a forgotten println) goes to standard error.
    OutputStream protocol = new FileOutputStream(FileDescriptor.out);
    System.setOut(System.err);
    ServerOptions options = new ServerOptions(debounceMillis, ServerOptions.DEFAULT.requestWaitMillis());
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Future<Void> listening = NetcLanguageServer.launch(System.in, protocol, options, exit::complete);
    Thread inputEnded = new Thread(() -> {
      try {
        listening.get();
      } catch (InterruptedException | ExecutionException e) {
        // Either way the conversation is over.
      }
      // An editor that closes the pipe without `exit` has gone away: status 1, as the protocol says.
      exit.complete(1);
    }, "netc-lsp-input");
    inputEnded.setDaemon(true);
    inputEnded.start();
    try {
      return exit.get();
    } catch (ExecutionException e) {
      return Main.EXIT_INTERNAL;
    }
  }
}
