package org.distarray.runtime.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.distarray.actors.ErrorInfo;
import org.distarray.actors.TaskAnswer;
import org.distarray.actors.TaskPayload;
import org.distarray.actors.wire.UserValues;
import org.distarray.arrays.task.LocalTask;
import org.distarray.actors.coordinator.Coordinator;
import org.distarray.actors.engine.Engine;
import org.distarray.runtime.CoordinatorLostException;
import org.distarray.runtime.DistTimeoutException;
import org.distarray.runtime.EngineLostException;

/**
 * The client's side of the actors: the coordinator and engine references, and asks that wait at most the
 * configured timeout and turn error answers into the exceptions the user's call raises.
 */
public final class Client {
  private final ActorSystem<?> system;
  private final ActorRef<Coordinator.Command> coordinator;
  private volatile Map<Integer, ActorRef<Engine.Command>> engines;
  private volatile String coordinatorAddress = "";
  private final Duration timeout;
  private final int chunkBytes;
  /** Requests in flight with the node they wait for (cluster mode: failed at once when that node is lost). */
  private final Map<CompletableFuture<?>, Waiting> inFlight = new ConcurrentHashMap<>();
  private final boolean clustered;
  /** Engines known lost: a request to one fails at once. */
  private final Set<Integer> lostEngines = ConcurrentHashMap.newKeySet();
  /** How long a wait spins before it blocks: answers often come sooner than a parked thread wakes up. */
  private final long spinNanos;
  /** Tasks started, to name their collectors. */
  private final java.util.concurrent.atomic.AtomicLong tasks = new java.util.concurrent.atomic.AtomicLong();

  /** What a request waits for: an engine (id >= 0) or the coordinator (id -1), at a node's address. */
  private record Waiting(int engineId, String address) {}

  public Client(ActorSystem<?> system, ActorRef<Coordinator.Command> coordinator,
      Map<Integer, ActorRef<Engine.Command>> engines, Duration timeout, boolean clustered) {
    this.system = system;
    this.coordinator = coordinator;
    this.engines = Map.copyOf(engines);
    this.timeout = timeout;
    this.clustered = clustered;
    this.spinNanos = system.settings().config().getDuration("distarray.client.spin-wait").toNanos();
    this.chunkBytes = (int) Math.min(Integer.MAX_VALUE,
        system.settings().config().getBytes("distarray.client.part-bytes"));
  }

  /** Parts of blocks to and from the engines carry at most this many bytes ({@code distarray.client.part-bytes}). */

  /** Whether this is a client node of a cluster (connect) rather than the embedded runtime (local). */
  public boolean clustered() {
    return clustered;
  }
  public int chunkBytes() {
    return chunkBytes;
  }

  /** The engines as the coordinator lists them now (in cluster mode they come and go); sorted ids. */
  public int[] refreshEngines() {
    return refreshEngines(0, timeout);
  }

  /**
   * The engines once at least atLeast of them are live, waiting at most within (the coordinator answers when they
   * are there).
   *
   * @throws DistTimeoutException when there were fewer for all that time, or the coordinator did not answer
   */
  public int[] refreshEngines(int atLeast, Duration within) {
    Coordinator.EngineList list;
    String what = atLeast > 0 ? "at least " + atLeast + " engines" : "the list of engines";
    try {
      list = AskPattern.ask(coordinator, (ActorRef<Coordinator.EngineList> r) -> new Coordinator.GetEngines(atLeast, r),
          within, system.scheduler()).toCompletableFuture().get(within.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw timedOut(what, within, e);
    } catch (ExecutionException e) {
      throw timedOut(what, within, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    }
    Map<Integer, ActorRef<Engine.Command>> map = new java.util.HashMap<>();
    int[] ids = new int[list.ids().size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = list.ids().get(i);
      map.put(ids[i], list.engines().get(i));
    }
    // an engine lost since keeps its reference here, so that requests to it fail as lost rather than unknown
    Map<Integer, ActorRef<Engine.Command>> merged = new java.util.HashMap<>(engines);
    merged.putAll(map);
    engines = Map.copyOf(merged);
    coordinatorAddress = list.coordinatorAddress();
    return ids;
  }

  /**
   * A cluster node became unreachable or left: requests waiting for an engine there, or for the coordinator when it
   * ran there, fail now with {@link EngineLostException} or {@link CoordinatorLostException}.
   */
  public void nodeLost(String address, String why) {
    engines.forEach((id, ref) -> {
      if (ref.path().address().toString().equals(address)) {
        lostEngines.add(id);
      }
    });
    inFlight.keySet().removeIf(CompletableFuture::isDone); // requests started and then abandoned by an exception
    inFlight.forEach((future, w) -> {
      if (w.engineId >= 0 && w.address.equals(address)) {
        future.completeExceptionally(new EngineLostException(w.engineId, "engine " + w.engineId + " was lost ("
            + why + ")"));
      } else if (w.engineId < 0 && address.equals(coordinatorAddress)) {
        future.completeExceptionally(new CoordinatorLostException("the coordinator's node " + address + " was lost ("
            + why + "); the operation in flight failed, and the coordinator restarts on another node"));
      }
    });
  }

  public ActorSystem<?> system() {
    return system;
  }

  public ActorRef<Coordinator.Command> coordinator() {
    return coordinator;
  }

  public Map<Integer, ActorRef<Engine.Command>> engines() {
    return engines;
  }

  /** The engine with this id. */
  public ActorRef<Engine.Command> engine(int id) {
    ActorRef<Engine.Command> ref = engines.get(id);
    if (ref == null) {
      throw new IllegalStateException("engine " + id + " is not part of this context; engines are "
          + new java.util.TreeSet<>(engines.keySet()));
    }
    return ref;
  }

  /** Sends a request and starts waiting for its answer. */
  public <Q, A> CompletableFuture<A> start(RecipientRef<Q> to, Function<ActorRef<A>, Q> request) {
    CompletableFuture<A> answer = AskPattern.ask(to, request::apply, timeout, system.scheduler())
        .toCompletableFuture();
    if (!clustered) {
      return answer;
    }
    Waiting waiting = waitingFor(to);
    if (lostEngines.contains(waiting.engineId)) {
      return CompletableFuture.failedFuture(new EngineLostException(waiting.engineId, "engine " + waiting.engineId
          + " was lost (its node " + waiting.address + " became unreachable or left)"));
    }
    // The ask's own future is what the caller waits on, with no callback on it (a second future completed from a
    // callback, or even a cleanup callback, cost about 100 us of thread hand-offs here); losing the node completes it
    // exceptionally first (nodeLost); await() forgets it.
    inFlight.put(answer, waiting);
    return answer;
  }

  private Waiting waitingFor(RecipientRef<?> to) {
    if (to == coordinator) {
      return new Waiting(-1, coordinatorAddress);
    }
    for (Map.Entry<Integer, ActorRef<Engine.Command>> e : engines.entrySet()) {
      if (e.getValue().equals(to)) {
        return new Waiting(e.getKey(), e.getValue().path().address().toString());
      }
    }
    return new Waiting(-2, "");
  }

  /** Sends a request and waits for its answer; what names the operation in a timeout's message. */
  public <Q, A> A ask(RecipientRef<Q> to, Function<ActorRef<A>, Q> request, String what) {
    return await(start(to, request), what);
  }

  /**
   * Waits for a started request. Answers to small operations come within tens to hundreds of microseconds, about
   * what it takes to park and wake a thread, so the wait spins for {@code distarray.client.spin-wait} before it
   * blocks.
   */
  public <A> A await(CompletableFuture<A> future, String what) {
    try {
      return awaitAnswer(future, what);
    } finally {
      if (clustered) {
        inFlight.remove(future);
      }
    }
  }

  private <A> A awaitAnswer(CompletableFuture<A> future, String what) {
    long spinUntil = System.nanoTime() + spinNanos;
    while (!future.isDone() && System.nanoTime() < spinUntil) {
      Thread.onSpinWait();
    }
    try {
      return future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw timedOut(what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof EngineLostException lost) {
        throw new EngineLostException(lost.engineId(), lost.getMessage() + " while waiting for " + what);
      }
      if (cause instanceof CoordinatorLostException lost) {
        throw new CoordinatorLostException(lost.getMessage() + " (waiting for " + what + ")");
      }
      if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
        throw timedOut(what, cause);
      }
      throw new IllegalStateException("waiting for " + what + " failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    }
  }

  /**
   * Runs a task on the engines of the first array (every engine when none is given) and waits for it: each engine
   * sends its result straight to a collector of this client, the coordinator only the task's end. In cluster mode
   * the task is encoded here (one that cannot travel fails now, naming why), and the engines decode it.
   *
   * @return the results in rank order, or the first error (the engines that had not answered are aborted)
   */
  /** A task as the coordinator hands it to engines: encoded here in a cluster (so that one that cannot travel fails
   * now, naming why), the task itself in one JVM. */
  public TaskPayload payloadOf(LocalTask<?> task) {
    return clustered ? UserValues.encode(UserValues.mapper(system), task) : TaskPayload.of(task);
  }

  /**
   * Runs a task on the engines of the first array (combined up the engines' tree when combined) and waits for its
   * outcome: the results in rank order (one for a combined task), or the first error.
   */
  public TaskCollector.Outcome runTask(long[] arrays, LocalTask<?> task, boolean combined,
      ActorRef<org.distarray.actors.TaskProgress> progress, String what) {
    TaskPayload payload = payloadOf(task);
    CompletableFuture<TaskCollector.Outcome> outcome = new CompletableFuture<>();
    ActorRef<TaskAnswer> collector = system.systemActorOf(TaskCollector.create(outcome),
        "task-" + tasks.incrementAndGet(), Props.empty());
    try {
      coordinator.tell(new Coordinator.RunTask(arrays, payload, combined, collector, progress));
      if (clustered) {
        inFlight.put(outcome, new Waiting(-1, coordinatorAddress)); // losing the coordinator's node fails it
      }
      TaskCollector.Outcome o = await(outcome, what);
      if (o.error() != null && o.error().type().equals(TimeoutException.class.getName())) {
        throw timedOut(what, new TimeoutException(o.error().message())); // the coordinator's deadline came first
      }
      return o;
    } finally {
      if (!outcome.isDone()) {
        system.classicSystem().stop(Adapter.toClassic(collector)); // it stops itself once it has the outcome
      }
    }
  }

  /** Waits for every started request, in order. */
  public <A> List<A> awaitAll(List<CompletableFuture<A>> futures, String what) {
    List<A> out = new ArrayList<>(futures.size());
    for (CompletableFuture<A> f : futures) {
      out.add(await(f, what));
    }
    return out;
  }

  private DistTimeoutException timedOut(String what, Throwable cause) {
    return new DistTimeoutException("no answer within " + timeout.toMillis() + " ms waiting for " + what
        + " (distarray.ask-timeout)", cause);
  }

  private static DistTimeoutException timedOut(String what, Duration within, Throwable cause) {
    return new DistTimeoutException("no answer within " + within.toMillis() + " ms waiting for " + what, cause);
  }

  /** True when error says an engine's memory budget was short (nothing was changed; a retry may succeed). */
  public static boolean isMemoryFull(ErrorInfo error) {
    return Errors.isMemoryFull(error);
  }

  /**
   * The exception for a task's error answer: a lost engine, an engine's memory, a timeout or the coordinator's own
   * error as for every operation; otherwise what the task's code raised, as {@code EngineTaskException} naming the
   * task, the engine and the original type and message.
   */
  public static RuntimeException taskFailure(ErrorInfo error, String task) {
    if (Errors.isOperational(error)) {
      return Errors.toException(error);
    }
    return new org.distarray.runtime.EngineTaskException(error.engineId(), "task " + task + " failed on engine "
        + error.engineId() + ": " + error.type() + ": " + error.message());
  }

  /** True when error is how an operation ran (engine lost, memory, timeout, the coordinator), not its own failure. */
  public static boolean isOperational(ErrorInfo error) {
    return Errors.isOperational(error);
  }

  /** Throws the exception an error answer stands for; does nothing for null. */
  public static void raise(ErrorInfo error) {
    if (error != null) {
      throw Errors.toException(error);
    }
  }
}
