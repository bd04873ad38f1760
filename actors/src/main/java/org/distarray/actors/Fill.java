package org.distarray.actors;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.distarray.arrays.task.IndexFunction;

/** How an engine fills a new block: every element is a function of its global index only. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "fill")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Fill.Constant.class, name = "constant"),
    @JsonSubTypes.Type(value = Fill.Empty.class, name = "empty"),
    @JsonSubTypes.Type(value = Fill.Arange.class, name = "arange"),
    @JsonSubTypes.Type(value = Fill.Uniform.class, name = "uniform"),
    @JsonSubTypes.Type(value = Fill.Normal.class, name = "normal"),
    @JsonSubTypes.Type(value = Fill.RandInt.class, name = "randint"),
    @JsonSubTypes.Type(value = Fill.Function.class, name = "function")})
public sealed interface Fill extends CborSerializable {
  /** Every element is value. */
  record Constant(double value) implements Fill {}

  /** Left as allocated (zeros): NumPy's {@code empty} makes no promise about the values. */
  record Empty() implements Fill {}

  /** The C-order flat global index. */
  record Arange() implements Fill {}

  /** Uniform in [0, 1) of seed and flat global index. */
  record Uniform(long seed) implements Fill {}

  /** loc + scale * (standard normal of seed and flat global index). */
  record Normal(long seed, double loc, double scale) implements Fill {}

  /** Integer in [low, high) of seed and flat global index. */
  record RandInt(long seed, long low, long high) implements Fill {}

  /** A user function of the global index. */
  record Function(IndexFunction function) implements Fill {}
}
