/**
 * The weights and inputs every implementation of a workload shares: drawn from fixed
 * seeds, written once per benchmark run to the weights file the generated class loads, and
 * read as they are by the peers.
 */
package dev.netc.bench.model;
