package org.distarray.actors.engine;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.distarray.arrays.NdArray;

/**
 * The new blocks engines of this node are receiving in moves they plan themselves (redistribution, reshape), by
 * request and receiving engine: an engine of the same node writes its pieces straight into the receiver's block, a
 * plain copy with no message per piece (the node-local fast path of an all-to-all, as MPI's shared-memory windows).
 *
 * <p>The block is made by whichever comes first, the receiver or a sender; writers touch disjoint elements, each
 * adds what it wrote to {@link Landing#add}, and the one whose addition completes the block tells the receiver
 * (which sees every write through that atomic count and the message). Nobody reads the block before it is
 * complete. A request the receiver gave up is remembered (boundedly), so a late sender does not make its block anew.
 */
public final class Landings implements Extension {
  /** At most this many given-up requests are remembered (the oldest are forgotten first). */
  private static final int GIVEN_UP_LIMIT = 4096;

  /** A block being received, and how many of its elements have been written. */
  public static final class Landing {
    final NdArray block;
    final long expected;
    private final AtomicLong landed = new AtomicLong();

    Landing(NdArray block, long expected) {
      this.block = block;
      this.expected = expected;
    }

    /** Counts n elements written; true for the one call whose elements complete the block. */
    boolean add(long n) {
      return n > 0 && landed.addAndGet(n) == expected;
    }
  }

  private record Key(long requestId, int engine) {}

  private static final ExtensionId<Landings> ID = new ExtensionId<>() {
    @Override
    public Landings createExtension(ActorSystem<?> system) {
      return new Landings();
    }
  };

  private final Map<Key, Landing> open = new ConcurrentHashMap<>();
  private final Set<Long> givenUp = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<Long> givenUpOrder = new ConcurrentLinkedQueue<>();

  private Landings() {}

  /** This node's landings. */
  public static Landings of(ActorSystem<?> system) {
    return ID.apply(system);
  }

  /**
   * The landing of engine's block in request requestId, made with block (of expected elements) when nobody made it
   * yet; null when the receiver gave the request up (what would be written is dropped).
   */
  Landing landing(long requestId, int engine, long expected, Supplier<NdArray> block) {
    if (!givenUp.isEmpty() && givenUp.contains(requestId)) {
      return null;
    }
    Key key = new Key(requestId, engine);
    Landing l = open.computeIfAbsent(key, k -> new Landing(block.get(), expected));
    if (!givenUp.isEmpty() && givenUp.contains(requestId)) { // given up while this was made: not kept
      open.remove(key);
      return null;
    }
    return l;
  }

  /** Forgets a completed landing (its block is the receiver's now). */
  void finished(long requestId, int engine) {
    open.remove(new Key(requestId, engine));
  }

  /** The receiver gave request requestId up: its landing is dropped and later writers find none. */
  void giveUp(long requestId, int engine) {
    if (givenUp.add(requestId)) {
      givenUpOrder.add(requestId);
      while (givenUpOrder.size() > GIVEN_UP_LIMIT) {
        Long oldest = givenUpOrder.poll();
        if (oldest != null) {
          givenUp.remove(oldest);
        }
      }
    }
    open.remove(new Key(requestId, engine));
  }

  /** Landings not completed yet (for tests and the memory report). */
  public int openCount() {
    return open.size();
  }
}
