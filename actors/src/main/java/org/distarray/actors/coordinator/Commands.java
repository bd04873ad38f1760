package org.distarray.actors.coordinator;

import java.lang.reflect.RecordComponent;
import java.util.Set;
import java.util.TreeSet;
import org.distarray.actors.Expr;

/**
 * The arrays a coordinator command names, read from its record components: ids in components whose names say they
 * are arrays ({@code array}, {@code source}, {@code result}, ... and lists of them) and the leaves of expressions.
 */
final class Commands {
  private Commands() {}

  private static final Set<String> ARRAY_NAMES = Set.of("array", "arrays", "source", "sources", "result", "target",
      "left", "right", "other", "values", "mask", "indices", "inner", "padded", "copies", "destination");

  /** The array ids command names, ascending and once each (none for null or a command that is no record). */
  static long[] arrays(Object command) {
    if (command == null || !command.getClass().isRecord()) {
      return new long[0];
    }
    TreeSet<Long> ids = new TreeSet<>();
    try {
      for (RecordComponent c : command.getClass().getRecordComponents()) {
        Object v = c.getAccessor().invoke(command);
        if (v instanceof Expr e) {
          ids.addAll(Expr.leaves(e));
        } else if (ARRAY_NAMES.contains(c.getName()) && v instanceof Long id && id >= 0) {
          ids.add(id);
        } else if (ARRAY_NAMES.contains(c.getName()) && v instanceof long[] many) {
          for (long id : many) {
            ids.add(id);
          }
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      return ids.stream().mapToLong(Long::longValue).toArray(); // what was read before (records' accessors are public)
    }
    return ids.stream().mapToLong(Long::longValue).toArray();
  }
}
