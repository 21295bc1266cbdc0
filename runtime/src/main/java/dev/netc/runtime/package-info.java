/**
 * What generated networks link against besides the kernels: the workspace,
 * argument checks, parameter loading and the Vector API check.
 */
package dev.netc.runtime;
