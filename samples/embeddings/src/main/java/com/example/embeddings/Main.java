package com.example.embeddings;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Embeds the sentences given as arguments with all-MiniLM-L6-v2 and prints the cosine similarity
 * of every pair as a table.
 *
 * <pre>
 * mvn -q compile exec:exec -Dsentences='"A man is eating food." "A man eats something."'
 * java --add-modules jdk.incubator.vector -cp ... com.example.embeddings.Main "A man is eating food." ...
 * </pre>
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("""
                    usage: Main SENTENCE [SENTENCE ...]
                    Embeds each sentence with all-MiniLM-L6-v2 and prints the cosine similarity of every pair.
                    With Maven: mvn -q compile exec:exec -Dsentences='"A man is eating food." "A man eats something."'""");
            System.exit(2);
        }
        List<String> sentences = List.of(args);

        long start = System.nanoTime();
        SentenceEmbedder embedder = SentenceEmbedder.create();
        long loaded = System.nanoTime();
        float[][] embeddings = embedder.embed(sentences);
        long embedded = System.nanoTime();

        for (int i = 0; i < sentences.size(); i++) {
            System.out.printf(Locale.ROOT, "%3d  %s%n", i + 1, sentences.get(i));
        }
        System.out.println();
        System.out.print("   ");
        for (int j = 0; j < sentences.size(); j++) {
            System.out.printf(Locale.ROOT, "%7d", j + 1);
        }
        System.out.println();
        for (int i = 0; i < sentences.size(); i++) {
            System.out.printf(Locale.ROOT, "%3d", i + 1);
            for (int j = 0; j < sentences.size(); j++) {
                double cosine = SentenceEmbedder.cosine(embeddings[i], embeddings[j]);
                // Not "-0.000" for a pair that is unrelated, only slightly on the negative side.
                System.out.printf(Locale.ROOT, "%7.3f", Math.abs(cosine) < 0.0005 ? 0.0 : cosine);
            }
            System.out.println();
        }
        System.out.printf(Locale.ROOT, "%nmodel loaded in %.1f s, %d sentences embedded in %.0f ms%n",
                (loaded - start) / 1e9, sentences.size(), (embedded - loaded) / 1e6);
    }
}
