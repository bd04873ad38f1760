package org.distarray.actors.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;

/**
 * Wire form of user code sent to engines ({@code LocalTask}s, index functions): {@code {"record": <class name>,
 * "value": <the record's components>}}. On arrival only a record class that implements the expected interface
 * is accepted, so a message cannot make a node instantiate anything else.
 *
 * @param <T> the interface the record must implement
 */
final class RecordCodec {
  private RecordCodec() {}

  static final class Serializer<T> extends StdSerializer<T> {
    private static final long serialVersionUID = 1L;

    Serializer(Class<T> type) {
      super(type);
    }

    @Override
    public void serialize(T value, JsonGenerator g, SerializerProvider p) throws IOException {
      if (!value.getClass().isRecord()) {
        throw new IOException(handledType().getSimpleName() + " " + value.getClass().getName()
            + " is not a record: implement it as a record whose components are its parameters");
      }
      g.writeStartObject();
      g.writeStringField("record", value.getClass().getName());
      g.writeObjectFieldStart("value");
      for (RecordComponent c : value.getClass().getRecordComponents()) {
        p.defaultSerializeField(c.getName(), component(value, c), g);
      }
      g.writeEndObject();
      g.writeEndObject();
    }
  }

  private static Object component(Object record, RecordComponent c) throws IOException {
    try {
      java.lang.reflect.Method accessor = c.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IOException("cannot read component " + c.getName() + " of " + record.getClass().getName(), e);
    }
  }

  static final class Deserializer<T> extends StdDeserializer<T> {
    private static final long serialVersionUID = 1L;
    private final Class<T> type;

    Deserializer(Class<T> type) {
      super(type);
      this.type = type;
    }

    @Override
    public T deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
      JsonNode node = parser.readValueAsTree();
      JsonNode name = node.get("record");
      JsonNode value = node.get("value");
      if (name == null || value == null) {
        throw new IOException("malformed " + type.getSimpleName() + " message: expected record and value");
      }
      Class<?> c;
      try {
        c = Class.forName(name.asText(), false, Thread.currentThread().getContextClassLoader() != null
            ? Thread.currentThread().getContextClassLoader() : RecordCodec.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IOException("unknown " + type.getSimpleName() + " class " + name.asText(), e);
      }
      if (!c.isRecord() || !type.isAssignableFrom(c)) {
        throw new IOException("refused " + name.asText() + ": not a record implementing " + type.getName());
      }
      RecordComponent[] components = c.getRecordComponents();
      Object[] args = new Object[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        JsonNode v = value.get(components[i].getName());
        types[i] = components[i].getType();
        args[i] = v == null || v.isNull() ? null
            : ctx.readTreeAsValue(v, ctx.getTypeFactory().constructType(components[i].getGenericType()));
        if (args[i] == null && types[i].isPrimitive()) {
          throw new IOException("malformed " + type.getSimpleName() + " message: no value for component "
              + components[i].getName() + " of " + c.getName());
        }
      }
      try {
        Constructor<?> canonical = c.getDeclaredConstructor(types);
        canonical.setAccessible(true);
        return type.cast(canonical.newInstance(args));
      } catch (ReflectiveOperationException e) {
        throw new IOException("cannot rebuild " + c.getName() + ": " + e, e);
      }
    }
  }
}
