/** The per-network summary {@code netc check} prints: nodes, shapes, parameter counts, FLOPs. */
package dev.netc.compiler.summary;
