package com.example.embeddings;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one embedder of the test run: loading it reads 90 MB of weights and warms the kernels up,
 * which the test classes share rather than repeat.
 */
final class Embedders {

    private static SentenceEmbedder embedder;

    private Embedders() {}

    static synchronized SentenceEmbedder shared() {
        if (embedder == null) {
            try {
                embedder = SentenceEmbedder.create();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return embedder;
    }
}
