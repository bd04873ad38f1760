package org.distarray.actors;

import java.util.List;
import org.distarray.arrays.DType;
import org.distarray.arrays.dist.Distribution;

/**
 * What the coordinator knows of the runtime now, for the dashboard: its engines (live or lost, and where), the arrays
 * it keeps, the operations waiting for engines and the last ones that finished, and the address of its node's
 * dashboard ("" when none runs there).
 */
public record RuntimeState(List<EngineInfo> engines, List<ArrayInfo> arrays, List<Operation> running,
    List<Operation> recent, String dashboardUrl) implements CborSerializable {

  /** An engine: its id, the address of its node ("" when it is in the coordinator's JVM), and why it was lost. */
  public record EngineInfo(int id, String node, boolean live, String lostReason) {}

  /** An array: its id, layout, dtype and the bytes of its blocks. */
  public record ArrayInfo(long id, Distribution distribution, DType dtype, long bytes) {}

  /**
   * An operation: its request id, kind (the command it serves), the arrays the command names, when it started (ms
   * since the epoch), how long it took (or has run so far), its error (null when it succeeded or still runs), and the
   * units its engines reported done of their total (a task's progress, IO's elements; -1 when none reported).
   */
  public record Operation(long id, String kind, long[] arrays, long startedMillis, long nanos, String error,
      long done, long total) {}
}
