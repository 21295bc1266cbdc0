/**
 * Coverage-guided fuzz targets (Jazzer {@code @FuzzTest}s) for what netc reads from files: specs,
 * weights files and ONNX models; the editor-session target lives in {@code dev.netc.lsp} beside the
 * providers it calls. Each target's seeds, and every finding kept as a regression input, are under
 * {@code src/test/resources/<package>/<Target>Inputs/<method>/}. docs/robustness.md says what counts
 * as a finding and how to fuzz for longer.
 */
package dev.netc.fuzz;
