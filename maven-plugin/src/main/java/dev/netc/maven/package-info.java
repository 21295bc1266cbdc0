/**
 * The netc Maven plugin: {@code netc:generate} and {@code netc:generate-test} compile the
 * {@code .nn} specs (and {@code .onnx} models) of a project into Java sources and weights resources
 * at build time.
 *
 * <p>The mojos ({@link dev.netc.maven.GenerateMojo}, {@link dev.netc.maven.GenerateTestMojo}) only
 * read their parameters and register the output folders with the project. The work is done by
 * plain classes that know nothing of Maven's object model and are tested without it:
 * {@link dev.netc.maven.SpecGenerator} runs one incremental generation, {@link
 * dev.netc.maven.SpecScanner} finds the specs and their packages, {@link
 * dev.netc.maven.OnnxImports} imports the {@code .onnx} models among them (with the onnx module's
 * importer, as {@code netc compile} does), {@link dev.netc.maven.BuildState}
 * remembers what each spec was generated from and into, {@link dev.netc.maven.DiagnosticReporter}
 * logs diagnostics in the {@code file:line:col: error: message} form and turns them into IDE
 * markers, and {@link dev.netc.maven.OutputFiles} writes only what changed. Checking and code
 * generation themselves are the compiler API's ({@code dev.netc.compiler.Compiler}), the same as
 * {@code netc compile}'s; nothing here re-implements them.
 */
package dev.netc.maven;
