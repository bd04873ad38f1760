package org.distarray.actors.coordinator;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.distarray.actors.Expr;

/**
 * The kind and the arrays of a coordinator command, read from its class and record components: ids in components
 * whose names say they are arrays ({@code array}, {@code source}, {@code result}, ... and lists of them) and the
 * leaves of expressions. The components to read are found once per command class.
 */
final class Commands {
  private Commands() {}

  private static final Set<String> ARRAY_NAMES = Set.of("array", "arrays", "source", "sources", "result", "target",
      "left", "right", "other", "values", "mask", "indices", "inner", "padded", "copies", "destination");

  private static final ClassValue<String> KINDS = new ClassValue<>() {
    @Override
    protected String computeValue(Class<?> type) {
      return type.getSimpleName();
    }
  };

  private static final ClassValue<Method[]> ARRAY_ACCESSORS = new ClassValue<>() {
    @Override
    protected Method[] computeValue(Class<?> type) {
      if (!type.isRecord() || !java.lang.reflect.Modifier.isPublic(type.getModifiers())) {
        return new Method[0];
      }
      List<Method> out = new ArrayList<>();
      for (RecordComponent c : type.getRecordComponents()) {
        Class<?> t = c.getType();
        if (Expr.class.isAssignableFrom(t)
            || ARRAY_NAMES.contains(c.getName()) && (t == long.class || t == long[].class)) {
          out.add(c.getAccessor());
        }
      }
      return out.toArray(new Method[0]);
    }
  };

  /** The kind of operation a command serves: its class's simple name ("other" for none). */
  static String kind(Object command) {
    return command == null ? "other" : KINDS.get(command.getClass());
  }

  /** The array ids command names, ascending and once each (none for null or a command that is no public record). */
  static long[] arrays(Object command) {
    if (command == null) {
      return new long[0];
    }
    Method[] accessors = ARRAY_ACCESSORS.get(command.getClass());
    if (accessors.length == 0) {
      return new long[0];
    }
    TreeSet<Long> ids = new TreeSet<>();
    for (Method m : accessors) {
      Object v;
      try {
        v = m.invoke(command);
      } catch (ReflectiveOperationException | RuntimeException e) {
        continue; // an accessor of a public record: not expected to fail; the column is only informative
      }
      if (v instanceof Expr e) {
        ids.addAll(Expr.leaves(e));
      } else if (v instanceof Long id && id >= 0) {
        ids.add(id);
      } else if (v instanceof long[] many) {
        for (long id : many) {
          ids.add(id);
        }
      }
    }
    long[] out = new long[ids.size()];
    int i = 0;
    for (long id : ids) {
      out[i++] = id;
    }
    return out;
  }
}
