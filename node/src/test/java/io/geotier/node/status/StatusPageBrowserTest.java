package io.geotier.node.status;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geotier.node.NodeTestCluster;
import io.geotier.node.TestObjects;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page in a real browser: Debian's headless Chromium driven by Selenium reads what the
 * node reports and uploads a file through the form, which is then fetched back as a HIT. The
 * screenshot is kept at node/target/status-page.png.
 */
@QuarkusTest
@WithTestResource(NodeTestCluster.class)
class StatusPageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static ChromeDriver browser;
    private static Path profile;

    @TestHTTPResource("/")
    URI base;

    @BeforeAll
    static void startBrowser() throws Exception {
        assertTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "install Debian's chromium and chromium-driver (.ci/run does)");
        profile = Files.createTempDirectory("geotier-chromium");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                // Root in a sandbox-less container, and a closed network: no GPU, no sandbox, no
                // background calls home.
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--window-size=1100,1300",
                        "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void thePageShowsTheNodeAndItsFormUploadsAFileThatIsServedBack() throws Exception {
        String warm = TestObjects.originFile(50_000);
        given().get("/" + warm).then().statusCode(200);
        browser.get(base.toString());
        assertTrue(browser.getTitle().startsWith("Geotier node"), browser.getTitle());
        assertEquals("test-region", browser.findElement(By.id("region")).getText());
        assertTrue(
                browser.findElement(By.id("health")).getText().startsWith("UP"),
                browser.findElement(By.id("health")).getText());
        assertTrue(
                browser.findElement(By.id("store")).getText().contains("of 64.0 MiB"),
                browser.findElement(By.id("store")).getText());
        assertTrue(browser.findElement(By.id("hit-ratio")).getText().matches("[0-9.]+% of [0-9]+ requests"));
        assertFalse(browser.getPageSource().contains(NodeTestCluster.ADMIN_TOKEN), "the token is not in the page");

        String key = "uploads/" + UUID.randomUUID() + "/episode.mp3";
        byte[] bytes = new byte[120_000];
        new Random(3).nextBytes(bytes);
        Path file = Files.createTempFile(profile, "episode", ".mp3");
        Files.write(file, bytes);
        browser.findElement(By.id("key")).sendKeys(key);
        browser.findElement(By.id("file")).sendKeys(file.toString());
        browser.findElement(By.id("tags")).sendKeys("show-1");
        browser.findElement(By.id("token")).sendKeys(NodeTestCluster.ADMIN_TOKEN);
        browser.findElement(By.id("send")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> d.findElement(By.id("upload-result")).getText().startsWith("201"));
        assertTrue(browser.findElement(By.id("upload-result")).getText().contains("\"success\":true"));

        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("target", "status-page.png"), StandardCopyOption.REPLACE_EXISTING);

        byte[] back = given().get("/" + key)
                .then()
                .statusCode(200)
                .header("X-Cache", "HIT")
                .header("Content-Disposition", org.hamcrest.Matchers.containsString("episode"))
                .extract()
                .asByteArray();
        assertArrayEquals(bytes, back);
    }

    @Test
    void aWrongTokenInTheFormIsRefusedAndStoresNothing() throws Exception {
        browser.get(base.toString());
        String key = "uploads/" + UUID.randomUUID() + ".bin";
        Path file = Files.createTempFile(profile, "x", ".bin");
        Files.write(file, new byte[100]);
        browser.findElement(By.id("key")).sendKeys(key);
        browser.findElement(By.id("file")).sendKeys(file.toString());
        browser.findElement(By.id("token")).sendKeys("not-the-token");
        browser.findElement(By.id("send")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> d.findElement(By.id("upload-result")).getText().startsWith("401"));
        given().get("/api/v1/exists/" + key).then().body("present", org.hamcrest.Matchers.equalTo(false));
    }
}
