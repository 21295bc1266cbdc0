package dev.netc.lsp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The open documents and their latest checks.
 *
 * <p>Checks run one at a time on a worker thread, never on the thread that
 * reads the protocol, so a slow check (an enormous document) delays no
 * request. An edit is checked once the user pauses for the debounce delay;
 * an edit that arrives before then cancels the check it would have made
 * obsolete. The last edit wins: a check that finishes after a newer edit
 * arrived publishes nothing, since the newer edit's own check is on its way.
 */
public final class Workspace implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Workspace.class.getName());

  /** A request waiting for the check of a document version (or a later one). */
  private record Waiter(int version, CompletableFuture<Analysis> future) {}

  private final Analyzer analyzer;
  private final long debounceMillis;
  /** Receives every analysis that is current when it finishes: its diagnostics are to be published. */
  private final Consumer<Analysis> publish;
  private final ScheduledThreadPoolExecutor worker;
  private final Map<String, Document> documents = new ConcurrentHashMap<>();
  private final Map<String, Analysis> analyses = new ConcurrentHashMap<>();
  private final Map<String, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
  private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();

  public Workspace(Analyzer analyzer, long debounceMillis, Consumer<Analysis> publish) {
    this.analyzer = analyzer;
    this.debounceMillis = debounceMillis;
    this.publish = publish;
    this.worker = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "netc-lsp-check");
      t.setDaemon(true);
      return t;
    });
    worker.setRemoveOnCancelPolicy(true);
  }

  /** A newly opened document is checked at once: the user is looking at it. */
  public void open(Document document) {
    documents.put(document.uri(), document);
    schedule(document.uri(), 0);
  }

  /** An edited document is checked when typing pauses. */
  public void change(Document document) {
    documents.put(document.uri(), document);
    schedule(document.uri(), debounceMillis);
  }

  public void close(String uri) {
    documents.remove(uri);
    analyses.remove(uri);
    ScheduledFuture<?> old = pending.remove(uri);
    if (old != null) {
      old.cancel(false);
    }
    List<Waiter> waiting;
    synchronized (waiters) {
      waiting = waiters.remove(uri);
    }
    if (waiting != null) {
      waiting.forEach(w -> w.future().complete(null));
    }
  }

  /** Checks every open document again, e.g. after a weights file changed on disk. */
  public void recheckAll() {
    documents.keySet().forEach(uri -> schedule(uri, 0));
  }

  public Optional<Document> document(String uri) {
    return Optional.ofNullable(documents.get(uri));
  }

  /** The latest finished check of a document, which may be of an older version than the text. */
  public Optional<Analysis> latest(String uri) {
    return Optional.ofNullable(analyses.get(uri));
  }

  /**
   * The check of the document's current version, once it is done; after {@code waitMillis},
   * the latest check there is instead (or null for a document never checked), so that a
   * request is answered even while an enormous document is still being checked.
   */
  public CompletableFuture<Analysis> current(String uri, long waitMillis) {
    Document document = documents.get(uri);
    Analysis latest = analyses.get(uri);
    if (document == null || (latest != null && latest.version() >= document.version())) {
      return CompletableFuture.completedFuture(latest);
    }
    CompletableFuture<Analysis> future = new CompletableFuture<>();
    synchronized (waiters) {
      waiters.computeIfAbsent(uri, u -> new ArrayList<>()).add(new Waiter(document.version(), future));
    }
    // The check may have finished between the look above and registering.
    Analysis now = analyses.get(uri);
    if (now != null && now.version() >= document.version()) {
      future.complete(now);
    }
    return future.completeOnTimeout(null, waitMillis, TimeUnit.MILLISECONDS)
        .thenApply(a -> a != null ? a : analyses.get(uri));
  }

  private void schedule(String uri, long delayMillis) {
    if (worker.isShutdown()) {
      // After shutdown the protocol allows only exit; a late edit is not worth a check.
      return;
    }
    ScheduledFuture<?> next = worker.schedule(() -> run(uri), delayMillis, TimeUnit.MILLISECONDS);
    ScheduledFuture<?> old = pending.put(uri, next);
    if (old != null) {
      old.cancel(false);
    }
  }

  private void run(String uri) {
    Document document = documents.get(uri);
    if (document == null) {
      return;
    }
    Analysis analysis;
    try {
      analysis = analyzer.analyze(document);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      // The front end turns bad input into diagnostics; this is netc failing. Keep serving the rest.
      LOG.log(Level.SEVERE, "checking " + uri + " failed", e);
      return;
    }
    Document now = documents.get(uri);
    if (now == null) {
      return;
    }
    analyses.merge(uri, analysis, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
    release(uri, analysis);
    if (now.version() == document.version()) {
      publish.accept(analysis);
    }
  }

  /** Completes the requests that waited for this version or an older one. */
  private void release(String uri, Analysis analysis) {
    List<Waiter> ready = new ArrayList<>();
    synchronized (waiters) {
      List<Waiter> waiting = waiters.get(uri);
      if (waiting == null) {
        return;
      }
      waiting.removeIf(w -> w.version() <= analysis.version() && ready.add(w));
      if (waiting.isEmpty()) {
        waiters.remove(uri);
      }
    }
    ready.forEach(w -> w.future().complete(analysis));
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
