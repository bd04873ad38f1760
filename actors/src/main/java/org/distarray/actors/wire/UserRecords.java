package org.distarray.actors.wire;

import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * Lets another module send its own user-code interface the way {@code LocalTask}s travel (a record named by its
 * class, its components as values; on arrival only a record implementing the interface is accepted): list a
 * {@link SimpleModule} that calls {@link #register} in {@code pekko.serialization.jackson.jackson-modules}.
 */
public final class UserRecords {
  private UserRecords() {}

  /** Registers the record codec for type in module. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static <T> void register(SimpleModule module, Class<T> type) {
    module.addSerializer(type, new RecordCodec.Serializer(type));
    module.addDeserializer(type, new RecordCodec.Deserializer(type));
  }
}
