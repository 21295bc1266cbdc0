package com.example.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * netc's compiled model against ONNX Runtime running the very ONNX file it was compiled from (read
 * from the model jar on the test classpath), on the same token ids, pooled and normalized by the
 * same code: what is compared is the two models' hidden states, as a user sees them.
 */
class OnnxRuntimeComparisonTest {

    /**
     * Twenty sentences of varied length and content, embedded as one batch, so that all but the
     * longest are padded and the padding must not leak into their embeddings.
     */
    static final List<String> SENTENCES = List.of(
            "Hi.",
            "A man is eating food.",
            "A man is eating a piece of bread.",
            "The girl is carrying a baby.",
            "A man is riding a white horse on an enclosed ground.",
            "Wait... what?! Are you *serious* -- right now??",
            "Café au lait à Noël, s'il vous plaît; le garçon a été très aimable.",
            "Über den Wolken muss die Freiheit wohl grenzenlos sein.",
            "The third-quarter revenue was $4.2 billion, up 17% from 2023 (Q3: 3,571 units).",
            "Call 555-0199 before 10:30 a.m. on 2024-03-15.",
            "東京は日本の首都です。",
            "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG",
            "e = mc^2, and 1 + 1 = 2 for all practical purposes.",
            "https://example.com/path?query=embeddings&lang=java",
            "Supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopic.",
            "",
            "Sentence embeddings map text to vectors whose cosine similarity reflects how close two "
                    + "texts are in meaning. A model such as all-MiniLM-L6-v2 reads up to 256 word pieces, "
                    + "runs them through six transformer layers of twelve attention heads each, and the "
                    + "hidden states of the last layer are averaged over the tokens of the sentence, then "
                    + "scaled to unit length. Search engines, clustering and deduplication all build on this: "
                    + "embed a corpus once, embed each query, and rank the corpus by its similarity to the query.",
            "The stock market fell sharply today as investors worried about rising interest rates.",
            "I love programming in Java!",
            "   leading and trailing spaces, and\ttabs\nand newlines   ");

    @Test
    @DisplayName("every embedding of a padded batch of twenty is ONNX Runtime's, to a cosine of 0.99999")
    void twentySentencesAsOneBatch() throws Exception {
        SentenceEmbedder embedder = Embedders.shared();
        Batch batch = embedder.tokenizer().encode(SENTENCES, embedder.maxLength());
        float[][] expected = SentenceEmbedder.meanPoolAndNormalize(
                onnxRuntime(batch), batch.attentionMask(), batch.batchSize(), batch.sequenceLength());

        float[][] actual = embedder.embed(SENTENCES);

        double minCosine = 1;
        double maxDifference = 0;
        for (int i = 0; i < SENTENCES.size(); i++) {
            double cosine = SentenceEmbedder.cosine(actual[i], expected[i]);
            assertTrue(cosine >= 0.99999, String.format(Locale.ROOT,
                    "sentence %d (%d tokens) has cosine %.7f with ONNX Runtime's embedding: \"%s\"",
                    i, batch.length(i), cosine, SENTENCES.get(i)));
            minCosine = Math.min(minCosine, cosine);
            for (int d = 0; d < SentenceEmbedder.DIMENSION; d++) {
                maxDifference = Math.max(maxDifference, Math.abs(actual[i][d] - expected[i][d]));
            }
        }
        // Printed for the README: the numbers a user can expect.
        System.out.printf(Locale.ROOT,
                "netc vs ONNX Runtime, %d sentences padded to %d tokens: lowest cosine 1 - %.1e, "
                        + "largest difference of one embedding value %.1e%n",
                SENTENCES.size(), batch.sequenceLength(), 1 - minCosine, maxDifference);
    }

    /** ONNX Runtime's last_hidden_state, row-major [n, t, 384], for the batch's three inputs. */
    private static float[] onnxRuntime(Batch batch) throws IOException, OrtException {
        byte[] model;
        try (InputStream in = OnnxRuntimeComparisonTest.class.getClassLoader()
                .getResourceAsStream("all-minilm-l6-v2.onnx")) {
            assertNotNull(in, "all-minilm-l6-v2.onnx, from the model jar, on the test classpath");
            model = in.readAllBytes();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // One thread: the same result on every machine, and CI's cores left to the build.
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model, options);
                    OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.inputIds()), batch.shape());
                    OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.attentionMask()), batch.shape());
                    OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.tokenTypeIds()), batch.shape());
                    OrtSession.Result result = session.run(
                            Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
                OnnxTensor hidden = (OnnxTensor) result.get("last_hidden_state").orElseThrow();
                long[] shape = hidden.getInfo().getShape();
                assertEquals(List.of((long) batch.batchSize(), (long) batch.sequenceLength(), 384L),
                        List.of(shape[0], shape[1], shape[2]));
                FloatBuffer values = hidden.getFloatBuffer();
                float[] flat = new float[values.remaining()];
                values.get(flat);
                return flat;
            }
        }
    }
}
