/**
 * A sample that embeds sentences with all-MiniLM-L6-v2, the model compiled to Java by netc.
 *
 * <p>{@link com.example.embeddings.WordPieceTokenizer} turns text into the model's token ids,
 * reading the tokenizer.json published with the model; it needs nothing beyond the JDK.
 */
package com.example.embeddings;
