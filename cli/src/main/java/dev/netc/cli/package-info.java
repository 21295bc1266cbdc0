/** The {@code netc} command line: a thin adapter that renders what the compiler API returns. */
package dev.netc.cli;
