package dev.netc.playground;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The playground's HTTP server, the JDK's own ({@code com.sun.net.httpserver}): the page and its
 * scripts, CodeMirror from its WebJar, the samples, and two calls, {@code POST /api/check} and
 * {@code POST /api/run}, each answered from one inline-only compile.
 *
 * <p>Every failure is an HTTP status with a one-line JSON message, {@code {"error": "..."}}: 400
 * for a malformed request, 404, 405, 413 for one too large, 415 for one not sent as JSON, 422 for
 * a spec that cannot run, 503 when busy or out of time. A bug answers 500 with the exception's
 * name; its trace goes to the server's standard error, never to the page.
 */
public final class PlaygroundServer implements AutoCloseable {
  /** The port {@code netc playground} listens on unless told otherwise. */
  public static final int DEFAULT_PORT = 7117;

  /** Checks and runs waiting for a worker beyond this many are turned away. */
  private static final int QUEUE = 8;

  private static final Pattern STATIC_NAME = Pattern.compile("[a-z0-9_-]+\\.(html|js|css)");
  private static final Pattern WEBJAR_PATH = Pattern.compile("(lib|addon|mode)(/[a-z0-9_-]+)*/[a-z0-9_.-]+\\.(js|css)");
  private static final Pattern SAMPLE_NAME = Pattern.compile("([a-z0-9_]+/)?[a-z0-9_]+\\.nn");

  private final HttpServer http;
  private final ExecutorService exchanges;
  private final ThreadPoolExecutor work;
  private final Limits limits;
  private final Samples samples = Samples.packaged();
  private final String codemirror = codemirrorVersion();
  private final boolean loopback;

  private PlaygroundServer(HttpServer http, Limits limits) {
    this.http = http;
    this.limits = limits;
    this.loopback = http.getAddress().getAddress().isLoopbackAddress();
    this.exchanges = Executors.newFixedThreadPool(4, daemons("netc-playground-http"));
    this.work = new ThreadPoolExecutor(limits.workers(), limits.workers(), 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(QUEUE), daemons("netc-playground-work"));
    http.setExecutor(exchanges);
    http.createContext("/", this::handle);
  }

  /**
   * Starts a server on {@code host} ({@code 127.0.0.1} unless the page is to be reached from
   * elsewhere) and {@code port} (0 for any free one).
   */
  public static PlaygroundServer start(String host, int port, Limits limits) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 16);
    PlaygroundServer server = new PlaygroundServer(http, limits);
    http.start();
    return server;
  }

  /** The page's address, {@code http://127.0.0.1:7117/}. */
  public URI uri() {
    InetSocketAddress address = http.getAddress();
    String host = address.getAddress().getHostAddress();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
  }

  @Override
  public void close() {
    http.stop(0);
    work.shutdownNow();
    exchanges.shutdownNow();
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      try {
        route(exchange);
      } catch (Refusal r) {
        error(exchange, r.status(), r.getMessage());
      } catch (Exception | LinkageError | StackOverflowError | OutOfMemoryError bug) {
        System.err.println("netc playground: " + exchange.getRequestMethod() + " " + exchange.getRequestURI()
            + " failed:");
        bug.printStackTrace();
        error(exchange, 500, "internal error in the playground (" + bug.getClass().getSimpleName()
            + "); the server's console has the details");
      }
    }
  }

  private void route(HttpExchange exchange) throws Exception {
    if (loopback && !localHost(exchange.getRequestHeaders().getFirst("Host"))) {
      // A page of another site that resolves its own name to 127.0.0.1 must not reach this one.
      throw new Refusal(403, "this playground answers only to localhost and 127.0.0.1");
    }
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/")) {
      method(exchange, "GET");
      send(exchange, 200, "text/html; charset=utf-8", resource("dev/netc/playground/web/index.html"));
    } else if (path.startsWith("/static/") && STATIC_NAME.matcher(path.substring(8)).matches()) {
      method(exchange, "GET");
      String name = path.substring(8);
      send(exchange, 200, contentType(name), resource("dev/netc/playground/web/" + name));
    } else if (path.startsWith("/webjars/codemirror/") && WEBJAR_PATH.matcher(path.substring(20)).matches()) {
      method(exchange, "GET");
      String file = path.substring(20);
      send(exchange, 200, contentType(file),
          resource("META-INF/resources/webjars/codemirror/" + codemirror + "/" + file));
    } else if (path.equals("/api/samples")) {
      method(exchange, "GET");
      json(exchange, 200, Map.of("samples", samples.names()));
    } else if (path.startsWith("/api/samples/") && SAMPLE_NAME.matcher(path.substring(13)).matches()) {
      method(exchange, "GET");
      String text = samples.text(path.substring(13)).orElseThrow(() -> new Refusal(404, "no sample " + path.substring(13)));
      send(exchange, 200, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    } else if (path.equals("/api/check")) {
      method(exchange, "POST");
      Map<String, Object> request = Requests.object(exchange, limits.maxBodyBytes());
      String spec = spec(request);
      json(exchange, 200, bounded("checking", () -> SpecReport.of(spec)));
    } else if (path.equals("/api/run")) {
      method(exchange, "POST");
      Map<String, Object> request = Requests.object(exchange, limits.maxBodyBytes());
      spec(request);
      json(exchange, 200, bounded("running", () -> NetworkRun.of(request, limits.maxInputElements())));
    } else {
      throw new Refusal(404, "no such page: " + path);
    }
  }

  private String spec(Map<String, Object> request) {
    String spec = Requests.string(request, "spec");
    int bytes = spec.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > limits.maxSpecBytes()) {
      throw new Refusal(413, "the spec is " + Requests.kib(bytes) + "; the playground compiles specs up to "
          + Requests.kib(limits.maxSpecBytes()) + " (keep large weights in a weights file, and use netc check)");
    }
    return spec;
  }

  /** {@code task} on a worker, within the time limit. */
  private Map<String, Object> bounded(String doing, Callable<Map<String, Object>> task) throws Exception {
    Future<Map<String, Object>> result;
    try {
      result = work.submit(task);
    } catch (RejectedExecutionException busy) {
      throw new Refusal(503, "the playground is busy with other requests: try again in a moment");
    }
    try {
      return result.get(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException slow) {
      result.cancel(true);
      throw new Refusal(503, "stopped " + doing + " the spec after " + limits.timeout().toSeconds()
          + " s, the playground's limit: netc check and netc run take no limit");
    } catch (ExecutionException failed) {
      switch (failed.getCause()) {
        case Exception cause -> throw cause;
        case Error cause -> throw cause;
        default -> throw failed;
      }
    }
  }

  private static void method(HttpExchange exchange, String allowed) {
    if (!exchange.getRequestMethod().equals(allowed)) {
      exchange.getResponseHeaders().set("Allow", allowed);
      throw new Refusal(405, exchange.getRequestURI().getPath() + " takes " + allowed + ", not "
          + exchange.getRequestMethod());
    }
  }

  private static boolean localHost(String header) {
    if (header == null) {
      return false;
    }
    String host = header.startsWith("[") ? header.substring(0, header.indexOf(']') + 1)
        : header.contains(":") ? header.substring(0, header.indexOf(':')) : header;
    host = host.toLowerCase(Locale.ROOT);
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
  }

  private static String contentType(String name) {
    if (name.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    return name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = PlaygroundServer.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new Refusal(404, "no such file: " + name.substring(name.lastIndexOf('/') + 1));
      }
      return in.readAllBytes();
    }
  }

  private static void json(HttpExchange exchange, int status, Object value) throws IOException {
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    send(exchange, status, "application/json; charset=utf-8", Json.write(value).getBytes(StandardCharsets.UTF_8));
  }

  private static void error(HttpExchange exchange, int status, String message) {
    try {
      json(exchange, status, Map.of("error", message));
    } catch (IOException | IllegalStateException gone) {
      // The page went away, or the answer had begun: there is no one left to tell.
    }
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    if (type.startsWith("text/html")) {
      // The page's own scripts only; the graph's SVG is inserted as markup and must not run any.
      exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; style-src 'self' "
          + "'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'");
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    exchange.getResponseBody().write(body);
  }

  private static String codemirrorVersion() {
    Properties p = new Properties();
    try (InputStream in = PlaygroundServer.class.getResourceAsStream("playground.properties")) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("codemirror.version");
  }

  private static ThreadFactory daemons(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread t = new Thread(task, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The samples the page offers, for tests. */
  List<String> samples() {
    return samples.names();
  }
}
