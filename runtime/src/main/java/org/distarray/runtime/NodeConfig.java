package org.distarray.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration of a cluster node or client: a file from config/ with settings from the command line on top,
 * then system properties, then the defaults of every module.
 */
final class NodeConfig {
  private NodeConfig() {}

  /**
   * Loads file with these overrides.
   *
   * @param host canonical host name, or null
   * @param port canonical port (0: any free port), or null
   * @param seeds seed nodes as HOST:PORT; empty: those of the file, or of {@code DISTARRAY_SEEDS} (comma-separated)
   * @param engines engines on this node, or null
   * @throws IllegalArgumentException when the file is missing or not valid, or a seed is not HOST:PORT
   */
  static Config load(Path file, String host, Integer port, List<String> seeds, Integer engines) {
    if (file == null || !Files.isRegularFile(file)) {
      throw new IllegalArgumentException("config file " + file + " does not exist (the files are in config/: "
          + "coordinator-node.conf, engine-node.conf, client.conf, tls.conf)");
    }
    Map<String, Object> overrides = new HashMap<>();
    if (host != null) {
      overrides.put("pekko.remote.artery.canonical.hostname", host);
    }
    if (port != null) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      overrides.put("pekko.remote.artery.canonical.port", port);
    }
    List<String> seedList = new ArrayList<>(seeds);
    String fromEnv = System.getenv("DISTARRAY_SEEDS");
    if (seedList.isEmpty() && fromEnv != null && !fromEnv.isBlank()) {
      for (String s : fromEnv.split(",")) {
        seedList.add(s.trim());
      }
    }
    if (!seedList.isEmpty()) {
      List<String> addresses = new ArrayList<>();
      for (String s : seedList) {
        addresses.add(seedAddress(s));
      }
      overrides.put("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(addresses));
    }
    if (engines != null) {
      if (engines < 1) {
        throw new IllegalArgumentException("--engines must be at least 1, got " + engines);
      }
      overrides.put("distarray.node.engines", engines);
    }
    try {
      Config fileConfig = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      Config config = ConfigFactory.load(ConfigFactory.parseMap(overrides).withFallback(fileConfig));
      config.getInt("distarray.node.engines"); // checks the type early, naming the file
      return config;
    } catch (ConfigException e) {
      throw new IllegalArgumentException("config file " + file + " is not valid: " + e.getMessage(), e);
    }
  }

  /** The Pekko address of a HOST:PORT seed. */
  static String seedAddress(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("seed must be HOST:PORT, got '" + hostPort + "'");
    }
    try {
      int p = Integer.parseInt(hostPort.substring(colon + 1));
      if (p <= 0 || p > 65535) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("seed port must be 1..65535, got '" + hostPort + "'");
    }
    return "pekko://DistArray@" + hostPort;
  }
}
