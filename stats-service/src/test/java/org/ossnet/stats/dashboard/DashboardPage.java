package org.ossnet.stats.dashboard;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Debian's headless Chromium, driven through chromedriver: opens it, sets its filters as a person
 * would, waits on the state its status line announces, and reads back what each Chart.js chart holds. Fails, rather
 * than skips, when the browser is missing: the interop profile exists to prove the page works.
 */
final class DashboardPage implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Set<String> REFUSED = Set.of("unauthorized", "forbidden", "error");

    private final ChromeDriver driver;
    private final URI base;

    private DashboardPage(ChromeDriver driver, URI base) {
        this.driver = driver;
        this.base = base;
    }

    /** A browser for the service at {@code base}; nothing is loaded yet. */
    static DashboardPage start(URI base) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail(CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: install the Debian packages 'chromium' and 'chromium-driver'");
        }
        // Naming both executables keeps Selenium Manager, which would download a browser, out of it.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // No sandbox: CI runs as root, where Chromium refuses to start with one.
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1600", "--lang=en");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        return new DashboardPage(new ChromeDriver(service, options), base);
    }

    /** Loads the page afresh with this fragment (such as {@code token=...&collection=...}), or none when empty. */
    void open(String fragment) {
        // A new fragment on the same page would only scroll, not load: leave it first.
        driver.get("about:blank");
        driver.get(base.resolve("/") + (fragment.isEmpty() ? "" : "#" + fragment));
    }

    /** Sets the filters and presses Show. */
    void filter(String collection, String from, String to, String granularity) {
        WebElement name = driver.findElement(By.id("collection"));
        name.clear();
        name.sendKeys(collection);
        // A date input takes typed keys in the locale's order; its value is always YYYY-MM-DD.
        driver.executeScript(
                "document.getElementById('from').value = arguments[0];"
                        + " document.getElementById('to').value = arguments[1];",
                from,
                to);
        new Select(driver.findElement(By.id("granularity"))).selectByValue(granularity);
        driver.findElement(By.id("show")).click();
    }

    /** Types a token into the token form and submits it. */
    void enterToken(String token) {
        driver.findElement(By.id("token")).sendKeys(token);
        driver.findElement(By.cssSelector("#token-form button[type=submit]")).click();
    }

    void forgetToken() {
        driver.findElement(By.id("forget-token")).click();
    }

    boolean asksForAToken() {
        return driver.findElement(By.id("token-form")).isDisplayed();
    }

    /** Waits until the charts show these filters, failing at once with the page's words if the query is refused. */
    void awaitReady(String collection, String from, String to, String granularity) {
        String expected = collection + " " + from + " " + to + " " + granularity;
        wait("charts of " + expected, () -> {
            String state = state();
            if (REFUSED.contains(state)) {
                throw new AssertionError("The page says " + state + ": " + status());
            }
            return state.equals("ready") && expected.equals(attribute("loaded"));
        });
    }

    /** Waits for the status line's state and returns its text. */
    String awaitState(String state) {
        wait("state " + state, () -> state.equals(state()));
        return status();
    }

    /**
     * What a chart holds, as JSON text: {@code {"labels":[...],"datasets":{"<label>":[values...]}}}, in the order
     * Chart.js draws them.
     */
    String chart(String canvasId) {
        return (String) driver.executeScript(
                "const chart = Chart.getChart(document.getElementById(arguments[0]));"
                        + " return JSON.stringify({labels: chart.data.labels, datasets: Object.fromEntries("
                        + " chart.data.datasets.map(d => [d.label, d.data]))});",
                canvasId);
    }

    String status() {
        return driver.findElement(By.id("status")).getText();
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    String sessionToken() {
        return (String) driver.executeScript("return sessionStorage.getItem('ossnet.stats.token');");
    }

    /** The browser console's errors since the last call, such as a script the Content-Security-Policy blocked. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }

    private String state() {
        return attribute("state");
    }

    private String attribute(String name) {
        return driver.findElement(By.id("status")).getDomAttribute("data-" + name);
    }

    private void wait(String what, java.util.function.Supplier<Boolean> condition) {
        new WebDriverWait(driver, WAIT)
                .withMessage(() -> "waiting for " + what + "; the page says " + state() + ": " + status())
                .until(browser -> condition.get());
    }
}
