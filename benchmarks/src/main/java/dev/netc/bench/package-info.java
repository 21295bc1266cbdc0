/**
 * JMH benchmarks of networks compiled by netc against the implementations a Java
 * user would otherwise pick: a scalar loop, a straightforward Vector API loop and
 * ONNX Runtime, all fed the same inputs and weights.
 *
 * <p>{@link dev.netc.bench.Workload} is the one place that states each
 * workload's shape and FLOP count; {@link dev.netc.bench.DenseBenchmark},
 * {@link dev.netc.bench.EncoderBenchmark} and
 * {@link dev.netc.bench.MemoryBandwidthBenchmark} are the JMH entry points, with
 * {@link dev.netc.bench.ActivationBenchmark} for one activation loop alone.
 */
package dev.netc.bench;
