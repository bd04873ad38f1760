package org.distarray.runtime;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The blocks an array shares with its base and its views (one group per storage on the engines), and the lazy
 * results that read any array of the group. A write into any array of the group first preserves, for those readers,
 * the values they read: that is how a lazy result keeps the values its inputs had when it was made.
 *
 * <p>The scheme is "copy before write, for the readers": the engines copy the arrays of the group that pending
 * readers read (one local pass, no data moves; an array and its views together as one copy of their storage), and
 * the readers are rebound to the copies. One copy serves every reader, and a reader that is never read again costs
 * that copy only (it is freed with the reader), where evaluating each reader would cost a pass and a block per
 * reader, chains of intermediates included. A write with no reader waiting costs nothing.
 */
final class SharedBlocks {
  private final Set<ArrayState> readers = ConcurrentHashMap.newKeySet();

  void addReader(ArrayState lazy) {
    readers.add(lazy);
  }

  void removeReader(ArrayState lazy) {
    readers.remove(lazy);
  }

  /**
   * Preserves what the lazy readers of this group read before the group is written: the arrays they read here are
   * copied and the readers read the copies from now on. Readers whose handles are already gone are closed instead.
   */
  void preserveForReaders(DistContext ctx) {
    if (readers.isEmpty()) {
      return;
    }
    List<ArrayState> pending = new ArrayList<>();
    for (ArrayState r : new ArrayList<>(readers)) {
      if (r.isLazy() && !r.handleGone()) {
        pending.add(r);
      } else {
        readers.remove(r);
        if (r.isLazy()) {
          r.close(); // nobody can read it any more
        }
      }
    }
    if (pending.isEmpty()) {
      return;
    }
    Map<ArrayState, ArrayState> copies = copiesOf(ctx, inputsHere(pending));
    for (ArrayState r : pending) {
      r.rebind(copies, this);
    }
    for (ArrayState copy : copies.values()) {
      copy.close(); // held by the readers' pins from now on; freed when the last of them is done
    }
  }

  /** The arrays of this group that the readers read. */
  private List<ArrayState> inputsHere(List<ArrayState> pending) {
    Set<ArrayState> seen = ArrayState.newInputSet();
    List<ArrayState> out = new ArrayList<>();
    for (ArrayState r : pending) {
      for (ArrayState input : r.inputs()) {
        if (input.sharedBlocks() == this && seen.add(input)) {
          out.add(input);
        }
      }
    }
    return out;
  }

  /** A copy of each array on the engines, the copies in a group of their own. */
  private static Map<ArrayState, ArrayState> copiesOf(DistContext ctx, List<ArrayState> arrays) {
    long[] ids = new long[arrays.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = arrays.get(i).blocksId(); // closed ones too: a reader's pin keeps them on the engines
    }
    long[] copied = ctx.snapshot(ids);
    SharedBlocks group = new SharedBlocks();
    Map<ArrayState, ArrayState> copies = new IdentityHashMap<>();
    for (int i = 0; i < ids.length; i++) {
      copies.put(arrays.get(i), arrays.get(i).copyState(copied[i], group));
    }
    return copies;
  }
}
