package com.example.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The embedder as a user calls it: what its embeddings mean, and how it treats long input. */
class SentenceEmbedderTest {

    private static SentenceEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = Embedders.shared();
    }

    @Test
    @DisplayName("two paraphrases are closer than a sentence and an unrelated one")
    void paraphrasesAreCloserThanUnrelatedSentences() {
        float[][] e = embedder.embed(List.of(
                "A man is eating food.",
                "A man is eating a piece of bread.",
                "A man is riding a horse.",
                "The stock market fell sharply today."));
        double paraphrase = SentenceEmbedder.cosine(e[0], e[1]);
        double otherActivity = SentenceEmbedder.cosine(e[0], e[2]);
        double finance = SentenceEmbedder.cosine(e[0], e[3]);
        // Measured: 0.755 for the paraphrase, 0.247 for another thing a man does, 0.004 for the
        // stock market. The margins asserted are wide; the exact values are the comparison with
        // ONNX Runtime's business, and a wrong pooling or a broken layer moves these by far more.
        assertTrue(paraphrase > otherActivity + 0.2, "paraphrase " + paraphrase + ", riding " + otherActivity);
        assertTrue(otherActivity > finance, "riding " + otherActivity + ", finance " + finance);
    }

    @Test
    @DisplayName("embeddings have 384 values and length 1")
    void unitLength() {
        for (float[] e : embedder.embed(List.of("One.", "Two sentences here.", ""))) {
            assertEquals(SentenceEmbedder.DIMENSION, e.length);
            double norm = 0;
            for (float v : e) {
                norm += v * v;
            }
            assertEquals(1, Math.sqrt(norm), 1e-6);
        }
    }

    @Test
    @DisplayName("a sentence embedded alone is the one embedded in a padded batch")
    void paddingDoesNotChangeAnEmbedding() {
        String shortOne = "A cat.";
        float[][] batch = embedder.embed(List.of(shortOne,
                "A considerably longer sentence, which pads the short one with many positions of [PAD]."));
        // Padded positions are masked out of the attention and of the mean: only float rounding
        // (sums over more positions, in another blocking) tells the two apart.
        assertTrue(SentenceEmbedder.cosine(embedder.embed(shortOne), batch[0]) > 0.99999);
    }

    @Test
    @DisplayName("a sentence longer than the maximum length is cut to it, not refused")
    void longSentencesAreCut() {
        // "hello" is one token, so 600 of them are 602 tokens with [CLS] and [SEP]: more than the
        // model's 512 positions. At the default 256, the sentence is its first 254 words.
        String long600 = "hello ".repeat(600);
        assertEquals(256, embedder.tokenizer().encode(List.of(long600), embedder.maxLength()).sequenceLength());
        float[] cut = embedder.embed(long600);
        float[] first254 = embedder.embed("hello ".repeat(254));
        assertEquals(1, SentenceEmbedder.cosine(cut, first254), 1e-6);

        // At the model's limit too: 512 tokens run, 510 words of the 600.
        SentenceEmbedder longest = embedder.withMaxLength(SentenceEmbedder.MODEL_MAX_LENGTH);
        float[] atLimit = longest.embed(long600);
        assertEquals(1, SentenceEmbedder.cosine(atLimit, longest.embed("hello ".repeat(510))), 1e-6);
    }

    @Test
    @DisplayName("a maximum length beyond the model's 512 positions is refused when the embedder is made")
    void maxLengthIsBounded() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> embedder.withMaxLength(513));
        assertTrue(e.getMessage().contains("512"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> embedder.withMaxLength(1));
    }

    @Test
    @DisplayName("cosine is 1 for a vector and itself, -1 for its opposite, 0 for orthogonal ones")
    void cosine() {
        assertEquals(1, SentenceEmbedder.cosine(new float[] {3, 4}, new float[] {3, 4}), 1e-12);
        assertEquals(-1, SentenceEmbedder.cosine(new float[] {3, 4}, new float[] {-6, -8}), 1e-12);
        assertEquals(0, SentenceEmbedder.cosine(new float[] {1, 0}, new float[] {0, 2}), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> SentenceEmbedder.cosine(new float[2], new float[3]));
    }
}
