package org.distarray.actors.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.distarray.actors.TaskPayload;
import org.distarray.actors.TaskResult;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.task.LocalTask;

/**
 * Users' objects inside messages, handled where their problems can still be answered: a task is encoded by the
 * client and decoded by the engine that runs it ({@link TaskPayload}); a task's result is checked by its engine
 * before it is sent, so that one that cannot travel is an error answer naming its type instead of a message
 * remoting drops.
 */
public final class UserValues {
  private UserValues() {}

  /** The object mapper this system's messages are written with (the {@code jackson-cbor} binding of Pekko, with WireModule). */
  public static ObjectMapper mapper(ActorSystem<?> system) {
    return JacksonObjectMapperProvider.get(system).getOrCreate("jackson-cbor", Optional.empty());
  }

  /**
   * The task in its wire form, decoded with the same mapper where it runs.
   *
   * @throws IllegalArgumentException naming the task's class and why it cannot travel (not a record, a component
   *     that cannot be written)
   */
  public static TaskPayload encode(ObjectMapper mapper, LocalTask<?> task) {
    try {
      return TaskPayload.encoded(task.getClass().getName(), encodeTask(mapper, task),
          bytes -> decodeTask(mapper, bytes));
    } catch (IOException e) {
      throw new IllegalArgumentException("task " + task.getClass().getName() + " cannot be sent to the engines: "
          + innermostMessage(e), e);
    }
  }

  /**
   * Checks that a task's result can be sent, writing its header only (the elements of its arrays are not copied).
   *
   * @throws IllegalArgumentException saying which type cannot travel and what can
   */
  public static void checkResult(ObjectMapper mapper, TaskResult result) {
    List<NdArray> outer = ArrayFrames.suspendWriting();
    ArrayFrames.startWriting(ArrayFrames.newList()); // arrays are only collected, as a message's would be
    try {
      mapper.writeValue(OutputStream.nullOutputStream(), result);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(innermostMessage(e), e);
    } finally {
      ArrayFrames.resumeWriting(outer);
    }
  }

  /** A task written as a LocalTask by codec, its arrays inline (it travels as bytes inside another message). */
  static byte[] encodeTask(ObjectCodec codec, LocalTask<?> task) throws IOException {
    List<NdArray> outer = ArrayFrames.suspendWriting();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (JsonGenerator g = codec.getFactory().createGenerator(out)) {
        if (codec instanceof ObjectMapper m) {
          m.writerFor(LocalTask.class).writeValue(g, task);
        } else {
          codec.writeValue(g, task);
        }
      }
      return out.toByteArray();
    } finally {
      ArrayFrames.resumeWriting(outer);
    }
  }

  /** The task of a wire form written by {@link #encodeTask}. */
  static LocalTask<?> decodeTask(ObjectCodec codec, byte[] bytes) throws IOException {
    try (JsonParser p = codec.getFactory().createParser(bytes)) {
      return codec.readValue(p, LocalTask.class);
    }
  }

  /** The message of the innermost cause that has one (Jackson wraps the codecs' own explanations). */
  private static String innermostMessage(Throwable e) {
    String message = String.valueOf(e.getMessage());
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c.getMessage() != null) {
        message = c.getMessage();
      }
    }
    return message;
  }
}
