package dev.netc.runtime.weights;

import java.nio.ByteOrder;

/**
 * Where a validated tensor's data lives, and how it is laid out there.
 *
 * @param info what the file declares about the tensor
 * @param dataOffset for a plain file, the absolute offset of the first data byte; inside an npz,
 *     the offset within the uncompressed entry, that is the length of its .npy header
 * @param zipEntry the npz entry holding the tensor, or null for a plain file
 * @param byteOrder the order of each element's bytes: little-endian but in a big-endian .npy
 *     ({@code '>f4'})
 * @param columnMajor whether the elements are stored first dimension fastest, as in a .npy saved
 *     in Fortran order ({@code np.save('w.npy', W.T)}); reads return them row-major all the same
 */
record TensorEntry(
    TensorInfo info, long dataOffset, String zipEntry, ByteOrder byteOrder, boolean columnMajor) {

  /** A tensor stored as safetensors stores every one: little-endian, row-major. */
  TensorEntry(TensorInfo info, long dataOffset, String zipEntry) {
    this(info, dataOffset, zipEntry, ByteOrder.LITTLE_ENDIAN, false);
  }
}
