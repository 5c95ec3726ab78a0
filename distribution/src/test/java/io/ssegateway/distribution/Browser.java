package io.ssegateway.distribution;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from the system's packages ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}), driven
 * by Selenium with a fresh profile. Nothing is downloaded: both paths are given, so Selenium Manager never runs.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PAGE_LOAD_LIMIT = Duration.ofSeconds(30);

    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Browser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /** Skips the calling test, saying why, when Chromium is not installed; CI installs it. */
    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(CHROMIUM), "browser test skipped: " + CHROMIUM + " is not installed (Debian "
                   + "packages chromium and chromium-driver; .ci/run installs them)");
    }

    /** Starts Chromium with a new profile in {@code work}; the driver's log goes there too. */
    static Browser start(Path work) throws IOException {
        Path profile = Files.createDirectories(work.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File(work.resolve("chromedriver.log").toString()))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                             "--disable-background-networking", "--disable-component-update", "--disable-sync",
                             "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD_LIMIT).scriptTimeout(PAGE_LOAD_LIMIT);
        return new Browser(service, driver);
    }

    /** The driver. */
    WebDriver driver() {
        return driver;
    }

    /** Runs a script in the page and returns its result. */
    Object script(String javaScript) {
        return driver.executeScript(javaScript);
    }

    /** The number a JavaScript {@code expression} gives in the page, such as {@code window.received.length}. */
    int number(String expression) {
        return ((Number) script("return " + expression + ";")).intValue();
    }

    /** The strings of the array a JavaScript {@code expression} gives in the page, such as {@code window.received}. */
    @SuppressWarnings("unchecked")
    List<String> strings(String expression) {
        return (List<String>) script("return " + expression + ";");
    }

    /** Waits until the JavaScript {@code expression}'s number is at least {@code least}; fails after the limit. */
    void awaitAtLeast(int least, String expression, String what, Duration limit) {
        await(what, limit, d -> number(expression) >= least);
    }

    /** Waits, polling, until {@code condition} gives something other than null or false; fails after the limit. */
    <T> T await(String what, Duration limit, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, limit, Duration.ofMillis(100)).withMessage(what).until(condition);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
