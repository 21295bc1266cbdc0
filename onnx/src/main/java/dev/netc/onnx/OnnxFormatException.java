package dev.netc.onnx;

import java.io.IOException;

/**
 * An ONNX file that cannot be read as the format describes: truncated or malformed protobuf, a
 * tensor whose data does not match its declared size, external data that is missing or outside
 * the model's folder. The message names the file and the element at fault.
 */
public final class OnnxFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public OnnxFormatException(String message) {
    super(message);
  }

  public OnnxFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
