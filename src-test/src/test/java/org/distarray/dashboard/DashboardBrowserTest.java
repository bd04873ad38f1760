package org.distarray.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.distarray.arrays.Shape;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's page in a real headless browser (Debian's chromium and chromium-driver, which {@code .ci/run}
 * installs): it lists the engines of the embedded runtime, shows a new array within 2 s and drops it within 2 s of
 * its close; a screenshot of the page goes to {@code target/dashboard.png}.
 */
class DashboardBrowserTest {
  private static final Duration SHOWN_WITHIN = Duration.ofSeconds(2);
  private static DistContext ctx;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() {
    ctx = DashboardHttp.withDashboard(4);
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1400,1200");
    // Debian's driver, named here: Selenium would otherwise look for one on the network
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      ctx.close();
    }
  }

  @Test
  void thePageShowsTheEnginesAndAnArrayFromCreationToClose() throws IOException {
    browser.get(ctx.dashboardUrl().orElseThrow());
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> engineRows().size() == 4);
    for (WebElement row : engineRows()) {
      assertEquals("live", row.findElements(By.tagName("td")).get(2).getText(), row.getText());
    }

    DistArray a = ctx.ones(ctx.distribution(Shape.of(123, 45), "bc"));
    new WebDriverWait(browser, SHOWN_WITHIN).until(b -> arrayRows("(123, 45)").size() == 1);
    WebElement row = arrayRows("(123, 45)").get(0);
    assertTrue(row.getText().contains("float64") && row.getText().contains("'bc'"), row.getText());
    new WebDriverWait(browser, SHOWN_WITHIN).until(b -> {
      Object loaded = browser.executeScript("const i = arguments[0].querySelector('img');"
          + " return i !== null && i.complete && i.naturalWidth > 0;", row);
      return Boolean.TRUE.equals(loaded);
    });

    Path shot = Path.of("target", "dashboard.png");
    Files.createDirectories(shot.getParent());
    Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
    assertTrue(Files.size(shot) > 10_000, "a screenshot of the page: " + Files.size(shot) + " bytes");

    a.close();
    new WebDriverWait(browser, SHOWN_WITHIN).until(b -> arrayRows("(123, 45)").isEmpty());
  }

  private static List<WebElement> engineRows() {
    return browser.findElements(By.cssSelector("#engines tbody tr"));
  }

  private static List<WebElement> arrayRows(String shape) {
    return browser.findElements(By.xpath("//table[@id='arrays']/tbody/tr[td[2][text()='" + shape + "']]"));
  }
}
