package com.example.embeddings;

import com.example.embeddings.model.AllMinilmL6V2;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Sentence embeddings from all-MiniLM-L6-v2, as the sentence-transformers library computes them:
 * the text is tokenized, the model (compiled to Java by netc at build time) gives a 384-value
 * hidden state per token, and the embedding is the mean of the hidden states of the sentence's own
 * tokens (the attention mask's 1s, so padding never counts), scaled to length 1.
 *
 * <p>Because embeddings have length 1, their dot product is their cosine similarity: about 0.6 and
 * above for paraphrases, near 0 for unrelated sentences.
 *
 * <pre>{@code
 * SentenceEmbedder embedder = SentenceEmbedder.create();
 * float[][] e = embedder.embed(List.of("A man is eating food.", "A man eats something."));
 * double similarity = SentenceEmbedder.cosine(e[0], e[1]);
 * }</pre>
 *
 * <p>An embedder is immutable and may be shared between threads.
 */
public final class SentenceEmbedder {

    /** The number of values of an embedding. */
    public static final int DIMENSION = 384;

    /** The most tokens the model reads: it has 512 position embeddings. */
    public static final int MODEL_MAX_LENGTH = 512;

    /**
     * The most tokens of a sentence that {@link #create()} reads, special tokens included; longer
     * sentences are cut. sentence-transformers cuts all-MiniLM-L6-v2's input at 256 tokens as well:
     * the model was trained on texts no longer than that.
     */
    public static final int DEFAULT_MAX_LENGTH = 256;

    /** The tokenizer.json published in the model's jar, beside the ONNX file. */
    public static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    /**
     * How many sentences go through the model at once. A batch is padded to its longest sentence,
     * and its hidden states take {@code batch * tokens * 384} floats (12 MB for 32 sentences of 256
     * tokens), so a long list is embedded in slices of this many.
     */
    private static final int BATCH_SIZE = 32;

    private final AllMinilmL6V2 model;
    private final WordPieceTokenizer tokenizer;
    private final int maxLength;

    /**
     * An embedder from a model and a tokenizer already loaded.
     *
     * @param model the model
     * @param tokenizer its tokenizer
     * @param maxLength the most tokens of a sentence the model reads, special tokens included; longer
     *     sentences are cut (their end is dropped)
     * @throws IllegalArgumentException if {@code maxLength} is below 2 (room for {@code [CLS]} and
     *     {@code [SEP]}) or above {@value #MODEL_MAX_LENGTH}
     */
    public SentenceEmbedder(AllMinilmL6V2 model, WordPieceTokenizer tokenizer, int maxLength) {
        this.model = Objects.requireNonNull(model, "model");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        if (maxLength < 2 || maxLength > MODEL_MAX_LENGTH) {
            throw new IllegalArgumentException("maxLength is " + maxLength + "; it must be from 2 to "
                    + MODEL_MAX_LENGTH + ", the model's positions");
        }
        this.maxLength = maxLength;
    }

    /**
     * The embedder with the model's weights packaged beside its class and the tokenizer from the
     * model's jar, reading up to {@value #DEFAULT_MAX_LENGTH} tokens of each sentence. Loading reads
     * 90 MB of weights and warms the kernels up: a second or two, once.
     *
     * @return the embedder
     * @throws IOException if the weights cannot be read
     * @throws IllegalStateException if the JVM lacks {@code --add-modules jdk.incubator.vector}
     */
    public static SentenceEmbedder create() throws IOException {
        return create(DEFAULT_MAX_LENGTH);
    }

    /**
     * As {@link #create()}, reading up to {@code maxLength} tokens of each sentence.
     *
     * @param maxLength the most tokens of a sentence, special tokens included, from 2 to
     *     {@value #MODEL_MAX_LENGTH}
     * @return the embedder
     * @throws IOException if the weights cannot be read
     * @throws IllegalArgumentException if {@code maxLength} is out of range
     * @throws IllegalStateException if the JVM lacks {@code --add-modules jdk.incubator.vector}
     */
    public static SentenceEmbedder create(int maxLength) throws IOException {
        WordPieceTokenizer tokenizer = WordPieceTokenizer.fromClasspath(TOKENIZER_RESOURCE);
        return new SentenceEmbedder(AllMinilmL6V2.fromResource(), tokenizer, maxLength);
    }

    /**
     * The most tokens of a sentence this embedder reads, special tokens included.
     *
     * @return the maximum length
     */
    public int maxLength() {
        return maxLength;
    }

    /**
     * This embedder with another maximum length; the model and tokenizer are shared, not loaded
     * again.
     *
     * @param maxLength the most tokens of a sentence, special tokens included, from 2 to
     *     {@value #MODEL_MAX_LENGTH}
     * @return the embedder
     * @throws IllegalArgumentException if {@code maxLength} is out of range
     */
    public SentenceEmbedder withMaxLength(int maxLength) {
        return new SentenceEmbedder(model, tokenizer, maxLength);
    }

    /**
     * The tokenizer, to see the tokens a sentence becomes.
     *
     * @return the tokenizer
     */
    public WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * Embeds one sentence.
     *
     * @param sentence any text; an empty one is embedded too (as {@code [CLS] [SEP]})
     * @return its embedding: {@value #DIMENSION} values, of length 1
     */
    public float[] embed(String sentence) {
        return embed(List.of(sentence))[0];
    }

    /**
     * Embeds several sentences, in batches. Each sentence's embedding is the same as if it were
     * embedded alone, up to float rounding: padding is masked out of the attention and the mean.
     *
     * @param sentences the sentences
     * @return one embedding per sentence, in their order, each of {@value #DIMENSION} values and of
     *     length 1
     */
    public float[][] embed(List<String> sentences) {
        float[][] embeddings = new float[sentences.size()][];
        float[] hidden = null;
        for (int from = 0; from < sentences.size(); from += BATCH_SIZE) {
            List<String> slice = sentences.subList(from, Math.min(from + BATCH_SIZE, sentences.size()));
            Batch batch = tokenizer.encode(slice, maxLength);
            int n = batch.batchSize();
            int t = batch.sequenceLength();
            int size = n * t * DIMENSION;
            // forward fills only the first n * t * 384 values of a longer array, so one buffer,
            // grown when a batch needs more, serves every batch of the call.
            if (hidden == null || hidden.length < size) {
                hidden = new float[size];
            }
            model.forward(batch.inputIds(), batch.attentionMask(), batch.tokenTypeIds(), n, t, hidden);
            float[][] pooled = meanPoolAndNormalize(hidden, batch.attentionMask(), n, t);
            System.arraycopy(pooled, 0, embeddings, from, n);
        }
        return embeddings;
    }

    /**
     * The cosine of the angle between two vectors: their dot product over the product of their
     * lengths, from -1 to 1. For embeddings of this class, which have length 1, it is their dot
     * product.
     *
     * @param a a vector
     * @param b a vector of the same length
     * @return the cosine similarity; 0 if either vector is all zeros
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " values");
        }
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return aa == 0 || bb == 0 ? 0 : dot / Math.sqrt(aa * bb);
    }

    /**
     * sentence-transformers' mean pooling and normalization, on the model's hidden states: for each
     * row, the mean over the positions whose mask is 1 of their {@value #DIMENSION} values, divided
     * by its length. Sums are kept in double, so that the pooling's own rounding stays far below
     * the model's, even over 512 tokens.
     *
     * @param hidden the hidden states, row-major {@code [n, t, 384]} (a longer array is read from
     *     its start)
     * @param mask the attention mask, row-major {@code [n, t]}: 1 for a token, 0 for padding
     * @param n the number of rows
     * @param t the tokens per row
     * @return {@code n} embeddings
     */
    static float[][] meanPoolAndNormalize(float[] hidden, long[] mask, int n, int t) {
        float[][] out = new float[n][DIMENSION];
        double[] sum = new double[DIMENSION];
        for (int row = 0; row < n; row++) {
            Arrays.fill(sum, 0);
            int kept = 0;
            for (int pos = 0; pos < t; pos++) {
                if (mask[row * t + pos] == 0) {
                    continue;
                }
                kept++;
                int base = (row * t + pos) * DIMENSION;
                for (int d = 0; d < DIMENSION; d++) {
                    sum[d] += hidden[base + d];
                }
            }
            // The tokenizer always writes [CLS] and [SEP], so kept >= 2; the max only guards the
            // division, as sentence-transformers' clamp does.
            double norm = 0;
            for (int d = 0; d < DIMENSION; d++) {
                sum[d] /= Math.max(kept, 1);
                norm += sum[d] * sum[d];
            }
            // F.normalize's eps: a zero vector stays zero instead of becoming NaN.
            double scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
            for (int d = 0; d < DIMENSION; d++) {
                out[row][d] = (float) (sum[d] * scale);
            }
        }
        return out;
    }
}
