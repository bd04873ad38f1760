package org.distarray.runtime.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.distarray.actors.RuntimeState;
import org.distarray.actors.engine.Engine;
import org.distarray.arrays.dist.Distribution;

/**
 * {@code /api/state}: the snapshot as JSON. Engines with their memory report (absent for a lost engine), arrays with
 * their layout (NumPy's dtype name, the distribution's kinds per axis, grid and target engines), the operations
 * running and the last ones that finished (times in seconds).
 */
final class StateJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StateJson() {}

  static String of(RuntimeView.Snapshot s) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode engines = root.putArray("engines");
    for (RuntimeState.EngineInfo e : s.state().engines()) {
      ObjectNode n = engines.addObject();
      n.put("id", e.id()).put("node", e.node()).put("live", e.live());
      if (e.lostReason() != null) {
        n.put("lostReason", e.lostReason());
      }
      Engine.MemoryUsed m = s.memory().get(e.id());
      if (m != null) {
        n.put("blocks", m.blocks()).put("blockBytes", m.blockBytes()).put("usedBytes", m.usedBytes())
            .put("budgetBytes", m.budgetBytes()).put("bytesSent", m.bytesSent())
            .put("busySeconds", m.busyNanos() / 1e9);
      }
    }
    ArrayNode arrays = root.putArray("arrays");
    for (RuntimeState.ArrayInfo a : s.state().arrays()) {
      Distribution d = a.distribution();
      ObjectNode n = arrays.addObject();
      n.put("id", a.id()).put("dtype", a.dtype().numpyName()).put("dist", d.dist()).put("bytes", a.bytes());
      longs(n.putArray("shape"), d.shape().dims());
      ints(n.putArray("grid"), d.gridShape());
      ints(n.putArray("targets"), d.targets());
    }
    operations(root.putArray("running"), s.state().running());
    operations(root.putArray("recent"), s.state().recent());
    return root.toString();
  }

  private static void operations(ArrayNode out, List<RuntimeState.Operation> ops) {
    for (RuntimeState.Operation op : ops) {
      ObjectNode n = out.addObject();
      n.put("id", op.id()).put("kind", op.kind()).put("started", op.startedMillis()).put("seconds", op.nanos() / 1e9);
      longs(n.putArray("arrays"), op.arrays());
      if (op.error() != null) {
        n.put("error", op.error());
      }
      if (op.total() >= 0) {
        n.put("done", op.done()).put("total", op.total());
      }
    }
  }

  private static void longs(ArrayNode out, long[] values) {
    for (long v : values) {
      out.add(v);
    }
  }

  private static void ints(ArrayNode out, int[] values) {
    for (int v : values) {
      out.add(v);
    }
  }
}
