package org.distarray.actors.wire;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The byte arrays of one sender's serialized chunks, written again once their chunk is acknowledged. A move between
 * nodes serializes megabytes per chunk into parts ({@link PartWriter}); a fresh array per part makes the JVM zero
 * it and the collector reclaim it. The receiver's acknowledgement of a chunk proves that every byte of it was read
 * from its parts (copied to the socket, or encrypted first with TLS), so they may be overwritten then. Used by one
 * thread (the sending engine's); arrays lent for a slot whose chunk is never acknowledged are simply collected.
 * Arrays come from a source (the engine's kept storage, so that one move reuses the arrays of the one before it)
 * and go back to a sink with {@link #drain} once the sender is done.
 */
public final class PartPool {
  private final ArrayDeque<byte[]> free = new ArrayDeque<>();
  private final List<List<byte[]>> lent;
  private final IntFunction<byte[]> source;

  /**
   * A pool for a sender with this many chunks in flight at most (slots 0 to slots - 1) that takes an array of n
   * bytes from source.apply(n) when it has no released one of that length (its contents may be stale).
   */
  public PartPool(int slots, IntFunction<byte[]> source) {
    this.source = source;
    lent = new ArrayList<>(slots);
    for (int i = 0; i < slots; i++) {
      lent.add(new ArrayList<>());
    }
  }

  /** The parts of the chunk about to be serialized for slot (its previous chunk's parts must be released). */
  public Lease lease(int slot) {
    return new Lease(lent.get(slot));
  }

  /** The chunk of slot was acknowledged: its parts may be written again. */
  public void release(int slot) {
    List<byte[]> parts = lent.get(slot);
    free.addAll(parts);
    parts.clear();
  }

  /** Arrays waiting to be written again. */
  int freeParts() {
    return free.size();
  }

  /**
   * Gives every released array to sink and forgets them: arrays of chunks not yet acknowledged are never given (the
   * transport may still read them).
   */
  public void drain(Consumer<byte[]> sink) {
    for (byte[] b : free) {
      sink.accept(b);
    }
    free.clear();
  }

  /** The arrays of one chunk. */
  public final class Lease {
    private final List<byte[]> parts;

    private Lease(List<byte[]> parts) {
      this.parts = parts;
    }

    /** An array of length bytes (a released one when there is one of that length; its contents are stale). */
    byte[] take(int bytes) {
      byte[] b = free.peek() != null && free.peek().length == bytes ? free.poll() : source.apply(bytes);
      parts.add(b);
      return b;
    }
  }
}
