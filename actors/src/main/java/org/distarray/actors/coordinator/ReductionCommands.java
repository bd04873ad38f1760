package org.distarray.actors.coordinator;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.distarray.actors.ErrorInfo;
import org.distarray.actors.Expr;
import org.distarray.actors.coordinator.Catalog.Entry;
import org.distarray.actors.coordinator.Requests.Pending;
import org.distarray.actors.engine.Engine;
import org.distarray.actors.transport.Wire;
import org.distarray.arrays.ops.ReduceOp;

/**
 * The coordinator's reductions: {@link Coordinator.ReduceArray} (along axes, to a new array) and {@link
 * Coordinator.ReduceToValue} (over everything, to one value). Each engine's share goes up a tree of engines
 * ({@link ReductionPlan}); the value of a reduction to one value goes from the tree's root straight to the client,
 * and this request only learns that the root is done (or why it failed, which it then tells the client). With more
 * engines than {@code SPREAD_ABOVE} the command goes down a tree of engines and the value comes back up it, through
 * here. A small array on engines that all run in this JVM goes the same way, so that one engine reduces it (see
 * {@link Engine.ReduceAll}). Runs on the coordinator's thread, with its catalog and requests.
 */
final class ReductionCommands {
  private final Coordinator c;
  private final ActorSystem<?> system;

  ReductionCommands(Coordinator c, ActorSystem<?> system) {
    this.c = c;
    this.system = system;
  }

  void reduceArray(Coordinator.ReduceArray m) {
    try {
      if (m.axes() == null) {
        throw new IllegalArgumentException("a reduction to a new array names its axes (ReduceToValue reduces all)");
      }
      Entry a = c.typeOf(m.source());
      ReductionPlan plan = ReductionPlan.of(a.distribution(), a.dtype(), m.op(), m.axes());
      long id = c.newArrayId();
      Pending p = c.requests.open(c.requests.nextId(), new Pending(plan.roots(), done -> {
        if (done.error != null) {
          c.catalog.abandon(id);
          c.freeOnEngines(id, plan.resultDistribution());
          m.replyTo().tell(new Coordinator.ReduceReply(null, done.error));
        } else if (!c.catalog.register(id, new Entry(plan.resultDistribution(), plan.resultType()))) {
          c.freeUnowned(id, plan.resultDistribution(), m.replyTo());
        } else {
          m.replyTo().tell(new Coordinator.ReduceReply(
              new Coordinator.ArrayReply(id, plan.resultDistribution(), plan.resultType(), null), null));
        }
      }));
      sendSteps(p, m.source(), m.op(), plan, id, null);
      c.catalog.claim(id, m.replyTo());
    } catch (RuntimeException e) {
      m.replyTo().tell(new Coordinator.ReduceReply(null, Coordinator.errorOf(e)));
    }
  }

  void reduceToValue(Coordinator.ReduceToValue m) {
    try {
      Entry a = c.typeOf(m.source());
      long req = c.requests.nextId();
      int[] targets = a.distribution().targets();
      boolean byNode = a.distribution().shape().size() <= Engine.ReduceAll.SMALL;
      // the root answers the client itself; this request only learns that it did, or why the reduction failed
      if (targets.length > Coordinator.SPREAD_ABOVE || byNode && targets.length > 1 && c.allHere(targets)) {
        // down a tree of engines (on one node: to one engine, which reads the others' blocks) and back up it
        Pending p = c.requests.open(req, new Pending(1, done -> {
          if (done.error != null) {
            m.replyTo().tell(failed(done.error));
          }
        }));
        c.spread(p, targets, List.of(new Engine.ReduceAll(req, m.source(), m.op(),
            ReductionPlan.checkedAxes(a.distribution(), m.op(), null), byNode, c.engineReplies, m.replyTo())));
        return;
      }
      ReductionPlan plan = ReductionPlan.of(a.distribution(), a.dtype(), m.op(), null);
      Pending p = c.requests.open(req, new Pending(plan.roots(), done -> {
        if (done.error != null) {
          m.replyTo().tell(failed(done.error));
        }
      }));
      sendSteps(p, m.source(), m.op(), plan, -1, m.replyTo());
    } catch (RuntimeException e) {
      m.replyTo().tell(failed(Coordinator.errorOf(e)));
    }
  }

  /** Sends each engine of the plan its part: its share, its children's count and its parent (none: the root). */
  private void sendSteps(Pending p, Expr source, ReduceOp op, ReductionPlan plan, long result,
      ActorRef<Engine.Done> answerTo) {
    for (ReductionPlan.Step step : plan.steps()) {
      ActorRef<Engine.Command> parent = step.parentEngine() < 0 ? null : c.engine(step.parentEngine());
      p.sent(step.engine());
      Wire.tell(system, c.engine(step.engine()), new Engine.Reduce(p.id, source, op, plan.reduced(), parent,
          step.children(), result, plan.resultDistribution(), c.engineReplies, answerTo));
    }
  }

  private static Engine.Done failed(ErrorInfo error) {
    return new Engine.Done(0, -1, error, 0, null, null);
  }
}
