package com.example.embeddings;

import java.util.List;
import java.util.Objects;

/**
 * One text as the model reads it: its token ids, framed by the special tokens of the tokenizer's
 * template ({@code [CLS] ... [SEP]} for BERT models), with the tokens they stand for.
 *
 * <p>The arrays are not copied: treat them as read-only.
 *
 * @param ids the vocabulary id of each token, special tokens included
 * @param typeIds the segment (token type) of each token; all 0 for a single text
 * @param tokens the vocabulary entry of each id, for reading and debugging
 */
public record Encoding(int[] ids, int[] typeIds, List<String> tokens) {

    /**
     * Checks that the three views have one entry per token.
     *
     * @throws IllegalArgumentException if their lengths differ
     */
    public Encoding {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(typeIds, "typeIds");
        tokens = List.copyOf(tokens);
        if (typeIds.length != ids.length || tokens.size() != ids.length) {
            throw new IllegalArgumentException("ids, typeIds and tokens differ in length: "
                    + ids.length + ", " + typeIds.length + ", " + tokens.size());
        }
    }

    /**
     * The number of tokens, special tokens included.
     *
     * @return {@code ids().length}
     */
    public int length() {
        return ids.length;
    }
}
