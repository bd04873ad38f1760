package org.distarray.runtime;

import com.fasterxml.jackson.databind.module.SimpleModule;
import org.distarray.actors.wire.UserRecords;

/** Stencils on the wire: a record named by its class with its components (listed in this module's reference.conf). */
public final class StencilWire extends SimpleModule {
  private static final long serialVersionUID = 1L;

  public StencilWire() {
    super("distarray-stencils");
    UserRecords.register(this, Stencil.class);
  }
}
