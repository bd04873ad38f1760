package org.distarray.actors.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.distarray.actors.TaskResult;
import org.distarray.arrays.NdArray;

/**
 * Wire form of a task's result: {@code {"type": <class name>, "value": ...}} (null as type "null"); a list is
 * written element by element. On arrival only records, strings, boxed primitives, primitive arrays and
 * {@code NdArray}s are accepted, so a message cannot make a node instantiate anything else.
 */
final class TaskResultCodec {
  private static final Set<String> PLAIN = Set.of("java.lang.String", "java.lang.Double", "java.lang.Float",
      "java.lang.Long", "java.lang.Integer", "java.lang.Short", "java.lang.Byte", "java.lang.Boolean",
      "java.lang.Character", "[D", "[F", "[J", "[I", "[S", "[B", "[Z", "[C", NdArray.class.getName());

  private TaskResultCodec() {}

  static final class Serializer extends StdSerializer<TaskResult> {
    private static final long serialVersionUID = 1L;

    Serializer() {
      super(TaskResult.class);
    }

    @Override
    public void serialize(TaskResult r, JsonGenerator g, SerializerProvider p) throws IOException {
      write(r.value(), g, p);
    }

    private void write(Object v, JsonGenerator g, SerializerProvider p) throws IOException {
      g.writeStartObject();
      if (v == null) {
        g.writeStringField("type", "null");
      } else if (v instanceof List<?> list) {
        g.writeStringField("type", "list");
        g.writeFieldName("value");
        g.writeStartArray();
        for (Object e : list) {
          write(e, g, p);
        }
        g.writeEndArray();
      } else {
        String name = v.getClass().getName();
        if (!PLAIN.contains(name) && !v.getClass().isRecord()) {
          throw new IOException("a task returned a " + v.getClass().getTypeName() + ", which cannot be sent: return"
              + " a record, string, number, one-dimensional primitive array, NdArray or a list of those");
        }
        g.writeStringField("type", name);
        g.writeFieldName("value");
        p.defaultSerializeValue(v, g);
      }
      g.writeEndObject();
    }
  }

  static final class Deserializer extends StdDeserializer<TaskResult> {
    private static final long serialVersionUID = 1L;

    Deserializer() {
      super(TaskResult.class);
    }

    @Override
    public TaskResult deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
      return new TaskResult(read(parser.readValueAsTree(), ctx));
    }

    private Object read(JsonNode node, DeserializationContext ctx) throws IOException {
      String type = node.path("type").asText("");
      if (type.equals("null")) {
        return null;
      }
      JsonNode value = node.get("value");
      if (value == null) {
        throw new IOException("malformed task result: no value for type '" + type + "'");
      }
      if (type.equals("list")) {
        List<Object> out = new ArrayList<>();
        for (JsonNode e : value) {
          out.add(read(e, ctx));
        }
        return out;
      }
      Class<?> c;
      try {
        c = Class.forName(type, false, Thread.currentThread().getContextClassLoader() != null
            ? Thread.currentThread().getContextClassLoader() : TaskResultCodec.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IOException("unknown task result class " + type, e);
      }
      if (!PLAIN.contains(type) && !c.isRecord()) {
        throw new IOException("refused task result of class " + type);
      }
      return ctx.readTreeAsValue(value, c);
    }
  }
}
