package org.distarray.runtime.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.distarray.actors.ErrorInfo;
import org.distarray.actors.coordinator.Coordinator;
import org.distarray.actors.engine.Engine;
import org.distarray.runtime.DistTimeoutException;

/**
 * The client's side of the actors: the coordinator and engine references, and asks that wait at most the
 * configured timeout and turn error answers into the exceptions the user's call raises.
 */
public final class Client {
  private final ActorSystem<?> system;
  private final ActorRef<Coordinator.Command> coordinator;
  private final Map<Integer, ActorRef<Engine.Command>> engines;
  private final Duration timeout;
  private static final long SPIN_NANOS = 200_000;

  public Client(ActorSystem<?> system, ActorRef<Coordinator.Command> coordinator,
      Map<Integer, ActorRef<Engine.Command>> engines, Duration timeout) {
    this.system = system;
    this.coordinator = coordinator;
    this.engines = Map.copyOf(engines);
    this.timeout = timeout;
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
    return AskPattern.ask(to, request::apply, timeout, system.scheduler()).toCompletableFuture();
  }

  /** Sends a request and waits for its answer; what names the operation in a timeout's message. */
  public <Q, A> A ask(RecipientRef<Q> to, Function<ActorRef<A>, Q> request, String what) {
    return await(start(to, request), what);
  }

  /**
   * Waits for a started request. Answers to small operations come within tens of microseconds, less than it
   * takes to park and wake a thread, so the wait spins briefly before it blocks.
   */
  public <A> A await(CompletableFuture<A> future, String what) {
    long spinUntil = System.nanoTime() + SPIN_NANOS;
    while (!future.isDone() && System.nanoTime() < spinUntil) {
      Thread.onSpinWait();
    }
    try {
      return future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw timedOut(what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
        throw timedOut(what, cause);
      }
      throw new IllegalStateException("waiting for " + what + " failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
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

  /** Throws the exception an error answer stands for; does nothing for null. */
  public static void raise(ErrorInfo error) {
    if (error != null) {
      throw Errors.toException(error);
    }
  }
}
