package org.distarray.runtime;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The arrays of one context that the runtime still has to free, and the queue through which the garbage collector
 * tells it that a handle became unreachable (the role of a {@link java.lang.ref.Cleaner}, without its thread: the
 * queue is drained by the program's own calls, so frees happen in the order of the program's operations and never
 * race with them).
 */
final class Handles {
  /** A handle's reference; the state it names is what gets freed. */
  private static final class HandleRef extends PhantomReference<DistArray> {
    final ArrayState state;

    HandleRef(DistArray handle, ArrayState state, ReferenceQueue<DistArray> queue) {
      super(handle, queue);
      this.state = state;
    }
  }

  private final ReferenceQueue<DistArray> unreachable = new ReferenceQueue<>();
  private final Map<ArrayState, HandleRef> live = new ConcurrentHashMap<>();

  /** Watches handle: once it is unreachable its state is closed (and its blocks freed). */
  void track(DistArray handle, ArrayState state) {
    live.put(state, new HandleRef(handle, state, unreachable));
  }

  /** The program closed the handle itself. */
  void forget(ArrayState state) {
    HandleRef ref = live.remove(state);
    if (ref != null) {
      ref.clear();
    }
  }

  /** Closes the arrays whose handles the collector found unreachable so far; returns how many. */
  int freeUnreachable() {
    int n = 0;
    for (Reference<? extends DistArray> r; (r = unreachable.poll()) != null; ) {
      n += close((HandleRef) r);
    }
    return n;
  }

  /**
   * Closes every array whose handle the collector has found unreachable by now, including those it has not handed
   * over yet (their weak references are cleared during the collection itself); returns how many. Looks at every
   * handle: for reports, not for every operation.
   */
  int freeCollected() {
    int n = freeUnreachable();
    for (Map.Entry<ArrayState, HandleRef> e : new ArrayList<>(live.entrySet())) {
      if (e.getKey().handleGone()) {
        n += close(e.getValue());
      }
    }
    return n;
  }

  /** Runs the garbage collector and closes every array whose handle it found unreachable; returns how many. */
  int collectUnreachable() {
    System.gc();
    return freeCollected();
  }

  private int close(HandleRef r) {
    if (live.remove(r.state) == null) {
      return 0;
    }
    r.state.close();
    return 1;
  }

  /** Closes every array still tracked (the context closes). */
  void closeAll() {
    for (HandleRef r : new ArrayList<>(live.values())) {
      close(r);
    }
  }

  /** Arrays of the context whose blocks are on the engines now. */
  int holdingBlocks() {
    int n = 0;
    for (ArrayState s : live.keySet()) {
      n += s.holdsBlocks() ? 1 : 0;
    }
    return n;
  }
}
