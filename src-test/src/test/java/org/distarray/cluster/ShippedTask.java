package org.distarray.cluster;

import java.util.HashMap;
import java.util.Map;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;

/**
 * A task that {@link TaskErrorsClusterTest} puts on the engine nodes' class path (in a jar of its own, as users do):
 * returns its rank ({@code "rank"}), or a value that cannot travel back: a map ({@code "map"}) or a two-dimensional
 * array ({@code "matrix"}).
 */
public record ShippedTask(String kind) implements LocalTask<Object> {
  @Override
  public Object run(LocalBlocks blocks) {
    return switch (kind) {
      case "map" -> new HashMap<>(Map.of("rank", blocks.rank()));
      case "matrix" -> new double[][] {{blocks.rank()}};
      default -> blocks.rank();
    };
  }
}
