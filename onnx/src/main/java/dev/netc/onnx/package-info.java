/**
 * ONNX models: {@link dev.netc.onnx.OnnxReader} reads a {@code .onnx} file's protobuf wire format
 * into immutable records ({@link dev.netc.onnx.OnnxModel} and what it holds), checking every length
 * and size it is told; {@link dev.netc.onnx.importer} turns a model into a {@code .nn} spec and its
 * weights.
 */
package dev.netc.onnx;
