package dev.netc.maven;

import java.nio.file.Path;

/**
 * One {@code .nn} file a build compiles.
 *
 * @param file the file, absolute
 * @param name the file relative to the project ({@code src/main/nn/com/example/iris.nn}): how the
 *     generated code and the state file name it
 * @param packageName the Java package its classes go to; {@code ""} for the unnamed package
 */
record Spec(Path file, String name, String packageName) {}
