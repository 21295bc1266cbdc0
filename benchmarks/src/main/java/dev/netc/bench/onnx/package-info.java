/**
 * ONNX Runtime as a peer: the benchmarks' networks written as ONNX models with protobuf-java's
 * {@link com.google.protobuf.CodedOutputStream} (field by field, after {@code onnx.proto3}; no
 * generated classes, no Python), and {@link dev.netc.bench.onnx.OrtPeer}, which runs them the two
 * ways a Java caller would.
 */
package dev.netc.bench.onnx;
