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
 * final call itself when the operation succeeded ({@link Sink#finish}) and stops the relay.
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

  private final Sink sink;
  private final Map<Integer, Long> doneByRank = new HashMap<>();

  public static Behavior<TaskProgress> create(Sink sink) {
    return Behaviors.setup(context -> new ProgressRelay(context, sink));
  }

  private ProgressRelay(ActorContext<TaskProgress> context, Sink sink) {
    super(context);
    this.sink = sink;
  }

  @Override
  public Receive<TaskProgress> createReceive() {
    return newReceiveBuilder().onMessage(TaskProgress.class, this::onProgress).build();
  }

  private Behavior<TaskProgress> onProgress(TaskProgress m) {
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
