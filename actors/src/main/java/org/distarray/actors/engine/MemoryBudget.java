package org.distarray.actors.engine;

import com.typesafe.config.Config;

/**
 * An engine's memory budget from the configuration: {@code distarray.engine.memory-budget} in bytes ("64 MiB"), or
 * {@code auto}, an equal share of {@code distarray.engine.heap-share} (80%) of the JVM's maximum heap among the
 * {@code distarray.engine.engines-in-jvm} engines of this JVM.
 */
final class MemoryBudget {
  private MemoryBudget() {}

  /**
   * The budget in bytes.
   *
   * @throws IllegalArgumentException when the setting is neither auto nor a positive size, quoting it
   */
  static long of(Config config) {
    String path = "distarray.engine.memory-budget";
    if (config.getString(path).equals("auto")) {
      double share = config.getDouble("distarray.engine.heap-share");
      int engines = Math.max(1, config.getInt("distarray.engine.engines-in-jvm"));
      return (long) (Runtime.getRuntime().maxMemory() * share / engines);
    }
    long bytes;
    try {
      bytes = config.getBytes(path);
    } catch (com.typesafe.config.ConfigException e) {
      throw new IllegalArgumentException(path + " must be 'auto' or a size such as \"512 MiB\", not \""
          + config.getString(path) + "\"", e);
    }
    if (bytes <= 0) {
      throw new IllegalArgumentException(path + " must be positive, not " + bytes + " bytes");
    }
    return bytes;
  }
}
