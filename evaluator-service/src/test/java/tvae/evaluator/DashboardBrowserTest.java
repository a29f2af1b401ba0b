package tvae.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.PlainKafkaClient;
import tvae.deploy.StackSecrets;
import tvae.events.DatasetKind;

/**
 * The dashboard in a real browser (Debian's headless chromium, driven by its chromedriver): the page reads what events
 * sent through the real broker left in the real database, and its charts and tables render. With
 * {@code -Dtvae.dashboard.screenshots=DIR} it saves what it saw (docs/dashboard.png is made that way).
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class DashboardBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final RunFixture PYTHON = new RunFixture("python-lines-demo", DatasetKind.PYTHON_LINES);
    private static final RunFixture DIGITS = new RunFixture("mnist-demo", DatasetKind.MNIST);
    /** Free text: the python run's events under another dataset, which has no validity rule. */
    private static final RunFixture TEXTS = new RunFixture("probe-texts-demo", DatasetKind.PROBE_TEXTS);
    private static final List<String> CHARTS = List.of("loss-chart", "accuracy-chart", "validity-chart", "probe-chart");
    private static WebDriver browser;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void publishRunsAndOpenTheBrowser() {
        try (PlainKafkaClient kafka = new PlainKafkaClient(LocalStackTestResource.stack().kafka().adminClientProperties())) {
            PYTHON.publishPythonRun(kafka);
            DIGITS.publishDigitRun(kafka);
            TEXTS.publishPythonRun(kafka);
        }
        Eventually.await("both runs stored", WAIT, () ->
                EvaluationDatabase.count("SELECT count(*) FROM samples WHERE run_id = ?", PYTHON.runId) == PYTHON.samplesPerPythonRun()
                        && EvaluationDatabase.count("SELECT count(*) FROM probe_results WHERE checkpoint_id LIKE ?", PYTHON.runId + "%") == 8
                        && EvaluationDatabase.count("SELECT count(*) FROM samples WHERE run_id = ? AND judged_digit IS NOT NULL", DIGITS.runId) == 11
                        && EvaluationDatabase.count("SELECT count(*) FROM samples WHERE run_id = ?", TEXTS.runId) == TEXTS.samplesPerPythonRun()
                        && EvaluationDatabase.count("SELECT count(*) FROM training_progress WHERE run_id IN (?, ?)", PYTHON.runId, DIGITS.runId) == 32);
        browser = startChromium();
    }

    /**
     * Logs the browser in as the read-only viewer, as a person would at the password prompt: one visit with the
     * credentials in the URL puts them in the browser's cache for the realm; the page itself is then opened without
     * them (a page whose URL carries credentials may not fetch its data).
     */
    private void logIn() {
        browser.get(root.getProtocol() + "://" + StackSecrets.VIEWER + ":" + LocalStackTestResource.stack().secrets().viewerKey()
                + "@" + root.getHost() + ":" + root.getPort() + "/");
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aPythonRunShowsItsCurvesProbesAndInterpolationTables() throws Exception {
        open(PYTHON.runId);
        for (String chart : CHARTS) {
            assertTrue(points(chart) > 0, chart + " has data");
            assertTrue(hasInk(chart), chart + " drew something");
        }
        assertEquals(20L, js("return Chart.getChart('loss-chart').data.datasets[0].data.length"), "one point per progress event with a loss");
        String trainerCell = "#runs tr[data-run='" + PYTHON.runId + "'] td:nth-child(4)";
        assertEquals(RunFixture.TRAINER, browser.findElement(By.cssSelector(trainerCell)).getText(),
                "the runs table names the trainer of the run's newest progress");
        assertTrue(shown("research-chart") && points("research-chart") == 20, "the run's cycle loss has its own chart");
        assertEquals(3L, js("return Chart.getChart('validity-chart').data.datasets.length"),
                "one line per checkpoint, and the newest checkpoint's valid-and-new line");
        assertEquals(List.of(100L, 50L), js("const d = Chart.getChart('validity-chart').data.datasets[2].data;"
                + " return [0.2, 0.5].map(r => d.find(p => Math.abs(p.x - r) < 1e-9).y)"), "valid and new at 0.2 and 0.5");
        List<String> verdicts = browser.findElements(By.cssSelector("#interpolations .pair tbody tr td:last-child")).stream()
                .map(cell -> cell.getText()).toList();
        assertEquals(22, verdicts.size(), "two pairs of 11 ratios");
        assertEquals(5, verdicts.stream().filter("✗"::equals).count(), "the newest checkpoint's invalid points");
        assertTrue(browser.findElement(By.id("interpolations")).getText().contains("x = foo(self.items, key"));

        // the newest checkpoint's edits (RunFixture.edits): greedy, learnt 1 of 2 reach Return, random 0 of 2; guided,
        // learnt 2 of 2 (1 keeping the input's names), random 0 of 2
        assertTrue(shown("edit-chart"), "a run with edits charts them");
        assertEquals(List.of(50L, 0L, 100L, 0L),
                js("return Chart.getChart('edit-chart').data.datasets.map(d => d.data[d.data.length - 1])"));
        List<String> editRow = browser.findElements(By.cssSelector("#edit-table tbody tr td")).stream().map(c -> c.getText()).toList();
        assertEquals(List.of("Assign → Return", "1 / 2 (50.0 %)", "0 / 2 (0.0 %)", "2 / 2 (100.0 %)", "0 / 2 (0.0 %)", "1 / 2",
                "1 / 2"), editRow.subList(0, 7));
        assertTrue(editRow.get(7).contains("return x") && editRow.get(7).contains("return y Return (guided)"), editRow.get(7));
        screenshot("dashboard.png");
    }

    @Test
    void anMnistRunShowsItsInterpolationAsDigitImages() throws Exception {
        open(DIGITS.runId);
        List<?> inked = (List<?>) js("""
                return [...document.querySelectorAll('#interpolations canvas.digit')].map(c => {
                  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  let dark = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 128) dark++; return dark; });""");
        assertEquals(11, inked.size(), "one digit per ratio");
        assertFalse(shown("research-chart"), "a run without research losses shows no (empty) chart for them");
        assertTrue(inked.stream().allMatch(dark -> ((Long) dark) > 0), "every digit has ink: " + inked);
        assertFalse(shown("validity-chart"), "digits have no valid share to chart");
        assertFalse(shown("edit-chart"), "a run without edits shows no (empty) chart for them");

        // What the digit judge said, as stored: each point's digit and confidence, and the checkpoint's plausible share.
        List<Map<String, Object>> judged = EvaluationDatabase.rows("SELECT judged_digit, digit_confidence FROM samples "
                + "WHERE run_id = ? ORDER BY ratio", DIGITS.runId);
        List<String> cells = browser.findElements(By.cssSelector("#interpolations td.judge")).stream().map(c -> c.getText()).toList();
        assertEquals(judged.stream().map(r -> r.get("judged_digit") + " " + Math.round(100 * (Double) r.get("digit_confidence")) + "%").toList(),
                cells, "one judge cell per ratio, in ratio order");
        Object share = EvaluationDatabase.rows("SELECT digit_plausible_share FROM checkpoint_summary WHERE run_id = ?", DIGITS.runId)
                .get(0).get("digit_plausible_share");
        String expected = String.format(java.util.Locale.ROOT, "%.1f %%", 100 * ((java.math.BigDecimal) share).doubleValue());
        assertTrue(browser.findElement(By.id("digit-summary")).getText().contains(expected + " of inner points plausible"),
                browser.findElement(By.id("digit-summary")).getText() + " should show " + expected);
        assertTrue(browser.findElement(By.id("cards")).getText().contains("inner points plausible"));
        screenshot("dashboard-mnist.png");
    }

    @Test
    void aFreeTextRunShowsNoValidityForItHasNoValidityRule() {
        open(TEXTS.runId);
        assertFalse(shown("validity-chart"), "free text has no valid share to chart");
        assertFalse(browser.findElement(By.id("cards")).getText().contains("valid"), browser.findElement(By.id("cards")).getText());
        assertTrue((Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth"), "the page is no wider than the window");
    }

    private void open(String runId) {
        logIn();
        browser.get(root + "index.html?run=" + runId);
        Eventually.await("the page to load its data", WAIT,
                () -> Boolean.TRUE.equals(js("return !!(window.dashboard && (window.dashboard.ready || window.dashboard.error))")));
        assertNull(js("return window.dashboard.error || null"), "the page loaded without errors");
        assertTrue(browser.findElement(By.id("run-title")).getText().startsWith(runId));
    }

    /** The chart's figure takes up room on the page (it is not hidden). */
    private boolean shown(String chart) {
        return browser.findElement(By.id(chart)).findElement(By.xpath("./ancestor::figure")).isDisplayed();
    }

    private long points(String chart) {
        return (Long) js("return Chart.getChart('" + chart + "').data.datasets.reduce((n, d) => n + d.data.filter(v => v != null).length, 0)");
    }

    /** Some pixel of the chart's canvas is painted: the chart really rendered, not just exists. */
    private boolean hasInk(String chart) {
        return (Boolean) js("const c = document.getElementById('" + chart + "'); "
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; "
                + "for (let i = 3; i < d.length; i += 4) if (d[i] > 0) return true; return false;");
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private static void screenshot(String name) throws IOException {
        String directory = System.getProperty("tvae.dashboard.screenshots");
        if (directory != null) {
            File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), Path.of(directory).resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Debian's chromium and chromedriver (deploy/setup.sh installs both); given explicitly so Selenium downloads nothing. */
    private static WebDriver startChromium() {
        File driver = new File(System.getenv().getOrDefault("TVAE_CHROMEDRIVER", "/usr/bin/chromedriver"));
        File chromium = new File(System.getenv().getOrDefault("TVAE_CHROMIUM", "/usr/bin/chromium"));
        assertTrue(driver.canExecute() && chromium.canExecute(),
                "chromium and chromedriver are needed for the browser test: run deploy/setup.sh (Debian packages chromium, chromium-driver)");
        ChromeOptions options = new ChromeOptions().setBinary(chromium)
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1500,1400",
                        "--hide-scrollbars");
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver).build(), options);
    }
}
