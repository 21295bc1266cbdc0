package dev.netc.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.netc.runtime.weights.NpyWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser: Debian's headless Chromium, driven by Selenium through
 * chromedriver. It types a spec with a transposed weight, finds the squiggle where netc check
 * puts it, applies the fix, loads the 4-3-4 sample and runs it on a typed list and on an uploaded
 * {@code .npy}; target/playground.png shows the page at the end. Skipped, saying why, on a machine
 * without Chromium and its driver (.ci/run installs them; README.md says how elsewhere).
 */
class PlaygroundBrowserTest {
  /** Typed without indentation: the editor indents each line itself. */
  private static final String TRANSPOSED = """
      // a weight stored as [out, in], used as [in, out]
      network Torch {
      input x: f32[N, 4]
      param W: f32[6, 4] = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [1, 1, 0, 0], [0, 0, 1, 1]]
      output y = relu(x @ W)
      }""";

  @TempDir Path profile;

  private PlaygroundServer server;
  private WebDriver browser;

  @BeforeEach
  void start() throws IOException {
    Optional<Path> chromium = find("netc.chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome", "/usr/lib/chromium/chromium");
    Optional<Path> driver = find("netc.chromedriver", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    if (chromium.isEmpty() || driver.isEmpty()) {
      String reason = "no " + (chromium.isEmpty() ? "Chromium" : "chromedriver") + " on this machine: the playground's "
          + "browser test is skipped (apt-get install chromium chromium-driver; see README.md)";
      System.out.println(reason);
      Assumptions.abort(reason);
    }
    server = PlaygroundServer.start("127.0.0.1", 0, Limits.defaults());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.get().toFile());
    // Without the networking flags, Chromium on a machine with no internet waits on each request it makes for itself.
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
    // The driver is named, so Selenium Manager has nothing to find and downloads nothing.
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile())
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName("a transposed weight is squiggled where netc check points, its fix clears it, and a sample runs")
  @SuppressWarnings("unchecked")
  void typeFixLoadAndRun() throws IOException {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    browser.get(server.uri().toString());
    // The page opens on the 4-3-4 sample; its first check fills the summary.
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "Total params: 31"));

    WebElement input = browser.findElement(By.cssSelector("#editor .CodeMirror textarea"));
    browser.findElement(By.cssSelector("#editor .CodeMirror")).click();
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    input.sendKeys(TRANSPOSED);

    WebElement mark = wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#editor .CodeMirror-lint-mark-error")));
    // Where the squiggle is, read from the page: the line number in its gutter, the text before it on its line.
    List<Object> place = (List<Object>) ((JavascriptExecutor) browser).executeScript("""
        var mark = arguments[0];
        var line = mark.closest('pre.CodeMirror-line');
        var before = document.createRange();
        before.setStart(line, 0);
        before.setEndBefore(mark);
        var number = line.parentElement.querySelector('.CodeMirror-linenumber').textContent;
        return [number, String(before.toString().length + 1), mark.textContent];
        """, mark);
    String text = (String) ((JavascriptExecutor) browser).executeScript(
        "return document.querySelector('#editor .CodeMirror').CodeMirror.getValue();");
    List<String> lines = Arrays.asList(text.split("\n", -1));
    int line = lines.indexOf(lines.stream().filter(l -> l.contains("x @ W")).findFirst().orElseThrow()) + 1;
    int column = lines.get(line - 1).indexOf("x @ W") + 5;
    assertThat(line).isEqualTo(5);
    assertThat(place).containsExactly((Object) String.valueOf(line), String.valueOf(column), "W");
    assertThat(browser.findElement(By.id("diagnostics")).getText())
        .contains("error[NN0300]: matmul inner dimensions differ", "playground.nn:" + line + ":" + column);

    browser.findElement(By.cssSelector("#diagnostics button.fix")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("diagnostics"), "no problems"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "Total params: 24"));
    assertThat(browser.findElements(By.cssSelector("#editor .CodeMirror-lint-mark-error"))).isEmpty();
    assertThat(lines(browser)).anyMatch(l -> l.contains("relu(x @ W.T)"));

    new Select(browser.findElement(By.id("sample"))).selectByValue("image_flip.nn");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "Total params: 31"));
    assertThat(browser.findElement(By.id("shapes")).getText()).contains("h", ": f32[N, 3]");
    assertThat(browser.findElements(By.cssSelector("#graph svg"))).hasSize(1);
    assertThat(browser.findElement(By.id("java")).getText()).contains("ImageFlip.java", "ImageFlipKernels.java");
    WebElement given = browser.findElement(By.id("run-input"));
    given.clear();
    given.sendKeys("[[1, 0, 1, 1]]");
    browser.findElement(By.id("run")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("output"), "y_hat: f32[1, 4] = "));
    // The values the sample's comment works out by hand.
    assertOutput(browser, 0.1, -0.1, -0.05, -0.25);

    // The same network on an uploaded .npy: h = relu([-0.2, 0.3, -0.2]) = [0, 0.3, 0], y_hat = 0.3 * W2[1] + b2.
    Path npy = profile.resolve("x.npy");
    NpyWriter.write(npy, new float[] {0, 1, 0, 0}, 1, 4);
    browser.findElement(By.id("run-npy")).sendKeys(npy.toString());
    browser.findElement(By.id("run")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("output"), "y_hat: f32[1, 4] = "));
    assertOutput(browser, -0.03, 0.25, -0.19, 0.06);

    Path screenshot = Path.of(System.getProperty("netc.screenshot", "target/playground.png"));
    Files.createDirectories(screenshot.toAbsolutePath().getParent());
    Files.write(screenshot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  private static void assertOutput(WebDriver browser, double... expected) {
    String output = browser.findElement(By.id("output")).getText();
    double[] values = Stream.of(output.substring(output.indexOf("= ") + 2).replaceAll("[\\[\\]]", "").split(","))
        .mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
    assertThat(values).as(output).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(values[i]).as(output).isCloseTo(expected[i], within(1e-6));
    }
  }

  private static List<String> lines(WebDriver browser) {
    String text = (String) ((JavascriptExecutor) browser).executeScript(
        "return document.querySelector('#editor .CodeMirror').CodeMirror.getValue();");
    return Arrays.asList(text.split("\n", -1));
  }

  /** The executable a system property names, else the first of {@code candidates} that exists. */
  private static Optional<Path> find(String property, String... candidates) {
    String given = System.getProperty(property);
    if (given != null && !given.isBlank()) {
      return Optional.of(Path.of(given)).filter(Files::isExecutable);
    }
    return Stream.of(candidates).map(Path::of).filter(Files::isExecutable).findFirst();
  }
}
