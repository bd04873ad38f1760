package org.distarray.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.distarray.runtime.DistContext;

/** The tests' HTTP client of a dashboard, and an embedded context that runs one. */
public final class DashboardHttp {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private DashboardHttp() {}

  /** An embedded context with a dashboard on a free port of this machine's loopback. */
  public static DistContext withDashboard(int engines) {
    String before = System.getProperty("distarray.dashboard.port");
    System.setProperty("distarray.dashboard.port", "0");
    com.typesafe.config.ConfigFactory.invalidateCaches();
    try {
      return DistContext.local(engines);
    } finally {
      if (before == null) {
        System.clearProperty("distarray.dashboard.port");
      } else {
        System.setProperty("distarray.dashboard.port", before);
      }
      com.typesafe.config.ConfigFactory.invalidateCaches();
    }
  }

  /** The response to GET url + path (at most 10 s). */
  public static HttpResponse<byte[]> get(String url, String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10)).GET().build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + url + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: GET " + url + path, e);
    }
  }

  /** GET url + path as text, failing unless the status is 200. */
  public static String text(String url, String path) {
    HttpResponse<byte[]> r = get(url, path);
    String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + body);
    }
    return body;
  }

  /** GET url + "api/state" as JSON. */
  public static JsonNode state(String url) {
    try {
      return JSON.readTree(text(url, "api/state"));
    } catch (IOException e) {
      throw new UncheckedIOException("the state is not JSON", e);
    }
  }
}
