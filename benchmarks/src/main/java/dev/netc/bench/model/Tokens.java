package dev.netc.bench.model;

import java.util.SplittableRandom;

/**
 * A batch of tokenized sequences as a BERT encoder takes them, row-major {@code [batch, seq]}:
 * token ids, the attention mask and the token types.
 *
 * @param ids token ids
 * @param mask 1 where a token is attended to, 0 at padding
 * @param types the segment of each token, 0 for a single sentence
 * @param batch the sequences
 * @param seq the tokens of each
 */
public record Tokens(long[] ids, long[] mask, long[] types, int batch, int seq) {
  /**
   * {@code batch} sentences of {@code seq} tokens without padding: each is {@code cls}, then ids
   * drawn from {@code seed} in [{@code first}, {@code end}), then {@code sep}; mask all ones, types
   * all zeros. Random ids are not text, but an encoder's time does not depend on which ids it reads.
   */
  public static Tokens sentences(long seed, int batch, int seq, long cls, long sep, int first, int end) {
    if (seq < 2) {
      throw new IllegalArgumentException("a sentence holds [CLS] and [SEP] at least, not " + seq + " tokens");
    }
    SplittableRandom random = new SplittableRandom(seed);
    long[] ids = new long[batch * seq];
    long[] mask = new long[batch * seq];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < seq; t++) {
        ids[b * seq + t] = t == 0 ? cls : t == seq - 1 ? sep : random.nextInt(first, end);
        mask[b * seq + t] = 1;
      }
    }
    return new Tokens(ids, mask, new long[batch * seq], batch, seq);
  }
}
