package org.distarray.actors.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.distarray.actors.TaskAnswer;
import org.distarray.actors.TaskResult;
import org.distarray.actors.transport.Wire;
import org.distarray.actors.wire.UserValues;
import org.distarray.arrays.task.CombiningTask;
import org.distarray.arrays.task.LocalTask;

/**
 * An engine's combined tasks waiting for the results of their children in the tree, and the results that came
 * before the task ran here. The fold keeps the ranks in order: this engine's own result, then each child's (child
 * ranks increase with the runs of ranks they bring).
 */
final class TaskCombines {
  /**
   * A combined task's fold, once no child is missing, to the parent or (at the root) to the client, and the engine's
   * answer; null while children are missing (the engine answers when the last one comes).
   */
  static Engine.Done passOn(Pending p, int engineId, ObjectMapper mapper, ActorSystem<?> system) {
    if (p == null) {
      return null;
    }
    Engine.RunTask m = p.command();
    TaskResult folded = p.fold(engineId, mapper);
    if (m.parent() != null) {
      Wire.tell(system, m.parent(), new Engine.TaskShare(m.requestId(), m.rank(), folded));
    } else {
      Wire.tell(system, m.results(), new TaskAnswer.Output(m.requestId(), 0, engineId, folded));
    }
    return Engine.Done.ok(m.requestId(), engineId);
  }

  /** A combined task run here: its own result, the children's by rank, and how many are missing. */
  static final class Pending {
    private final Engine.RunTask command;
    private final CombiningTask<Object> task;
    private final Object own;
    private final TreeMap<Integer, Object> children = new TreeMap<>();

    Pending(Engine.RunTask command, CombiningTask<Object> task, Object own) {
      this.command = command;
      this.task = task;
      this.own = own;
    }

    Engine.RunTask command() {
      return command;
    }

    /**
     * This engine's result combined with its children's, in rank order, ready to travel.
     *
     * @throws IllegalArgumentException naming the engine and the task when the combined result cannot be sent
     */
    TaskResult fold(int engineId, ObjectMapper mapper) {
      Object value = own;
      for (Object child : children.values()) {
        value = task.combine(value, child);
      }
      TaskResult result = new TaskResult(value);
      if (!children.isEmpty()) {
        try {
          UserValues.checkResult(mapper, result);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("engine " + engineId + " cannot send the combined result of task "
              + command.task().className() + ": " + e.getMessage(), e);
        }
      }
      return result;
    }
  }

  private final Map<Long, Pending> open = new HashMap<>();
  private final Map<Long, List<Engine.TaskShare>> early = new HashMap<>();

  /**
   * The task as a combining one.
   *
   * @throws IllegalArgumentException naming the class when it does not implement CombiningTask
   */
  @SuppressWarnings("unchecked")
  static CombiningTask<Object> combining(LocalTask<?> task, int engineId) {
    if (!(task instanceof CombiningTask<?>)) {
      throw new IllegalArgumentException("engine " + engineId + ": task " + task.getClass().getName()
          + " was sent to be combined but is not a CombiningTask");
    }
    return (CombiningTask<Object>) task;
  }

  /** Registers a task that ran here with its result; returns it (forgotten) when no child is missing, else null. */
  Pending start(Engine.RunTask m, CombiningTask<Object> task, TaskResult own) {
    Pending p = new Pending(m, task, own.value());
    List<Engine.TaskShare> arrived = early.remove(m.requestId());
    if (arrived != null) {
      for (Engine.TaskShare s : arrived) {
        p.children.put(s.rank(), s.result().value());
      }
    }
    if (p.children.size() == m.children()) {
      return p;
    }
    open.put(m.requestId(), p);
    return null;
  }

  /** A child's result; returns its task when that was the last missing one (then forgotten), else null. */
  Pending arrived(Engine.TaskShare s) {
    Pending p = open.get(s.requestId());
    if (p == null) {
      early.computeIfAbsent(s.requestId(), k -> new ArrayList<>()).add(s);
      return null;
    }
    p.children.put(s.rank(), s.result().value());
    if (p.children.size() < p.command.children()) {
      return null;
    }
    open.remove(s.requestId());
    return p;
  }

  /** Drops a request's task and its early results (aborted). */
  void forget(long requestId) {
    open.remove(requestId);
    early.remove(requestId);
  }

  /** Drops everything (a new coordinator). */
  void clear() {
    open.clear();
    early.clear();
  }
}
