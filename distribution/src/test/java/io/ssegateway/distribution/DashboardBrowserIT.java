package io.ssegateway.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real browser, on the shipped config (demo origin included): its numbers follow the streams a
 * client opens and closes through the gateway.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DashboardBrowserIT extends InABrowser {
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);
    private static final Duration SEE_LIMIT = Duration.ofSeconds(15);
    private static final int STREAMS = 3;

    @Test
    void theDashboardShowsStreamsOpenAndCloseAsAClientOpensAndClosesThem() throws Exception {
        ShippedConfig shipped = ShippedConfig.withFreePorts(distribution, work);
        List<InputStream> streams = new ArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        RunningGateway gateway = startGateway(shipped.file(), shipped.port(), shipped.adminPort());
        try (Browser browser = Browser.start(work)) {

            browser.driver().get("http://127.0.0.1:" + shipped.adminPort() + "/");
            browser.await("the feed is live", SEE_LIMIT,
                          d -> d.findElement(By.id("connection")).getText().equals("live"));
            assertEquals("0", field(browser.driver(), "open").getText());
            assertEquals("UP", browser.driver().findElement(By.id("status")).getText());

            for (int i = 0; i < STREAMS; i++) {
                HttpResponse<InputStream> response = SseStreams.open(client, shipped.port(), "/events");
                assertEquals(200, response.statusCode(), gateway.output());
                streams.add(response.body());
                readUntilAnEvent(response.body());
            }

            browser.await(STREAMS + " open streams", SEE_LIMIT,
                          d -> field(d, "open").getText().equals(String.valueOf(STREAMS))
                                  && field(d, "opened").getText().equals(String.valueOf(STREAMS)));
            browser.await("events flowing", SEE_LIMIT,
                          d -> Double.parseDouble(field(d, "eventsPerSecond").getText()) > 0
                                  && Long.parseLong(field(d, "events").getText()) >= STREAMS);
            WebElement upstream = browser.driver().findElement(
                    By.cssSelector("[data-route='events'] [data-upstream='http://127.0.0.1:" + shipped.demoPort()
                                   + "']"));
            assertTrue(upstream.getText().contains("usable"), upstream.getText());
            assertEquals(String.valueOf(STREAMS), browser.driver().findElement(By.id("total-open")).getText());
            browser.await("the chart drew the events", SEE_LIMIT, d -> Boolean.TRUE.equals(browser.script("""
                    const canvas = document.querySelector("[data-route='events'] [data-field='chart']");
                    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
                    for (let i = 0; i < pixels.length; i += 4) {
                      if (pixels[i + 3] > 0 && pixels[i + 2] - pixels[i] > 100) return true;  // the blue line
                    }
                    return false;
                    """)));

            streams.remove(0).close();
            streams.remove(0).close();

            browser.await("one stream left, two closed because the client went away", SEE_LIMIT,
                          d -> field(d, "open").getText().equals("1")
                                  && d.findElements(By.cssSelector(
                                          "[data-route='events'] [data-field='closed'] [data-key='client_gone'] b"))
                                          .stream().anyMatch(count -> count.getText().equals("2")));
            WebElement latest = browser.driver().findElement(By.cssSelector("#recent tr"));
            assertTrue(latest.getText().contains("closed") && latest.getText().contains("client_gone"),
                       latest.getText());

            assertEquals(0, gateway.terminate(STOP_LIMIT), "exit status after SIGTERM\n" + gateway.output());
        } finally {
            for (InputStream stream : streams) {
                stream.close();
            }
            client.shutdownNow(); // close() would wait for streams that may still be open
        }
    }

    private static WebElement field(WebDriver driver, String name) {
        return driver.findElement(By.cssSelector("[data-route='events'] [data-field='" + name + "']"));
    }

    /** Reads until the first blank line that ends an event with data. */
    private static void readUntilAnEvent(InputStream body) throws IOException {
        StringBuilder block = new StringBuilder();
        int next;
        while ((next = body.read()) != -1) {
            block.append((char) next);
            if (block.toString().contains("\ndata:") && block.toString().endsWith("\n\n")) {
                return;
            }
        }
        throw new AssertionError("the stream ended before an event: " + block);
    }
}
