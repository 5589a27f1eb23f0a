package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
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
 * The console's Connectors page in a real headless Chromium against the real launcher distribution: the list updates
 * itself when a jar is dropped, a connector opens with its details, Try it runs an operation, a jar is uploaded and
 * removed, hostile connector metadata renders as text, a connector is rolled back, and a named connection is made,
 * used by Try it and deleted without its secret ever reaching the page. Needs Debian's {@code chromium} and {@code chromium-driver}:
 * skipped with a message when they are missing, except under {@code CI=true}, where that is a failure.
 * {@code -Dswitchboard.screenshot=true} rewrites {@code docs/console.png}.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ConsoleBrowserE2EIT {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String HOSTILE = "<script>window.__pwned=1</script><b>bold</b>";
    private static final Duration WAIT = Duration.ofSeconds(15);

    /** 30 characters: its length tells the resolved secret in a greeting from anything else. */
    private static final String SECRET = "sk-console-"
            + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 12) + "quuxyzz";

    private static SwitchboardProcess host;
    private static WebDriver driver;
    private static WebDriverWait wait;
    private static Path profile;
    private static String page;

    @BeforeClass
    public static void startHostAndBrowser() throws Exception {
        boolean installed = Files.isExecutable(Paths.get(CHROMIUM)) && Files.isExecutable(Paths.get(CHROMEDRIVER));
        if (!installed) {
            String reason =
                    CHROMIUM + " and " + CHROMEDRIVER + " are needed (apt-get install chromium chromium-driver)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but " + reason);
            }
            System.out.println("ConsoleBrowserE2EIT skipped: " + reason);
            Assume.assumeTrue(reason, false);
        }
        host = SwitchboardProcess.start("switchboard-console");

        // Never let Selenium Manager look for (or download) a driver or a browser: both are given.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        profile = Files.createTempDirectory("switchboard-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1400,1300",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, WAIT);
        // the page rebuilds parts of itself (the detail, Try it, the connections) as it learns of changes
        wait.ignoring(StaleElementReferenceException.class);
        // HTTP Basic through the URL: Chrome answers the console's challenge with these credentials and keeps them
        // for the page's own requests under /system/console/.
        page = "http://admin:" + host.password() + "@127.0.0.1:" + host.port() + "/system/console/connectors";
    }

    @AfterClass
    public static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (host != null) {
            host.close();
        }
    }

    @Test
    public void a_aJarDroppedOnDiskShowsUpWithoutAReload() throws Exception {
        driver.get(page);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sb-live"), "Catalog revision"));
        // the connectors Switchboard ships are listed from the start
        wait.until(d -> d.findElements(By.cssSelector("#sb-connectors tr[data-connector='http']"))
                        .size()
                == 1);
        wait.until(d -> d.findElements(By.cssSelector("#sb-connectors tr[data-connector='sql']"))
                        .size()
                == 1);
        assertEquals(
                "the Connectors page is in the console's menu under Switchboard",
                1,
                driver.findElements(By.cssSelector("a[href$='/connectors']")).size() > 0 ? 1 : 0);

        host.deploy("greeter-v1", "greeter-1.jar");
        host.deploy("greeter-v2", "greeter-2.jar");
        wait.until(d -> d.findElements(By.cssSelector("#sb-connectors tr[data-connector='greeter']"))
                        .size()
                == 2);
        wait.until(d ->
                d.findElements(By.cssSelector("#sb-deployments tr[data-file]")).size() == 2);
        WebElement v1 = driver.findElement(By.cssSelector("tr[data-connector='greeter'][data-version='1.0.0']"));
        assertTrue(v1.getText(), v1.getText().contains("ACTIVE"));
        assertTrue(driver.findElement(By.cssSelector("tr[data-file='greeter-2.jar']"))
                .getText()
                .contains("greeter@2.0.0"));
    }

    @Test
    public void b_aConnectorOpensWithItsVersionsSideBySide() {
        driver.findElement(By.cssSelector("tr[data-connector='greeter'] a.sb-open"))
                .click();
        wait.until(d ->
                d.findElements(By.cssSelector("#sb-detail-info .sb-version")).size() == 2);
        assertTrue(driver.findElement(By.id("sb-detail-title")).getText().contains("Greeter"));
        WebElement v1 = driver.findElement(By.cssSelector(".sb-version[data-version='1.0.0']"));
        assertTrue("secure parameters are marked", v1.getText().contains("secure"));
        assertTrue(v1.findElements(By.cssSelector(".sb-op[data-operation='greet']"))
                        .size()
                == 1);
        v1.findElement(By.cssSelector(".sb-op[data-operation='greet'] summary")).click();
        assertTrue(
                "the inputs schema is a table with required marked",
                v1.findElement(By.cssSelector(".sb-op[data-operation='greet'] details"))
                        .getText()
                        .contains("required"));
    }

    @Test
    public void c_tryItRunsTheOperationAndShowsValidationErrorsPerField() throws Exception {
        new Select(driver.findElement(By.id("sb-try-version"))).selectByValue("1.0.0");
        WebElement parameters = driver.findElement(By.id("sb-try-parameters"));
        assertTrue(
                "prefilled from the inputs schema: " + parameters.getAttribute("value"),
                parameters.getAttribute("value").contains("\"times\": 1"));
        driver.findElement(By.cssSelector("input[data-connection='salutation']"))
                .sendKeys("Hello");
        assertEquals(
                "password",
                driver.findElement(By.cssSelector("input[data-connection='apiKey']"))
                        .getAttribute("type"));

        parameters.clear();
        parameters.sendKeys("{\"name\":\"Ada\",\"times\":9}");
        driver.findElement(By.id("sb-try-run")).click();
        wait.until(
                ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#sb-try-result .sb-status"), "400"));
        List<WebElement> details = driver.findElements(By.cssSelector("#sb-try-result .sb-detail-row"));
        assertTrue(
                "one row per failing field",
                details.stream().anyMatch(r -> r.getText().contains("/times")));

        parameters.clear();
        parameters.sendKeys("{\"name\":\"Ada\"}");
        driver.findElement(By.id("sb-try-run")).click();
        wait.until(
                ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#sb-try-result .sb-status"), "200"));
        assertTrue(driver.findElement(By.cssSelector("#sb-try-result .sb-body"))
                .getText()
                .contains("Hello, Ada!"));

        if (Boolean.getBoolean("switchboard.screenshot")) {
            Path target = Paths.get(System.getProperty("itest.screenshot.file", "../docs/console.png"));
            Path shot =
                    ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.createDirectories(target.getParent());
            Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
            System.out.println(
                    "screenshot written to " + target.toAbsolutePath().normalize());
        }
    }

    @Test
    public void d_anUploadedJarAppears() {
        driver.findElement(By.id("sb-back")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sb-overview")));
        driver.findElement(By.id("sb-upload-file"))
                .sendKeys(SwitchboardOptions.connector("xss").toAbsolutePath().toString());
        driver.findElement(By.id("sb-upload")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sb-upload-status"), "Uploaded xss.jar"));
        wait.until(d -> d.findElements(By.cssSelector("#sb-connectors tr[data-connector='xss']"))
                        .size()
                == 1);
        assertTrue(Files.isRegularFile(host.deploy().resolve("xss.jar")));
    }

    @Test
    public void e_untrustedMetadataRendersAsText() {
        WebElement row = driver.findElement(By.cssSelector("tr[data-connector='xss']"));
        assertEquals(HOSTILE, row.findElement(By.cssSelector(".sb-description")).getText());
        assertTrue(row.getText().contains("XSS <img src=x onerror=\"window.__pwned=2\">"));
        assertTrue(
                "no markup made it into the DOM",
                row.findElements(By.tagName("b")).isEmpty());
        assertNotPwned();

        row.findElement(By.cssSelector("a.sb-open")).click();
        wait.until(d ->
                d.findElements(By.cssSelector("#sb-detail-info .sb-version")).size() == 1);
        driver.findElement(By.cssSelector(".sb-op[data-operation='echo'] summary"))
                .click();
        assertEquals(HOSTILE, driver.findElement(By.id("sb-detail-description")).getText());
        assertTrue(driver.findElement(By.id("sb-detail-info")).getText().contains("<script>window.__pwned=5</script>"));
        assertTrue(driver.findElements(By.cssSelector("#sb-detail img, #sb-detail b, #sb-detail i"))
                .isEmpty());
        assertNotPwned();
    }

    @Test
    public void f_removeDeletesTheFileAndTheConnectorLeaves() {
        driver.findElement(By.id("sb-back")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sb-overview")));
        driver.findElement(By.cssSelector("tr[data-file='xss.jar'] button.sb-remove"))
                .click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(d -> d.findElements(By.cssSelector("tr[data-connector='xss']"))
                        .isEmpty()
                && d.findElements(By.cssSelector("tr[data-file='xss.jar']")).isEmpty());
        assertFalse(Files.exists(host.deploy().resolve("xss.jar")));
        assertEquals(
                2,
                driver.findElements(By.cssSelector("#sb-connectors tr[data-connector='greeter']"))
                        .size());
    }

    @Test
    public void g_stateChangingRequestsNeedTheTokenAndTheOrigin() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String url = host.baseUrl() + "/system/console/connectors/remove";
        String auth = SwitchboardProcess.basic("admin", host.password());
        HttpResponse<String> noToken = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", auth)
                        .header("Origin", host.baseUrl())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"file\":\"greeter-1.jar\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(noToken.body(), 403, noToken.statusCode());
        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());

        // the logged-in browser itself, without the page's token, cannot remove anything either
        String token = driver.findElement(By.id("sb-console")).getAttribute("data-token");
        Object status = ((JavascriptExecutor) driver)
                .executeAsyncScript("var done = arguments[arguments.length - 1];"
                        + "fetch(window.location.origin + pluginRoot + '/remove', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                        + " body: JSON.stringify({file: 'greeter-1.jar'})}).then(function (r) { done(r.status); });");
        assertEquals(403L, status);
        assertTrue(token.length() > 20);
        assertTrue(Files.exists(host.deploy().resolve("greeter-1.jar")));
    }

    @Test
    public void h_rollBackFromThePage() throws Exception {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sb-overview")));
        Files.delete(host.deploy().resolve("greeter-1.jar"));
        Files.delete(host.deploy().resolve("greeter-2.jar"));
        wait.until(d -> d.findElements(By.cssSelector("#sb-connectors tr[data-connector='greeter']"))
                .isEmpty());

        host.deploy("greeter-v1", "greeter.jar");
        wait.until(d -> d.findElements(By.cssSelector("tr[data-connector='greeter'][data-version='1.0.0']"))
                        .size()
                == 1);
        host.deploy("greeter-v2", "greeter.jar");
        wait.until(d -> d.findElements(By.cssSelector("#sb-connectors tr[data-connector='greeter']"))
                                .size()
                        == 1
                && d.findElements(By.cssSelector("tr[data-connector='greeter'][data-version='2.0.0']"))
                                .size()
                        == 1);

        driver.findElement(By.cssSelector("tr[data-connector='greeter'] a.sb-open"))
                .click();
        wait.until(d -> d.findElements(By.cssSelector(".sb-version[data-version='2.0.0'] button.sb-rollback"))
                        .size()
                == 1);
        driver.findElement(By.cssSelector(".sb-version[data-version='2.0.0'] button.sb-rollback"))
                .click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("sb-rollback-status"), "Rolled back: 1.0.0 is active now (was 2.0.0"));
        wait.until(d -> d.findElements(By.cssSelector(".sb-version[data-version='1.0.0']"))
                                .size()
                        == 1
                && d.findElements(By.cssSelector(".sb-version[data-version='2.0.0']"))
                        .isEmpty());
        assertTrue(driver.findElement(By.cssSelector(".sb-version[data-version='1.0.0']"))
                .getText()
                .contains("ACTIVE"));

        // nothing further back: the page shows the API's reason
        driver.findElement(By.cssSelector(".sb-version[data-version='1.0.0'] button.sb-rollback"))
                .click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("sb-rollback-status"), "409 NothingToRollBack"));
    }

    @Test
    public void i_aNamedConnectionIsMadeUsedAndDeletedWithoutItsSecretReachingThePage() {
        wait.until(d -> d.findElements(By.id("sb-connection-save")).size() == 1);
        WebElement name = driver.findElement(By.id("sb-connection-name"));
        name.sendKeys("console-conn");
        driver.findElement(By.cssSelector("input[data-connection-field='apiKey']"))
                .sendKeys(SECRET);
        assertEquals(
                "password",
                driver.findElement(By.cssSelector("input[data-connection-field='apiKey']"))
                        .getAttribute("type"));
        // the required salutation is missing: the error is shown at its field
        driver.findElement(By.id("sb-connection-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sb-connection-status"), "400"));
        wait.until(d -> !d.findElement(By.cssSelector("[data-error-for='salutation']"))
                .getText()
                .isEmpty());

        driver.findElement(By.cssSelector("input[data-connection-field='salutation']"))
                .sendKeys("Howdy");
        driver.findElement(By.id("sb-connection-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("sb-connection-status"), "Saved console-conn"));
        wait.until(d -> d.findElements(By.cssSelector("tr[data-connection-name='console-conn']"))
                        .size()
                == 1);
        assertTrue(driver.findElement(By.cssSelector("tr[data-connection-name='console-conn']"))
                .getText()
                .contains("apiKey = ********"));

        // editing shows the stored salutation, never the secret; saving without retyping it keeps it
        driver.findElement(By.cssSelector("tr[data-connection-name='console-conn'] button.sb-connection-edit"))
                .click();
        WebElement salutation = driver.findElement(By.cssSelector("input[data-connection-field='salutation']"));
        assertEquals("Howdy", salutation.getAttribute("value"));
        assertEquals(
                "",
                driver.findElement(By.cssSelector("input[data-connection-field='apiKey']"))
                        .getAttribute("value"));
        salutation.clear();
        salutation.sendKeys("Ahoy");
        driver.findElement(By.id("sb-connection-save")).click();
        wait.until(d -> d.findElement(By.cssSelector("tr[data-connection-name='console-conn']"))
                .getText()
                .contains("salutation = Ahoy"));

        // Try it with the named connection
        wait.until(d -> d.findElements(By.cssSelector("#sb-try-connection-name option[value='console-conn']"))
                        .size()
                == 1);
        new Select(driver.findElement(By.id("sb-try-connection-name"))).selectByValue("console-conn");
        WebElement parameters = driver.findElement(By.id("sb-try-parameters"));
        parameters.clear();
        parameters.sendKeys("{\"name\":\"Ada\"}");
        driver.findElement(By.id("sb-try-run")).click();
        wait.until(
                ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#sb-try-result .sb-status"), "200"));
        String body =
                driver.findElement(By.cssSelector("#sb-try-result .sb-body")).getText();
        assertTrue(body, body.contains("Ahoy, Ada!"));
        assertTrue("the secret was kept and used: " + body, body.contains("\"apiKeyLength\": " + SECRET.length()));

        assertFalse("the page holds the secret", driver.getPageSource().contains(SECRET));
        for (String line : host.output()) {
            assertFalse("the host printed the secret: " + line, line.contains(SECRET));
        }

        driver.findElement(By.cssSelector("tr[data-connection-name='console-conn'] button.sb-connection-delete"))
                .click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("sb-connection-status"), "Deleted console-conn"));
        wait.until(d -> d.findElements(By.cssSelector("tr[data-connection-name='console-conn']"))
                .isEmpty());
        assertEquals(404, host.get("/api/connections/console-conn").statusCode());
        assertFalse("the page holds the secret", driver.getPageSource().contains(SECRET));
    }

    /**
     * The console is branded Switchboard (title and header, on the Connectors page and on the console's own pages),
     * and at 1000, 1200 and 1400 px: no header title of the sortable Connectors table runs under its sort icon (the
     * tablesorter's 21 px background at the right of the cell), and a bundle ("name version [id]", long with a
     * timestamped SNAPSHOT version) stays on one line with the whole text as its tooltip. Screenshots of each width go
     * to target/console-<width>.png.
     */
    @Test
    public void j_theConsoleIsBrandedAndHeaderTitlesStayClearOfTheirSortIcons() throws Exception {
        driver.get(page);
        wait.until(d -> d.findElements(By.cssSelector("#sb-connectors tr[data-connector='sql']"))
                        .size()
                == 1);
        wait.until(
                d -> !d.findElements(By.cssSelector("#sb-connectors th.header")).isEmpty());
        assertTrue(driver.getTitle(), driver.getTitle().startsWith("Switchboard - "));
        String lead = driver.findElement(By.id("lead")).getText();
        assertTrue(lead, lead.startsWith("Switchboard"));
        assertFalse(lead, lead.contains("Apache Felix"));
        String logo = (String)
                ((JavascriptExecutor) driver)
                        .executeScript(
                                "var i = document.querySelector('#lead img'); return i.complete && i.naturalWidth > 0 ? i.src : null;");
        assertTrue("the Switchboard logo loads: " + logo, logo != null && logo.endsWith("switchboard-logo.svg"));

        try {
            for (int width : new int[] {1000, 1200, 1400}) {
                driver.manage().window().setSize(new Dimension(width, 900));
                wait.until(d -> Math.abs(((Number) ((JavascriptExecutor) d).executeScript("return window.innerWidth;"))
                                        .intValue()
                                - width)
                        < 40);
                @SuppressWarnings("unchecked")
                List<String> overlaps = (List<String>) ((JavascriptExecutor) driver)
                        .executeScript("var out = [];"
                                // lines of text in an element: the distinct tops of its text's boxes (an ellipsis
                                // splits the
                                // text into more than one box on the same line)
                                + "function lines(node) { var range = document.createRange(); range.selectNodeContents(node);"
                                + "  var tops = {}; Array.prototype.forEach.call(range.getClientRects(),"
                                + "    function (r) { tops[Math.round(r.top)] = true; });"
                                + "  return Object.keys(tops).length; }"
                                + "document.querySelectorAll('#sb-connectors th.header').forEach(function (th) {"
                                + "  var range = document.createRange(); range.selectNodeContents(th);"
                                + "  var text = range.getBoundingClientRect(), cell = th.getBoundingClientRect();"
                                + "  var icon = cell.right - parseFloat(getComputedStyle(th).borderRightWidth) - 21;"
                                + "  if (text.right > icon || lines(th) !== 1) {"
                                + "    out.push(th.textContent + ': text to ' + text.right + ', icon from ' + icon"
                                + "      + ', lines ' + lines(th)); }"
                                + "});"
                                + "document.querySelectorAll('#sb-console td.sb-bundle').forEach(function (td) {"
                                + "  if (lines(td) !== 1 || td.title !== td.textContent) {"
                                + "    out.push('bundle ' + td.textContent + ': ' + lines(td) + ' lines, title ' + td.title); }"
                                + "});"
                                + "return out;");
                Path shot = ((TakesScreenshot) driver)
                        .getScreenshotAs(OutputType.FILE)
                        .toPath();
                Files.copy(shot, Paths.get("target", "console-" + width + ".png"), StandardCopyOption.REPLACE_EXISTING);
                assertEquals("at " + width + " px", List.of(), overlaps);
                assertFalse(driver.findElements(By.cssSelector("#sb-console td.sb-bundle"))
                        .isEmpty());
            }
        } finally {
            driver.manage().window().setSize(new Dimension(1400, 1300));
        }

        driver.get(page.replace("/connectors", "/bundles"));
        wait.until(d -> d.getTitle().contains("Bundles"));
        assertTrue(driver.getTitle(), driver.getTitle().startsWith("Switchboard - "));
    }

    private static void assertNotPwned() {
        assertEquals("undefined", ((JavascriptExecutor) driver).executeScript("return typeof window.__pwned"));
    }
}
