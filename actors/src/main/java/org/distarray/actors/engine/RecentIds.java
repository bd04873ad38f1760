package org.distarray.actors.engine;

import java.util.Iterator;
import java.util.LinkedHashSet;

/** A bounded set of ids (requests, arrays): past its limit the oldest are forgotten first. */
final class RecentIds {
  private final LinkedHashSet<Long> ids = new LinkedHashSet<>();
  private final int limit;

  RecentIds(int limit) {
    this.limit = limit;
  }

  void add(long id) {
    if (ids.add(id) && ids.size() > limit) {
      Iterator<Long> oldest = ids.iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** Forgets id; true when it was here. */
  boolean remove(long id) {
    return ids.remove(id);
  }

  boolean contains(long id) {
    return ids.contains(id);
  }
}
