/**
 * Distributions of arrays over engines, after the Distributed Array Protocol 0.10.0, and the planning of data
 * movement between them.
 *
 * <p>Entry points: {@link org.distarray.arrays.dist.Distribution} (shape, per-axis
 * {@link org.distarray.arrays.dist.AxisMap}s, process grid, engines; ownership and index conversion;
 * {@code dim_data}), {@link org.distarray.arrays.dist.TransferPlan} (redistribution as block-to-block pieces)
 * and {@link org.distarray.arrays.dist.SlicePlan} (where a basic-index selection lives, and whether its
 * result can share the source blocks). Index sets are compact {@link org.distarray.arrays.dist.IndexRuns}.
 * Pure Java: no actors, no IO.
 */
package org.distarray.arrays.dist;
