package org.distarray.actors.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import org.distarray.arrays.dist.IndexRuns;

/** Wire form of {@link IndexRuns}: three arrays, {@code {"starts": [..], "steps": [..], "counts": [..]}}. */
final class IndexRunsCodec {
  private IndexRunsCodec() {}

  static final class Serializer extends StdSerializer<IndexRuns> {
    private static final long serialVersionUID = 1L;

    Serializer() {
      super(IndexRuns.class);
    }

    @Override
    public void serialize(IndexRuns runs, JsonGenerator g, SerializerProvider p) throws IOException {
      int n = runs.runs();
      long[] starts = new long[n];
      long[] steps = new long[n];
      long[] counts = new long[n];
      for (int r = 0; r < n; r++) {
        starts[r] = runs.runStart(r);
        steps[r] = runs.runStep(r);
        counts[r] = runs.runLength(r);
      }
      g.writeStartObject();
      g.writeFieldName("starts");
      g.writeArray(starts, 0, n);
      g.writeFieldName("steps");
      g.writeArray(steps, 0, n);
      g.writeFieldName("counts");
      g.writeArray(counts, 0, n);
      g.writeEndObject();
    }
  }

  static final class Deserializer extends StdDeserializer<IndexRuns> {
    private static final long serialVersionUID = 1L;

    Deserializer() {
      super(IndexRuns.class);
    }

    @Override
    public IndexRuns deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
      JsonNode node = parser.readValueAsTree();
      JsonNode starts = node.get("starts");
      JsonNode steps = node.get("steps");
      JsonNode counts = node.get("counts");
      if (starts == null || steps == null || counts == null || starts.size() != steps.size()
          || starts.size() != counts.size()) {
        throw new IOException("malformed index runs: expected starts, steps and counts of one length");
      }
      IndexRuns.Builder b = new IndexRuns.Builder();
      try {
        for (int r = 0; r < starts.size(); r++) {
          b.addRun(starts.get(r).asLong(), steps.get(r).asLong(), counts.get(r).asLong());
        }
      } catch (IllegalArgumentException e) {
        throw new IOException("malformed index runs: " + e.getMessage(), e);
      }
      return b.build();
    }
  }
}
