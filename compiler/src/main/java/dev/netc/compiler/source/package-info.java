/** Source text and positions: what every diagnostic and AST node points into. */
package dev.netc.compiler.source;
