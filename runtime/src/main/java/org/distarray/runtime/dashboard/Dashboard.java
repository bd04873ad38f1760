package org.distarray.runtime.dashboard;

import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathSingleSlash;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.distarray.actors.RuntimeState;
import org.distarray.actors.coordinator.Coordinator;
import org.distarray.actors.coordinator.OperationMetrics;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.runtime.plot.DistributionPlot;
import org.jfree.chart.ChartUtils;

/**
 * The dashboard: an HTTP server (pekko-http) on the coordinator's node, or in an embedded runtime, that serves
 * {@code /} (one page, its script and styles inline, which polls the state every second), {@code /api/state} (the
 * state as JSON), {@code /metrics} (Prometheus' text format) and {@code /plot/<array id>} (the array's distribution,
 * drawn by {@link DistributionPlot}, as a PNG). The state is asked of the coordinator and the engines at each request:
 * the runtime does no work for the dashboard while nobody looks.
 */
public final class Dashboard implements AutoCloseable {
  /** Plots kept (an array's layout never changes, so a picture is drawn once). */
  private static final int PLOTS_KEPT = 64;
  /** Elements an axis of the picture of a large array. */
  private static final int MINIATURE = 48;

  private final ServerBinding binding;
  private final String url;
  private final RuntimeView view;
  private final PrometheusMetrics metrics;
  private final Map<Long, byte[]> plots = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
      return size() > PLOTS_KEPT;
    }
  };

  private Dashboard(ActorSystem<?> system, ActorRef<Coordinator.Command> coordinator, String host, int port,
      Duration timeout) {
    this.view = new RuntimeView(system, coordinator, timeout);
    this.metrics = new PrometheusMetrics(OperationMetrics.of(system));
    String page = resource("index.html");
    Route route = concat(
        pathSingleSlash(() -> get(() -> org.apache.pekko.http.javadsl.server.Directives.complete(
            HttpResponse.create().withEntity(ContentTypes.TEXT_HTML_UTF8, page)))),
        path(PathMatchers.segment("api").slash("state"), () -> get(() -> completeWithFuture(
            view.snapshot().<HttpResponse>thenApply(s -> HttpResponse.create().withEntity(
                ContentTypes.APPLICATION_JSON, StateJson.of(s))).exceptionally(Dashboard::unavailable)))),
        path("metrics", () -> get(() -> completeWithFuture(
            view.snapshot().<HttpResponse>thenApply(s -> HttpResponse.create().withEntity(
                ContentTypes.TEXT_PLAIN_UTF8, metrics.scrape(s))).exceptionally(Dashboard::unavailable)))),
        path(PathMatchers.segment("plot").slash(PathMatchers.longSegment()), id -> get(() -> completeWithFuture(
            view.snapshot().<HttpResponse>thenApply(s -> plot(s.state(), id)).exceptionally(Dashboard::unavailable)))));
    try {
      this.binding = Http.get(system).newServerAt(host, port).bind(route).toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the dashboard cannot listen on " + host + ":" + port + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the dashboard did not start listening on " + host + ":" + port + " within "
          + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the dashboard on " + host + ":" + port, e);
    }
    this.url = "http://" + host + ":" + binding.localAddress().getPort() + "/";
    OperationMetrics.of(system).dashboardStarted(url);
    system.log().info("dashboard at {}", url);
  }

  /**
   * Starts a dashboard for the coordinator on host:port (port 0: a free one, which the log and {@link #url()} give).
   *
   * @throws IllegalStateException naming the address when it cannot listen there (the port is taken)
   */
  public static Dashboard start(ActorSystem<?> system, ActorRef<Coordinator.Command> coordinator, String host,
      int port, Duration timeout) {
    return new Dashboard(system, coordinator, host, port, timeout);
  }

  /** The page's address, {@code http://host:port/}. */
  public String url() {
    return url;
  }

  /** Stops listening. */
  @Override
  public void close() {
    binding.unbind();
  }

  /**
   * Starts the dashboard that config asks for ({@code distarray.dashboard.port}: a port, 0 for a free one, or "off";
   * defaultPort when it is not set, null for none) on {@code distarray.dashboard.interface}, or null when there is
   * none. A port that is taken is logged, and the runtime goes on without a dashboard.
   */
  public static Dashboard fromConfig(ActorSystem<?> system, ActorRef<Coordinator.Command> coordinator,
      String defaultPort, String defaultInterface) {
    com.typesafe.config.Config config = system.settings().config();
    String port = config.hasPath("distarray.dashboard.port") ? config.getString("distarray.dashboard.port")
        : defaultPort;
    if (port == null || port.equals("off")) {
      return null;
    }
    int number;
    try {
      number = Integer.parseInt(port.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("distarray.dashboard.port must be a port number, 0 or off, got '" + port
          + "'");
    }
    if (number < 0 || number > 65535) {
      throw new IllegalArgumentException("distarray.dashboard.port must be 0..65535 or off, got " + number);
    }
    String host = config.hasPath("distarray.dashboard.interface")
        && !config.getString("distarray.dashboard.interface").isBlank()
        ? config.getString("distarray.dashboard.interface") : defaultInterface;
    try {
      return start(system, coordinator, host, number, config.getDuration("distarray.ask-timeout"));
    } catch (IllegalStateException e) {
      system.log().warn("no dashboard: {}", e.getMessage());
      return null;
    }
  }

  private HttpResponse plot(RuntimeState state, long id) {
    for (RuntimeState.ArrayInfo a : state.arrays()) {
      if (a.id() == id) {
        byte[] png;
        synchronized (plots) {
          png = plots.get(id);
        }
        if (png == null) {
          DistributionPlot plot = plotOf(a.distribution());
          if (plot == null) {
            return HttpResponse.create().withStatus(StatusCodes.NOT_FOUND).withEntity("array " + id + " of shape "
                + a.distribution().shape() + " '" + a.distribution().dist() + "' has no picture (1-D and 2-D only)");
          }
          png = png(plot.title("array " + id + " " + a.distribution().shape() + " '" + a.distribution().dist() + "'")
              .labels(false));
          synchronized (plots) {
            plots.put(id, png);
          }
        }
        return HttpResponse.create().withEntity(ContentTypes.create(MediaTypes.IMAGE_PNG), png);
      }
    }
    return HttpResponse.create().withStatus(StatusCodes.NOT_FOUND).withEntity("no array " + id);
  }

  /**
   * The plot of d, or of the same kinds on at most {@value #MINIATURE} elements an axis when d has more than a plot
   * draws (cells are elements); null when neither can be drawn (more than two axes, or irregular layouts too large).
   */
  private static DistributionPlot plotOf(Distribution d) {
    try {
      return DistributionPlot.of(d);
    } catch (IllegalArgumentException tooLarge) {
      long[] dims = d.shape().dims();
      long[] mini = new long[dims.length];
      for (int k = 0; k < dims.length; k++) {
        mini[k] = Math.min(dims[k], Math.max(MINIATURE, d.gridShape()[k]));
      }
      try {
        return DistributionPlot.of(Distribution.of(Shape.of(mini), d.dist(), d.gridShape(), d.targets()));
      } catch (RuntimeException irregular) {
        return null;
      }
    }
  }

  private static byte[] png(DistributionPlot plot) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, plot.chart(), Math.min(480, plot.width()), Math.min(360, plot.height()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static HttpResponse unavailable(Throwable failure) {
    return HttpResponse.create().withStatus(StatusCodes.SERVICE_UNAVAILABLE)
        .withEntity("the coordinator or an engine did not answer: " + failure.getMessage());
  }

  private static String resource(String name) {
    try (InputStream in = Dashboard.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the dashboard's " + name + " is missing from the class path");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
