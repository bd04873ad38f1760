package org.distarray.actors.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import org.distarray.actors.TaskPayload;

/**
 * Wire form of a {@link TaskPayload}: {@code {"class": <task class name>, "task": <bytes>}}, the bytes being the
 * task as the message's mapper writes a {@code LocalTask} ({@link RecordCodec}, arrays inline). Reading it decodes nothing: the
 * payload keeps the bytes, with the reading mapper, for the engine that runs the task to decode.
 */
final class TaskPayloadCodec {
  private TaskPayloadCodec() {}

  static final class Serializer extends StdSerializer<TaskPayload> {
    private static final long serialVersionUID = 1L;

    Serializer() {
      super(TaskPayload.class);
    }

    @Override
    public void serialize(TaskPayload t, JsonGenerator g, SerializerProvider p) throws IOException {
      byte[] bytes = t.encoded() != null ? t.encoded() : UserValues.encodeTask(codecOf(g.getCodec()), t.live());
      g.writeStartObject();
      g.writeStringField("class", t.className());
      g.writeBinaryField("task", bytes);
      g.writeEndObject();
    }
  }

  static final class Deserializer extends StdDeserializer<TaskPayload> {
    private static final long serialVersionUID = 1L;

    Deserializer() {
      super(TaskPayload.class);
    }

    @Override
    public TaskPayload deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
      JsonNode node = parser.readValueAsTree();
      JsonNode name = node.get("class");
      JsonNode task = node.get("task");
      if (name == null || task == null || !(task.isBinary() || task.isTextual())) { // textual: base64 in JSON
        throw new IOException("malformed task message: expected class and task bytes");
      }
      ObjectCodec codec = codecOf(parser.getCodec());
      return TaskPayload.encoded(name.asText(), task.binaryValue(), bytes -> UserValues.decodeTask(codec, bytes));
    }
  }

  private static ObjectCodec codecOf(ObjectCodec codec) throws IOException {
    if (codec == null) {
      throw new IOException("a task travels only inside messages written by an object mapper");
    }
    return codec;
  }
}
