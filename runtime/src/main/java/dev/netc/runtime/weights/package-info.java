/**
 * Reading and writing the weight files that generated networks load: safetensors, NumPy {@code
 * .npy} and NumPy {@code .npz}.
 *
 * <p>{@link dev.netc.runtime.weights.WeightFile} opens any of the three by extension. Files may
 * hold every element type {@link dev.netc.runtime.DType} names: F32, F16, BF16 and F64, and the
 * signed integers I64, I32 and I8. Each tensor is read into the Java array its use needs, by a
 * typed read that converts only where no meaning is lost: {@code readFloats} (floating-point
 * types, widened or rounded to {@code float}), {@code readInts} (I64 only when every value fits),
 * {@code readLongs}, {@code readBf16} (floating-point types rounded to bfloat16 bits) and {@code
 * readI8} (I8 as stored). A read refuses the other types with a message that names the read that
 * fits. {@link dev.netc.runtime.weights.WeightFile#readHeader} lists what a file declares without
 * reading its data, for tools that check shapes against a spec.
 *
 * <p>Weight files come from elsewhere and may be truncated, damaged or simply wrong, so every
 * length, offset and header field is checked before it is used: against the file's size, against
 * the other tensors, and against what a Java array can hold. A bad file fails with a {@link
 * dev.netc.runtime.weights.WeightFileException} naming the file, the tensor when there is one, what
 * is wrong and what was expected; never with an out-of-memory error, an endless loop or a silently
 * wrong read. Memory is allocated only for sizes the file has been shown to back, or grown as data
 * actually arrives from a compressed entry.
 *
 * <p>{@link dev.netc.runtime.weights.SafetensorsWriter}, {@link dev.netc.runtime.weights.NpyWriter}
 * and {@link dev.netc.runtime.weights.NpzWriter} write tensors deterministically, for tests and
 * tools: F32, I64, I32 and I8 from {@code float[]}, {@code long[]}, {@code int[]} and {@code
 * byte[]}, and in safetensors also BF16 from the bits in a {@code short[]}.
 *
 * <p>The package depends on the JDK alone, including its own small JSON parser for safetensors
 * headers.
 */
package dev.netc.runtime.weights;
