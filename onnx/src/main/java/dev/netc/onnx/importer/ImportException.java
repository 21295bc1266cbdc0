package dev.netc.onnx.importer;

/**
 * A model netc cannot import as it is: an operator or attribute it does not support, a shape it
 * cannot follow, a size the command line must give. The message names the ONNX nodes involved and
 * what to do; nothing has been written when it is thrown.
 */
public final class ImportException extends Exception {
  private static final long serialVersionUID = 1L;

  public ImportException(String message) {
    super(message);
  }
}
