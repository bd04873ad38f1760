package org.distarray.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The blocks an array shares with its base and its views (one group per storage on the engines), and the lazy
 * results that read any array of the group. A write into any array of the group forces those readers first, which
 * is how a lazy result keeps the values its inputs had when it was made.
 *
 * <p>The scheme is "force before write": forcing costs the evaluation that reading the result would cost anyway,
 * while a snapshot would copy the written array every time; a reader that is never read again is still evaluated
 * once (its handle may be gone: it is then freed like any other unreachable array).
 */
final class SharedBlocks {
  private final Set<ArrayState> readers = ConcurrentHashMap.newKeySet();

  void addReader(ArrayState lazy) {
    readers.add(lazy);
  }

  void removeReader(ArrayState lazy) {
    readers.remove(lazy);
  }

  /** Evaluates every lazy result that reads these blocks now; each then stops being a reader. */
  void forceReaders() {
    if (readers.isEmpty()) {
      return;
    }
    List<ArrayState> pending = new ArrayList<>(readers);
    for (ArrayState r : pending) {
      r.force();
      readers.remove(r);
    }
  }
}
