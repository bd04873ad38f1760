package org.distarray.samples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.distarray.runtime.DistContext;

/**
 * The command line every sample shares: {@code --out DIR} (default {@code target/samples}), {@code --connect FILE}
 * (run on a cluster through a client config such as {@code config/client.conf}), {@code --engines N} (embedded
 * engines) and the sample's own {@code --name value} options. A malformed command line raises
 * {@link IllegalArgumentException} naming the option and the usage.
 */
final class SampleOptions {
  private static final Set<String> COMMON = Set.of("out", "connect", "engines");
  private final Map<String, String> values = new LinkedHashMap<>();
  private final String usage;

  private SampleOptions(String usage) {
    this.usage = usage;
  }

  /** Parses {@code --name value} pairs; {@code own} lists the sample's options beside the common ones. */
  static SampleOptions parse(String[] args, String usage, String... own) {
    SampleOptions o = new SampleOptions(usage);
    Set<String> known = new java.util.HashSet<>(COMMON);
    known.addAll(java.util.List.of(own));
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || !known.contains(a.substring(2))) {
        throw new IllegalArgumentException("unknown argument '" + a + "'; usage: " + usage);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + a + " needs a value; usage: " + usage);
      }
      o.values.put(a.substring(2), args[++i]);
    }
    return o;
  }

  String usage() {
    return usage;
  }

  /** The output directory, created if missing. */
  Path out() {
    Path dir = Path.of(values.getOrDefault("out", "target/samples"));
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot create the output directory " + dir + ": " + e.getMessage(), e);
    }
    return dir;
  }

  boolean connected() {
    return values.containsKey("connect");
  }

  String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  long positiveLong(String name, long fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      long x = Long.parseLong(v);
      if (x > 0) {
        return x;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--" + name + " must be a positive integer, not '" + v + "'; usage: " + usage);
  }

  int positiveInt(String name, int fallback) {
    long x = positiveLong(name, fallback);
    if (x > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--" + name + " is too large: " + x);
    }
    return (int) x;
  }

  double number(String name, double fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, not '" + v + "'; usage: " + usage, e);
    }
  }

  /**
   * A context: the cluster of {@code --connect}, else {@code --engines} (default given) engines in this JVM. Prints
   * the address of its dashboard when one runs (the coordinator's node's; embedded with
   * {@code -Ddistarray.dashboard.port=N}).
   */
  DistContext open(int defaultEngines) {
    DistContext ctx = connected() ? DistContext.connect(Path.of(values.get("connect")))
        : DistContext.local(positiveInt("engines", defaultEngines));
    ctx.dashboardUrl().ifPresent(url -> System.out.println("dashboard: " + url));
    return ctx;
  }

  /** Runs a sample's main body: a bad command line prints the message and exits with status 2. */
  static void main(String[] args, java.util.function.Consumer<String[]> body) {
    try {
      body.accept(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
  }
}
