/**
 * A sample that embeds sentences with all-MiniLM-L6-v2, the model compiled to Java by netc.
 *
 * <p>{@link com.example.embeddings.SentenceEmbedder} is what a program calls: sentences in, one
 * 384-value embedding of length 1 out per sentence. It tokenizes with
 * {@link com.example.embeddings.WordPieceTokenizer}, which reads the tokenizer.json published
 * with the model and needs nothing beyond the JDK, and runs
 * {@code com.example.embeddings.model.AllMinilmL6V2}, the class the netc Maven plugin generates
 * at build time from the model's ONNX file. {@link com.example.embeddings.Main} prints the
 * similarities of the sentences given on the command line.
 */
package com.example.embeddings;
