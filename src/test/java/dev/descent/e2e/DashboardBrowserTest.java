package dev.descent.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver) on a secured server: it asks for
 * the API key, the job list shows a running job, and its page's loss chart grows from the event stream; a sweep's page
 * shows its leaderboard, plot and trials. Screenshots go to target/. Skipped only outside CI when Chromium is not
 * installed; .ci/run installs it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String KEY = "dashboard-test-admin-key";

    @LocalServerPort
    private int port;
    private WebDriver browser;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("descent-dashboard").toString();
        registry.add("descent.data-dir", () -> dir);
        registry.add("descent.executor.poll-interval", () -> "100ms");
        registry.add("descent.executor.workers", () -> "1");
        registry.add("descent.history.flush-interval", () -> "200ms");
        registry.add("descent.watch.poll-interval", () -> "100ms");
        registry.add("descent.watch.progress-interval", () -> "200ms");
        // secured: the dashboard must ask for the key and send it, with its event stream too
        registry.add("descent.security.mode", () -> "secured");
        registry.add("descent.security.admin-key", () -> KEY);
    }

    @BeforeAll
    static void chromiumInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        // in CI the browser test must run: .ci/run installs Chromium, and a missing one is a failure there
        Assumptions.assumeTrue(installed || System.getenv("CI") != null,
                "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private WebDriver startBrowser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1300,900",
                "--user-data-dir=" + Files.createTempDirectory("descent-chromium").toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Says yes to the page's confirmation dialog once it shows. */
    private static void confirm(WebDriverWait wait) {
        wait.until(d -> {
            try {
                d.switchTo().alert().accept();
                return true;
            } catch (NoAlertPresentException notYet) {
                return false;
            }
        });
    }

    private int plottedPoints(String canvas) {
        String points = browser.findElement(By.id(canvas)).getDomAttribute("data-points");
        return points == null ? -1 : Integer.parseInt(points);
    }

    @Test
    void theDashboardListsAJobAndItsLossChartGrowsWhileItTrains() throws IOException {
        Http http = new Http(port).withKey(KEY);
        // 1.5M steps: still running when a fast machine has started the browser; cancelled once seen
        Http.Response submitted = http.post("/api/v1/jobs", """
                {"name": "watched in a browser", "project": "browser", "tags": {"team": "ui"},
                 "dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 16}]},
                 "optimizer": {"type": "sgd", "learningRate": 0.05}, "training": {"epochs": 10000, "batchSize": 1,
                 "diagnostics": {"layerStatistics": {"every": 50}}}}
                """);
        String id = submitted.body().path("id").asString();
        http.awaitJob(id, Duration.ofSeconds(60), "RUNNING");
        browser = startBrowser();
        String base = "http://localhost:" + port;

        browser.get(base + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(d -> !d.findElements(By.id("api-key")).isEmpty());
        browser.findElement(By.id("api-key")).sendKeys(KEY, Keys.ENTER);
        wait.until(d -> !d.findElements(By.cssSelector("tr[data-job='" + id + "'] td.status-RUNNING")).isEmpty());
        assertThat(browser.findElement(By.id("swagger-link")).getDomAttribute("href")).isEqualTo("/swagger-ui/index.html");
        String row = "tr[data-job='" + id + "']";
        assertThat(browser.findElement(By.cssSelector(row + " td.job-project")).getText()).isEqualTo("browser");
        assertThat(browser.findElement(By.cssSelector(row + " td.job-tags")).getText()).isEqualTo("team:ui");
        screenshot("dashboard-jobs.png");
        // filtered by a tag no job has, then by the job's own
        browser.findElement(By.id("filter-tags")).sendKeys("team:nobody");
        wait.until(d -> d.findElements(By.cssSelector(row)).isEmpty());
        browser.findElement(By.id("filter-tags")).clear();
        browser.findElement(By.id("filter-tags")).sendKeys("team:ui");
        wait.until(d -> !d.findElements(By.cssSelector(row)).isEmpty());
        browser.findElement(By.id("filter-project")).sendKeys("browser");
        wait.until(d -> d.findElements(By.cssSelector("#jobs tbody tr[data-job]")).size() == 1);

        browser.findElement(By.linkText("watched in a browser")).click();
        wait.until(d -> plottedPoints("loss-chart") > 0);
        int first = plottedPoints("loss-chart");
        wait.until(d -> plottedPoints("loss-chart") >= first + 5);
        wait.until(d -> plottedPoints("accuracy-chart") > 0);
        assertThat(browser.findElement(By.id("job-status")).getText()).isEqualTo("RUNNING");
        assertThat(browser.findElement(By.id("job-progress")).getText()).contains("epoch");
        assertThat(browser.findElements(By.cssSelector("a[href$='/plot.svg?metrics=loss,validation_loss&log=true']")))
                .hasSize(1);
        // the diagnostics the job records: the server's plots, and their latest values from the event stream
        wait.until(d -> d.findElement(By.cssSelector("img[data-metric='layer_update_ratio']")).getDomAttribute("src")
                != null);
        wait.until(d -> d.findElement(By.id("diagnostics-latest")).getText().contains("layer_gradient_norm[2]"));
        screenshot("dashboard-job.png");

        // each epoch metric's final and best values
        wait.until(d -> !d.findElements(By.cssSelector("#job-metrics tr[data-metric='validationAccuracy']")).isEmpty());
        // what the job was asked to do, and its actions: cancelled from the page, once confirmed
        assertThat(browser.findElement(By.id("job-spec")).getDomProperty("textContent")).contains("\"epochs\": 10000");
        browser.findElement(By.cssSelector("#job-actions button[data-action='cancel']")).click();
        confirm(wait);
        wait.until(d -> d.findElement(By.id("job-status")).getText().equals("CANCELLED"));
        assertThat(http.get("/api/v1/jobs/" + id).body().path("status").asString()).isEqualTo("CANCELLED");
        wait.until(d -> !d.findElements(By.cssSelector("#job-actions button[data-action='delete']")).isEmpty());

        // a private job's page: its privacy report, and its ε among the curves
        Http.Response dp = http.post("/api/v1/jobs", """
                {"name": "private", "dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 8}]},
                 "optimizer": {"type": "sgd", "learningRate": 0.1},
                 "training": {"epochs": 2, "batchSize": 16, "privacy": {"clipNorm": 1.0, "noiseMultiplier": 1.0}}}""");
        String dpId = dp.body().path("id").asString();
        http.awaitJob(dpId, Duration.ofSeconds(60), "SUCCEEDED");
        browser.get(base + "/#/jobs/" + dpId);
        wait.until(d -> !d.findElements(By.cssSelector("#job-privacy td")).isEmpty());
        assertThat(browser.findElement(By.id("job-privacy")).getText()).contains("epsilon", "noiseMultiplier");
        wait.until(d -> d.findElement(By.cssSelector("img[data-metric='epsilon']")).getDomAttribute("src") != null);
        assertThat(browser.findElements(By.cssSelector("img[data-metric='learning_rate']"))).hasSize(1);
    }

    @Test
    void theSweepPageShowsTheLeaderboardThePlotAndThePowerLawAndLinksEachTrial() throws Exception {
        Http http = new Http(port).withKey(KEY);
        Http.Response created = http.post("/api/v1/sweeps", """
                {"name": "rate by batch", "seeds": 2, "maxConcurrentTrials": 8,
                 "base": {"dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 8}]},
                          "optimizer": {"type": "sgd", "learningRate": 0.1}, "training": {"epochs": 2, "batchSize": 16}},
                 "parameters": {"optimizer.learningRate": {"values": [0.05, 0.2]},
                                "training.batchSize": {"values": [8, 32]}}}""");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(202);
        String id = created.body().path("id").asString();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!http.get("/api/v1/sweeps/" + id).body().path("status").asString().equals("SUCCEEDED")) {
            assertThat(System.nanoTime()).as("the sweep finishes").isLessThan(deadline);
            Thread.sleep(200);
        }
        browser = startBrowser();
        browser.get("http://localhost:" + port + "/#/sweeps");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(d -> !d.findElements(By.id("api-key")).isEmpty());
        browser.findElement(By.id("api-key")).sendKeys(KEY, Keys.ENTER);
        wait.until(d -> !d.findElements(By.cssSelector("tr[data-sweep='" + id + "'] td.status-SUCCEEDED")).isEmpty());
        browser.findElement(By.linkText("rate by batch")).click();

        wait.until(d -> d.findElements(By.cssSelector("#leaderboard tr[data-rank]")).size() == 4);
        wait.until(d -> d.findElement(By.id("sweep-plot")).getDomAttribute("src") != null);
        wait.until(d -> (Boolean) ((JavascriptExecutor) d)
                .executeScript("return document.getElementById('sweep-plot').naturalWidth > 0"));
        assertThat(browser.findElement(By.id("sweep-title")).getText()).isEqualTo("rate by batch");
        assertThat(browser.findElement(By.id("sweep-summary")).getText()).contains("SUCCEEDED", "8 succeeded", "Best");
        assertThat(browser.findElement(By.id("sweep-power-law")).getText()).contains("α =");
        assertThat(browser.findElements(By.cssSelector("#sweep-trials tr[data-job]"))).hasSize(8);
        screenshot("dashboard-sweep.png");

        // every configuration links its trials (two seeds each); a trial's page links back to its sweep
        assertThat(browser.findElements(By.cssSelector("#leaderboard a[href^='#/jobs/']"))).hasSize(8);
        browser.findElement(By.cssSelector("#leaderboard tr[data-rank='1'] a[href^='#/jobs/']")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#job-sweep a[href='#/sweeps/" + id + "']")).isEmpty());
        assertThat(browser.findElement(By.id("job-sweep")).getText()).contains("optimizer.learningRate");

        // two trials of different configurations ticked in the job list and compared: the overlay and what differs
        JsonNode trials = http.get("/api/v1/jobs?sweep=" + id + "&size=50").body().path("items");
        List<String> picked = new java.util.ArrayList<>();
        trials.forEach(t -> {
            if (t.path("trial").path("number").asInt() % 2 == 0 && picked.size() < 2) {
                picked.add(t.path("id").asString());
            }
        });
        browser.get("http://localhost:" + port + "/#/");
        for (String trial : picked) {
            wait.until(d -> !d.findElements(By.cssSelector("tr[data-job='" + trial + "'] input")).isEmpty());
            browser.findElement(By.cssSelector("tr[data-job='" + trial + "'] input")).click();
        }
        browser.findElement(By.id("compare-link")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#compare-differences tr[data-path]")).isEmpty());
        wait.until(d -> (Boolean) ((JavascriptExecutor) d)
                .executeScript("return document.getElementById('compare-plot').naturalWidth > 0"));
        assertThat(browser.findElement(By.id("compare-differences")).getText())
                .containsAnyOf("optimizer.learningRate", "training.batchSize");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("compare-metric")))
                .selectByValue("validation_accuracy");
        wait.until(d -> !d.findElements(By.cssSelector("#compare-differences tr[data-path]")).isEmpty());
        screenshot("dashboard-compare.png");
    }

    @Test
    void aPersonUploadsPreviewsAndDeletesADatasetAndSeesWhereABadFileIsWrong() throws Exception {
        StringBuilder csv = new StringBuilder("width,height,kind\n");
        for (int i = 0; i < 30; i++) {
            csv.append(i % 7).append('.').append(i % 3).append(',').append(i % 5).append(",").append(i % 2 == 0 ? "wide" : "tall")
                    .append('\n');
        }
        Path good = Files.createTempFile("shapes", ".csv");
        Files.writeString(good, csv);
        Path bad = Files.createTempFile("broken", ".csv");
        Files.writeString(bad, "width,height,kind\n1,2,wide\n3,oops,tall\n");
        browser = startBrowser();
        browser.get("http://localhost:" + port + "/#/datasets");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(d -> !d.findElements(By.id("api-key")).isEmpty());
        browser.findElement(By.id("api-key")).sendKeys(KEY, Keys.ENTER);
        wait.until(d -> !d.findElements(By.cssSelector("tr[data-dataset='iris']")).isEmpty());

        browser.findElement(By.id("upload-file")).sendKeys(bad.toString());
        browser.findElement(By.id("upload-label")).sendKeys("kind");
        browser.findElement(By.cssSelector("#upload-form button[type='submit']")).click();
        wait.until(d -> d.findElement(By.id("upload-result")).getText().contains("line 3"));

        browser.findElement(By.id("upload-file")).sendKeys(good.toString());
        browser.findElement(By.id("upload-name")).sendKeys("shapes");
        browser.findElement(By.cssSelector("#upload-form button[type='submit']")).click();
        wait.until(d -> d.findElement(By.id("upload-result")).getText().contains("30 rows"));
        String id = browser.findElement(By.id("upload-result")).getText().replaceAll("uploaded as (\\S+):.*", "$1");
        wait.until(d -> !d.findElements(By.cssSelector("tr[data-dataset='" + id + "']")).isEmpty());
        browser.findElement(By.cssSelector("tr[data-dataset='" + id + "'] button[data-action='preview']")).click();
        wait.until(d -> d.findElements(By.cssSelector("#preview-table tbody tr")).size() == 10);
        assertThat(browser.findElement(By.cssSelector("#preview-table thead")).getText()).contains("width", "height");
        screenshot("dashboard-datasets.png");

        browser.findElement(By.cssSelector("tr[data-dataset='" + id + "'] button[data-action='delete']")).click();
        confirm(wait);
        wait.until(d -> d.findElements(By.cssSelector("tr[data-dataset='" + id + "']")).isEmpty());
        assertThat(new Http(port).withKey(KEY).get("/api/v1/datasets/" + id).status()).isEqualTo(404);
    }
}
