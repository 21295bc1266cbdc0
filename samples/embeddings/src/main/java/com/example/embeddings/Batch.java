package com.example.embeddings;

/**
 * Several texts encoded together, as the inputs of a BERT model: three int64 tensors of shape
 * {@code [batchSize, sequenceLength]}, stored row-major, one row per text. Rows shorter than the
 * longest are padded at the end with the pad id, and their mask is 0 there.
 *
 * <p>The arrays are not copied: treat them as read-only.
 *
 * @param inputIds the token ids ({@code input_ids})
 * @param attentionMask 1 where a row holds a token, 0 where it holds padding ({@code attention_mask})
 * @param tokenTypeIds the segment of each token, 0 for single texts and padding ({@code token_type_ids})
 * @param batchSize the number of texts (rows)
 * @param sequenceLength the length of every row: the longest text's, in tokens
 */
public record Batch(long[] inputIds, long[] attentionMask, long[] tokenTypeIds, int batchSize, int sequenceLength) {

    /**
     * Checks that each array holds {@code batchSize * sequenceLength} values.
     *
     * @throws IllegalArgumentException if one does not
     */
    public Batch {
        long size = (long) batchSize * sequenceLength;
        if (batchSize < 0 || sequenceLength < 0
                || inputIds.length != size || attentionMask.length != size || tokenTypeIds.length != size) {
            throw new IllegalArgumentException("a batch of " + batchSize + " x " + sequenceLength
                    + " needs " + size + " values per array, got " + inputIds.length + ", "
                    + attentionMask.length + ", " + tokenTypeIds.length);
        }
    }

    /**
     * The shape of each of the three tensors.
     *
     * @return {@code {batchSize, sequenceLength}}
     */
    public long[] shape() {
        return new long[] {batchSize, sequenceLength};
    }

    /**
     * The number of real (unpadded) tokens of one row, special tokens included.
     *
     * @param row a row, from 0 to {@code batchSize - 1}
     * @return the number of 1s in that row of the mask
     */
    public int length(int row) {
        int n = 0;
        for (int t = 0; t < sequenceLength; t++) {
            n += (int) attentionMask[row * sequenceLength + t];
        }
        return n;
    }
}
