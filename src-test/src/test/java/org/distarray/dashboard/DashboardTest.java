package org.distarray.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.distarray.arrays.Shape;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.EngineMemory;
import org.distarray.runtime.MemoryReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard of an embedded runtime over HTTP: {@code /api/state} agrees with {@code memory()}, lists the arrays
 * with their layouts and the operations with their kinds; {@code /metrics} passes {@code promtool check metrics} and
 * its counters move with the work done; {@code /plot/<id>} is a PNG; without {@code distarray.dashboard.port} no
 * dashboard runs.
 */
class DashboardTest {
  private static DistContext ctx;
  private static String url;

  @BeforeAll
  static void start() {
    ctx = DashboardHttp.withDashboard(3);
    url = ctx.dashboardUrl().orElseThrow(() -> new AssertionError("no dashboard though the port was set"));
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  @Test
  void theAddressIsOnThisMachinesLoopbackAndThePageIsServed() {
    assertTrue(url.matches("http://127\\.0\\.0\\.1:\\d+/"), url);
    String page = DashboardHttp.text(url, "");
    assertTrue(page.contains("<title>DistArray dashboard</title>") && page.contains("api/state"), page);
  }

  @Test
  void theStateAgreesWithTheMemoryReport() {
    try (DistArray a = ctx.ones(ctx.distribution(Shape.of(300, 7), "bn"));
        DistArray b = ctx.arange(1000)) {
      MemoryReport memory = ctx.memory();
      JsonNode state = DashboardHttp.state(url);

      assertEquals(3, state.get("engines").size(), state.toString());
      Map<Integer, JsonNode> byId = new HashMap<>();
      state.get("engines").forEach(e -> byId.put(e.get("id").asInt(), e));
      for (EngineMemory m : memory.engines().values()) {
        JsonNode e = byId.get(m.engineId());
        assertTrue(e.get("live").asBoolean(), e.toString());
        assertEquals(m.blocks(), e.get("blocks").asInt(), "blocks of engine " + m.engineId());
        assertEquals(m.blockBytes(), e.get("blockBytes").asLong(), "block bytes of engine " + m.engineId());
        assertEquals(m.budgetBytes(), e.get("budgetBytes").asLong(), "budget of engine " + m.engineId());
        assertEquals(m.bytesSent(), e.get("bytesSent").asLong(), "bytes sent by engine " + m.engineId());
      }
      JsonNode rows = find(state.get("arrays"), "[300,7]");
      assertEquals("float64", rows.get("dtype").asText());
      assertEquals("bn", rows.get("dist").asText());
      assertEquals("[3,1]", rows.get("grid").toString());
      assertEquals(300 * 7 * 8, rows.get("bytes").asLong());
      assertEquals("int64", find(state.get("arrays"), "[1000]").get("dtype").asText());
    }
  }

  @Test
  void operationsAreListedWithTheirKindArraysAndDuration() {
    try (DistArray a = ctx.arange(100)) {
      assertEquals(4950.0, a.sum());
      JsonNode recent = DashboardHttp.state(url).get("recent");
      JsonNode last = null;
      for (JsonNode op : recent) {
        if (op.get("kind").asText().equals("ReduceToValue")) {
          last = op;
        }
      }
      assertTrue(last != null, "a ReduceToValue among the last operations: " + recent);
      assertTrue(last.get("seconds").asDouble() >= 0 && !last.has("error"), last.toString());
      assertEquals(1, last.get("arrays").size(), "the reduced array: " + last);
      assertTrue(recent.size() <= 100, "at most the last 100: " + recent.size());
    }
  }

  @Test
  void anIoOperationCarriesTheProgressItsEnginesReported(@org.junit.jupiter.api.io.TempDir Path dir) {
    try (DistArray a = ctx.arange(100_000)) {
      ctx.saveNpy(dir.resolve("a.npy"), a); // every engine writes its own elements and reports them
      JsonNode save = null;
      for (JsonNode op : DashboardHttp.state(url).get("recent")) {
        if (op.get("kind").asText().equals("RunTask")) {
          save = op;
        }
      }
      assertTrue(save != null && save.has("total"), "the save among the last operations, with its progress: "
          + DashboardHttp.state(url).get("recent"));
      assertEquals(100_000, save.get("total").asLong(), save.toString());
      assertEquals(100_000, save.get("done").asLong(), save.toString());
    }
  }

  @Test
  void metricsPassPromtoolAndTheirCountersMoveWithTheWork() throws Exception {
    String before = DashboardHttp.text(url, "metrics");
    try (DistArray a = ctx.arange(3000); DistArray c = a.redistribute(ctx.distribution(Shape.of(3000), "c"))) {
      for (int i = 0; i < 5; i++) {
        assertEquals(3000.0 * 2999 / 2, c.sum());
      }
      String after = DashboardHttp.text(url, "metrics");
      promtool(after);

      String reduce = "distarray_operations_seconds_count{kind=\"ReduceToValue\",outcome=\"ok\"}";
      assertTrue(value(after, reduce) >= value(before, reduce) + 5, reduce + ": " + value(before, reduce) + " -> "
          + value(after, reduce));
      double sent = 0;
      double sentBefore = 0;
      for (int engine = 0; engine < 3; engine++) {
        String series = "distarray_engine_sent_bytes_total{engine=\"" + engine + "\"}";
        sent += value(after, series);
        sentBefore += value(before, series);
      }
      // 'b' -> 'c' over 3 engines: element i goes to engine i % 3; of each block of 1000, the 334 with i % 3 equal
      // to the block's engine stay, so 3000 - 3 * 334 = 1998 int64 elements change engine
      assertEquals(1998 * 8, sent - sentBefore, "bytes sent engine to engine: " + sentBefore + " -> " + sent);
      assertEquals(3.0, value(after, "distarray_engines{state=\"live\"}"));
      assertEquals(0.0, value(after, "distarray_engines{state=\"lost\"}"));
      assertEquals(DashboardHttp.state(url).get("arrays").size(), value(after, "distarray_arrays"),
          "live arrays (nothing was created or closed since the scrape)");
    }
  }

  @Test
  void anArraysLayoutIsAPngAndAnUnknownIdIsNotFound() {
    try (DistArray a = ctx.ones(ctx.distribution(Shape.of(12, 9), "cc"))) {
      long id = find(DashboardHttp.state(url).get("arrays"), "[12,9]").get("id").asLong();
      java.net.http.HttpResponse<byte[]> png = DashboardHttp.get(url, "plot/" + id);
      assertEquals(200, png.statusCode());
      byte[] magic = java.util.Arrays.copyOf(png.body(), 8);
      assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, magic);
      assertEquals(404, DashboardHttp.get(url, "plot/" + Long.MAX_VALUE).statusCode());
    }
  }

  @Test
  void withoutThePortSetNoDashboardRuns() {
    try (DistContext plain = DistContext.local(1)) {
      assertTrue(plain.dashboardUrl().isEmpty());
    }
  }

  /** The array of the state whose shape is shapeJson (one must match). */
  private static JsonNode find(JsonNode arrays, String shapeJson) {
    JsonNode found = null;
    for (JsonNode a : arrays) {
      if (a.get("shape").toString().equals(shapeJson)) {
        found = a;
      }
    }
    assertTrue(found != null, "an array of shape " + shapeJson + " in " + arrays);
    return found;
  }

  /** The value of one series in Prometheus' text format (0 when absent). */
  private static double value(String metrics, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** Runs Debian's {@code promtool check metrics} on the text, failing with its complaints. */
  private static void promtool(String metrics) throws IOException, InterruptedException {
    Path in = Files.createTempFile("metrics", ".txt");
    try {
      Files.writeString(in, metrics);
      Process p = new ProcessBuilder("promtool", "check", "metrics").redirectInput(in.toFile())
          .redirectErrorStream(true).start();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not finish within 30 s");
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      // promtool exits 3 for lint problems only (names, help texts), 1 for text it cannot parse
      assertTrue(p.exitValue() == 0, "promtool check metrics: exit " + p.exitValue() + "\n" + out);
    } finally {
      Files.deleteIfExists(in);
    }
  }
}
