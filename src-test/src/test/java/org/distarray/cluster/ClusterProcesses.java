package org.distarray.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Real cluster nodes for tests: each a separate JVM started from runtime/target/distarray-node.jar and a file of
 * config/ (or a client program of the test class path), on 127.0.0.1 with a free port, its output in
 * target/cluster-logs. Every process is reaped on close(), and by a shutdown hook if the test JVM ends first.
 */
final class ClusterProcesses implements AutoCloseable {
  static final Path ROOT = projectRoot();
  static final Path JAR = ROOT.resolve("runtime/target/distarray-node.jar");
  static final Path CONFIG = ROOT.resolve("config");

  /** One node process with its port and log. */
  record NodeProcess(String name, int port, Process process, Path log) {
    String address() {
      return "pekko://DistArray@127.0.0.1:" + port;
    }
  }

  private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
  private final Path logs;
  private final Thread reaper = new Thread(this::destroyAll, "cluster-process-reaper");
  private int seedPort = -1;
  private String heap = "1g";
  private Path jar = JAR;
  /** Jars the nodes started from now on have on their class path besides the runnable jar (users' task classes). */
  private List<Path> extraClassPath = List.of();

  ClusterProcesses(String testName) {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR + " is missing: the runtime module's package phase builds it");
    }
    logs = ROOT.resolve("src-test/target/cluster-logs/" + testName);
    try {
      Files.createDirectories(logs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * Starts a node from a file of config/ (or an absolute path) with env added to its environment. The first node
   * started is the seed of the ones after it.
   */
  NodeProcess start(String name, String configFile, Map<String, String> env, String... extraArgs) {
    int port = freePort();
    // a coordinator node's dashboard on a free port: several clusters of a test run on one machine
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx" + heap, "-XX:+UseSerialGC",
        "-Ddistarray.dashboard.port=0"));
    if (extraClassPath.isEmpty()) {
      cmd.addAll(List.of("-jar", jar.toString()));
    } else {
      StringBuilder cp = new StringBuilder(jar.toString());
      extraClassPath.forEach(extra -> cp.append(java.io.File.pathSeparator).append(extra));
      cmd.addAll(List.of("-cp", cp.toString(), "org.distarray.runtime.Node"));
    }
    cmd.addAll(List.of(CONFIG.resolve(configFile).toString(), "--port", String.valueOf(port), "--seed",
        "127.0.0.1:" + (seedPort < 0 ? port : seedPort)));
    cmd.addAll(List.of(extraArgs));
    NodeProcess node = launch(name, port, cmd, env);
    if (seedPort < 0) {
      seedPort = port;
    }
    return node;
  }

  /**
   * Starts a program of the test class path (main's {@code main} with args) in a JVM of its own, as a client node on
   * a free port (DISTARRAY_CLIENT_PORT, which config/client.conf reads); it is reaped with the nodes.
   */
  NodeProcess startProgram(String name, Class<?> main, String... args) {
    int port = freePort();
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx256m", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(List.of(args));
    return launch(name, port, cmd, Map.of("DISTARRAY_CLIENT_PORT", String.valueOf(port)));
  }

  private NodeProcess launch(String name, int port, List<String> cmd, Map<String, String> env) {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Path log = logs.resolve(name + ".log");
    pb.redirectOutput(log.toFile());
    pb.environment().putAll(env);
    try {
      NodeProcess node = new NodeProcess(name, port, pb.start(), log);
      nodes.put(name, node);
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException("starting node " + name + ": " + cmd, e);
    }
  }

  NodeProcess start(String name, String configFile, String... extraArgs) {
    return start(name, configFile, Map.of(), extraArgs);
  }

  /** The runnable jar the nodes started from now on run (default: runtime's distarray-node.jar). */
  ClusterProcesses jar(Path runnableJar) {
    if (!Files.isRegularFile(runnableJar)) {
      throw new IllegalStateException(runnableJar + " is missing: its module's package phase builds it");
    }
    this.jar = runnableJar;
    return this;
  }

  /**
   * Jars that the nodes started from now on have on their class path after the runnable jar (they then run
   * {@code org.distarray.runtime.Node} by name, as the README shows for users' task classes).
   */
  ClusterProcesses classPath(Path... jars) {
    this.extraClassPath = List.of(jars);
    return this;
  }

  /** Writes a jar of the given classes (from this test JVM's class path) into this test's directory. */
  Path jarOf(String name, Class<?>... classes) {
    Path file = logs.resolve(name);
    try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(file))) {
      for (Class<?> c : classes) {
        String entry = c.getName().replace('.', '/') + ".class";
        out.putNextEntry(new java.util.jar.JarEntry(entry));
        try (java.io.InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
          if (in == null) {
            throw new IllegalStateException("no class file for " + c.getName());
          }
          in.transferTo(out);
        }
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** The heap limit (-Xmx) of the nodes started from now on. */
  ClusterProcesses heap(String limit) {
    this.heap = limit;
    return this;
  }

  NodeProcess node(String name) {
    return nodes.get(name);
  }

  int seedPort() {
    return seedPort;
  }

  /** kill -9 of a node: it gets no chance to leave the cluster. */
  void kill(String name) {
    NodeProcess n = nodes.get(name);
    n.process().destroyForcibly();
    try {
      if (!n.process().waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("node " + name + " did not die within 10 s of SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A client config file for these nodes: the project's config/client.conf (or another) with this cluster's seed
   * and the engines connect() waits for.
   */
  Path clientConfig(String name, int minEngines, String... moreLines) {
    StringBuilder text = new StringBuilder();
    text.append("include file(\"").append(CONFIG.resolve("client.conf")).append("\")\n");
    text.append("pekko.cluster.seed-nodes = [\"pekko://DistArray@127.0.0.1:").append(seedPort).append("\"]\n");
    text.append("distarray.client.min-engines = ").append(minEngines).append('\n');
    text.append("distarray.client.connect-timeout = 90s\n"); // JVMs start slowly on a busy two-core machine
    for (String line : moreLines) {
      text.append(line).append('\n');
    }
    Path file = logs.resolve(name + ".conf");
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Waits until condition holds, at most limit; false when it never did. */
  static boolean await(Duration limit, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    return condition.getAsBoolean();
  }

  /** Writes a config file into this test's directory and returns its path. */
  Path writeConfig(String name, String... lines) {
    Path file = logs.resolve(name);
    try {
      Files.writeString(file, String.join("\n", lines) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** The text a node wrote so far. */
  static String logOf(NodeProcess n) {
    try {
      return Files.readString(n.log());
    } catch (IOException e) {
      return "";
    }
  }

  /** Closes the client's context (if it was made), then stops every node, also when closing the context failed. */
  void closeAfter(org.distarray.runtime.DistContext client) {
    try {
      if (client != null) {
        client.close();
      }
    } finally {
      close();
    }
  }

  @Override
  public void close() {
    destroyAll();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  private synchronized void destroyAll() {
    for (NodeProcess n : nodes.values()) {
      n.process().destroy();
    }
    for (NodeProcess n : nodes.values()) {
      try {
        if (!n.process().waitFor(15, TimeUnit.SECONDS)) {
          n.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        n.process().destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Ports handed out by this JVM: never twice, even when a node has not bound its port yet. */
  private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * A port that is free now, below Linux's ephemeral range (32768 and up): a node binds it only after it has
   * started, and meanwhile the ports that nodes and clients take for their own sockets (port 0) come from the
   * ephemeral range, so they cannot take this one first.
   */
  static int freePort() {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = 20_000 + random.nextInt(12_000);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (IOException taken) {
        // in use: try another
      }
    }
    throw new IllegalStateException("no free port in 20000-31999 after 1000 attempts");
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static Path projectRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("config/engine-node.conf"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("no config/engine-node.conf above " + Path.of("").toAbsolutePath());
    }
    return p;
  }
}
