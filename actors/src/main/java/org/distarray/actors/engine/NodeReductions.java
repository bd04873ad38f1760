package org.distarray.actors.engine;

import org.distarray.actors.Expr;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.ops.PartialReduction;
import org.distarray.arrays.ops.ReduceOp;

/**
 * One engine's share of a small reduction for every engine of its node that the command names: the engine reads
 * their blocks itself (the node's {@link NodeEngines}) instead of each engine getting a message and sending its
 * share on. A reduction of a thousand elements over a thousand engines of one JVM so costs one message and a pass
 * over a thousand elements, not a thousand messages (about 2 us of dispatch each).
 *
 * <p>When every block of the source's arrays has one shape on each engine and the reduction takes no positions
 * (not argmin/argmax) and no complex values, the blocks are copied one after another into one flat array per array
 * of the source, and the source is reduced once over those: a few array copies per engine. Otherwise each engine's
 * share is reduced from its blocks as that engine would, and the shares are combined in the order of the engines.
 *
 * <p>The blocks are read after the chain of messages that ordered the request: the client waits for every write
 * of an array to be done before it asks for a reduction of it, as it does for the engines' own reads.
 */
final class NodeReductions {
  private NodeReductions() {}

  /** p's share (or its error) for the engines here, of which the first is the calling engine with store own. */
  static void share(ReductionsInFlight.Pending p, int[] here, NodeEngines node, BlockStore own) {
    Engine.Reduce m = p.command;
    long[] leaves = Expr.leaves(m.source()).stream().mapToLong(Long::longValue).toArray();
    Block[][] blocks = new Block[here.length][];
    boolean flat = m.op() != ReduceOp.ARGMIN && m.op() != ReduceOp.ARGMAX && ReductionsInFlight.allTrue(m.reduced());
    long total = 0;
    for (int e = 0; e < here.length; e++) {
      BlockStore store = e == 0 ? own : node.store(here[e]);
      if (store == null) {
        throw new IllegalStateException("engine " + here[e] + " stopped before request " + m.requestId()
            + " reduced its block");
      }
      Block[] row = new Block[leaves.length];
      for (int l = 0; l < leaves.length; l++) {
        row[l] = store.get(leaves[l]);
        if (row[l] == null) {
          throw new IllegalStateException("engine " + here[e] + " holds no block of array " + leaves[l]
              + " (freed, or never placed here)");
        }
        flat &= !row[l].data().dtype().isComplex()
            && java.util.Arrays.equals(row[l].data().dims(), row[0].data().dims());
      }
      blocks[e] = row;
      total += row[0].data().size();
    }
    if (flat) {
      flatShare(p, leaves, blocks, total);
      return;
    }
    for (Block[] row : blocks) {
      ReductionsInFlight.Pending q = new ReductionsInFlight.Pending(m);
      ReductionsInFlight.localShare(q, id -> row[indexOf(leaves, id)], own);
      p.dtype = q.dtype;
      p.share = p.share == null ? q.share : PartialReduction.combine(m.op(), p.share, q.share);
    }
  }

  /** Reduces the source once over the blocks of each of its arrays laid end to end. */
  private static void flatShare(ReductionsInFlight.Pending p, long[] leaves, Block[][] blocks, long total) {
    NdArray[] joined = new NdArray[leaves.length];
    for (int l = 0; l < leaves.length; l++) {
      joined[l] = NdArray.zeros(blocks[0][l].data().dtype(), total);
      Object to = joined[l].storage();
      int at = 0;
      for (Block[] row : blocks) {
        NdArray b = row[l].data();
        int n = (int) b.size();
        NdArray c = b.isContiguous() ? b : b.copy();
        System.arraycopy(c.storage(), (int) c.offset(), to, at, n);
        at += n;
      }
    }
    Expr source = p.command.source();
    long[] shape = {total};
    if (source instanceof Expr.Leaf) {
      p.dtype = joined[0].dtype();
      p.share = PartialReduction.local(p.command.op(), joined[0], new boolean[] {true}, null, shape);
    } else {
      FusedEvaluation fused = FusedEvaluation.of(source, id -> joined[indexOf(leaves, id)], shape);
      p.dtype = fused.dtype();
      p.share = fused.reduceAll(p.command.op());
    }
  }

  private static int indexOf(long[] ids, long id) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == id) {
        return i;
      }
    }
    throw new IllegalStateException("array " + id + " is not one of the reduction's arrays");
  }
}
