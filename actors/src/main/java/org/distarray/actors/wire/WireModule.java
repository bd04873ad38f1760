package org.distarray.actors.wire;

import com.fasterxml.jackson.databind.module.SimpleModule;
import org.distarray.actors.TaskPayload;
import org.distarray.actors.TaskResult;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.dist.IndexRuns;
import org.distarray.arrays.task.IndexFunction;
import org.distarray.arrays.task.LocalTask;

/**
 * The Jackson module that gives the value types of {@code arrays} their wire form: arrays as byte strings,
 * distributions as Distributed Array Protocol dim_data, user tasks as checked records (inside a {@link TaskPayload},
 * as bytes that the engine running the task decodes). Registered in
 * {@code reference.conf} under {@code pekko.serialization.jackson.jackson-modules}.
 */
public final class WireModule extends SimpleModule {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings({"rawtypes", "unchecked"})
  public WireModule() {
    super("distarray-wire");
    addSerializer(NdArray.class, new NdArrayCodec.Serializer());
    addDeserializer(NdArray.class, new NdArrayCodec.Deserializer());
    addSerializer(WireArray.class, new NdArrayCodec.WireSerializer());
    addDeserializer(WireArray.class, new NdArrayCodec.WireDeserializer());
    addSerializer(Distribution.class, new DistributionCodec.Serializer());
    addDeserializer(Distribution.class, new DistributionCodec.Deserializer());
    addSerializer(LocalTask.class, new RecordCodec.Serializer(LocalTask.class));
    addDeserializer(LocalTask.class, new RecordCodec.Deserializer(LocalTask.class));
    addSerializer(IndexRuns.class, new IndexRunsCodec.Serializer());
    addDeserializer(IndexRuns.class, new IndexRunsCodec.Deserializer());
    addSerializer(TaskPayload.class, new TaskPayloadCodec.Serializer());
    addDeserializer(TaskPayload.class, new TaskPayloadCodec.Deserializer());
    addSerializer(TaskResult.class, new TaskResultCodec.Serializer());
    addDeserializer(TaskResult.class, new TaskResultCodec.Deserializer());
    addSerializer(IndexFunction.class, new RecordCodec.Serializer(IndexFunction.class));
    addDeserializer(IndexFunction.class, new RecordCodec.Deserializer(IndexFunction.class));
  }
}
