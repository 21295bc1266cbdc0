/**
 * The plain-Java peers: what a Java user writes without a compiler like netc. One
 * {@link dev.netc.bench.peers.MatMul} strategy per style, a scalar loop or a straightforward
 * Vector API loop, drives both network shapes, {@link dev.netc.bench.peers.DensePeer} and
 * {@link dev.netc.bench.peers.EncoderPeer}; everything but the products is the same plain Java in
 * both, so the two peers differ exactly where the styles differ.
 */
package dev.netc.bench.peers;
