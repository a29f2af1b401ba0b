package tvae.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tvae.deploy.TestApi.asOperator;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import tvae.deploy.LocalStackTestResource;
import tvae.deploy.StackSecrets;

/**
 * The latent playground in a real browser (Debian's headless chromium, driven by its chromedriver) against a served
 * checkpoint: every panel calls the real endpoints, and decoded lines come back with CPython's verdict.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class PlaygroundBrowserTest {
    /** A guard against a hang of one page action, not a bound on its speed. */
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String RUN = "playground-browser-" + System.nanoTime();
    private static WebDriver browser;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void openTheBrowser() {
        File driver = new File(System.getenv().getOrDefault("TVAE_CHROMEDRIVER", "/usr/bin/chromedriver"));
        File chromium = new File(System.getenv().getOrDefault("TVAE_CHROMIUM", "/usr/bin/chromium"));
        assertTrue(driver.canExecute() && chromium.canExecute(),
                "chromium and chromedriver are needed for the browser test: run deploy/setup.sh (Debian packages chromium, chromium-driver)");
        ChromeOptions options = new ChromeOptions().setBinary(chromium)
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1500,1400");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver).build(), options);
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void everyPanelAnswersFromTheServedModel() throws InterruptedException {
        TinyCheckpoints.serve(RUN, 5);   // here, not in @BeforeAll: GET /model answers only once the Quarkus app runs
        // The page's first verdicts start the CPython workers; start them here, outside the page's guarded waits, so no
        // guard covers a process start-up.
        asOperator().contentType("application/json").body(Map.of("lines", List.of("x = 1"))).post("/judge").then().statusCode(200);
        // Logs in as the operator the way a person would at the prompt: the credentials in one visit's URL are cached
        // for the realm, and the page is then opened without them.
        browser.get(root.getProtocol() + "://" + StackSecrets.OPERATOR + ":" + LocalStackTestResource.stack().secrets().operatorKey()
                + "@" + root.getHost() + ":" + root.getPort() + "/");
        browser.get(root.toString());
        await("the page to start", () -> Boolean.TRUE.equals(js("return !!(window.playground.ready || window.playground.error)")));
        assertNull(js("return window.playground.error || null"), "the page started without errors");
        assertTrue(browser.findElement(By.id("served")).getText().contains(RUN + "-step-5"));

        click("interpolate");
        List<String> verdicts = verdicts("interpolation");
        assertEquals(11, verdicts.size(), "one row per ratio");
        assertTrue(verdicts.stream().allMatch(v -> v.startsWith("✓") || v.equals("✗")), "CPython judged every line: " + verdicts);

        click("breed");
        assertEquals(6, verdicts("brood").size(), "six children");
        browser.findElement(By.cssSelector("#brood button.pick")).click();
        assertTrue(browser.findElement(By.id("parents")).getAttribute("value").contains("child 1: "), "a child became a parent");
        click("breed");   // now with a parent given by its latent point
        assertEquals(6, verdicts("brood").size());

        click("learn");
        click("edit");
        assertEquals(3, verdicts("edits").size(), "strengths 0, half and full");

        click("swap");
        int latentTokens = browser.findElements(By.cssSelector("#tokens input")).size();
        assertTrue(latentTokens > 0);
        assertEquals(1 + latentTokens, verdicts("swapped").size(), "the chosen tokens, then each single token");
        assertEquals("", browser.findElement(By.id("status")).getText().replaceAll("^learnt.*", ""), "no request failed");
    }

    /** Clicks a button and waits until every request it started has been answered. */
    private static void click(String button) throws InterruptedException {
        browser.findElement(By.id(button)).click();
        await(button + " answered", () -> Long.valueOf(0).equals(js("return window.playground.busy")));
    }

    /** The verdict column of a result table (its third cell in each row). */
    private static List<String> verdicts(String result) {
        return browser.findElements(By.cssSelector("#" + result + " tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).get(2)).map(WebElement::getText).toList();
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
