package org.distarray.runtime.internal;

import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.distarray.actors.TaskProgress;

/**
 * Sums the progress the engines report for one operation and passes it on to a {@link Sink}; the client makes the
 * final call itself when the operation succeeded ({@link Sink#finish}), after {@link #drain} has passed on what the
 * engines reported before their answers.
 */
public final class ProgressRelay extends AbstractBehavior<TaskProgress> {
  /** Passes progress on to a listener in order, done never decreasing, and once only the final done == total. */
  public static final class Sink {
    private final java.util.function.BiConsumer<Long, Long> listener;
    private final long total;
    private long last = -1;

    public Sink(long total, java.util.function.BiConsumer<Long, Long> listener) {
      this.total = total;
      this.listener = listener;
    }

    synchronized void progress(long done) {
      if (done > last && done < total) {
        last = done;
        listener.accept(done, total);
      }
    }

    /** The last call: the operation is complete. */
    public synchronized void finish() {
      if (last < total) {
        last = total;
        listener.accept(total, total);
      }
    }
  }

  /** The message that ends a relay: rank -1. */
  private static final TaskProgress END = new TaskProgress(-1, -1, -1, 0, 0);

  private final Sink sink;
  private final java.util.concurrent.CompletableFuture<Void> drained;
  private final Map<Integer, Long> doneByRank = new HashMap<>();

  /** A relay to sink that completes drained once it has passed on every report sent to it before {@link #drain}. */
  public static Behavior<TaskProgress> create(Sink sink, java.util.concurrent.CompletableFuture<Void> drained) {
    return Behaviors.setup(context -> new ProgressRelay(context, sink, drained));
  }

  private ProgressRelay(ActorContext<TaskProgress> context, Sink sink,
      java.util.concurrent.CompletableFuture<Void> drained) {
    super(context);
    this.sink = sink;
    this.drained = drained;
  }

  /**
   * Stops relay once it has passed on the reports already in its mailbox (the engines of this JVM put theirs there
   * before they answer, so after the answer all of them are), and waits at most timeout for that.
   */
  public static void drain(org.apache.pekko.actor.typed.ActorRef<TaskProgress> relay,
      java.util.concurrent.CompletableFuture<Void> drained, java.time.Duration timeout) {
    relay.tell(END);
    try {
      drained.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      // progress is advisory: the operation's own answer is what counts
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public Receive<TaskProgress> createReceive() {
    return newReceiveBuilder().onMessage(TaskProgress.class, this::onProgress).build();
  }

  private Behavior<TaskProgress> onProgress(TaskProgress m) {
    if (m.rank() < 0) {
      drained.complete(null);
      return Behaviors.stopped();
    }
    doneByRank.merge(m.rank(), m.done(), Math::max);
    long done = 0;
    for (long d : doneByRank.values()) {
      done += d;
    }
    try {
      sink.progress(done);
    } catch (RuntimeException e) {
      getContext().getLog().warn("a progress listener failed: {}", e.toString());
    }
    return this;
  }
}
