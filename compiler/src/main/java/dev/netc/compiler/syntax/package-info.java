/**
 * Parsing: source text to {@link dev.netc.compiler.ast.SpecFile}, with
 * screened tokens, ANTLR's error recovery and messages in netc's own words.
 */
package dev.netc.compiler.syntax;
