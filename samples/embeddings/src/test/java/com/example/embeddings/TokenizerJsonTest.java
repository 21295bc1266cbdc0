package com.example.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the tokenizer.json format: the options honoured, the loading paths, and what is refused. */
class TokenizerJsonTest {

    /** A tokenizer.json of a made-up ten-entry vocabulary, with placeholders for the parts a test varies. */
    private static String tokenizerJson(String normalizer, String postProcessor) {
        return """
                {
                  "version": "1.0",
                  "added_tokens": [{"id": 1, "content": "[UNK]", "special": true}],
                  "normalizer": %s,
                  "pre_tokenizer": {"type": "BertPreTokenizer"},
                  "post_processor": %s,
                  "model": {
                    "type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                    "max_input_chars_per_word": 5,
                    "vocab": {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "ab": 4, "##c": 5,
                              "Ab": 6, "é": 7, "e": 8, "!": 9}
                  }
                }
                """.formatted(normalizer, postProcessor);
    }

    private static final String BERT_PROCESSING = """
            {"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]}""";

    @Test
    @DisplayName("without a normalizer the text keeps its case and accents; BertProcessing frames it")
    void noNormalizer() {
        WordPieceTokenizer t = WordPieceTokenizer.fromJson(tokenizerJson("null", BERT_PROCESSING));
        // Ab 6, é 7, ab 4 ##c 5, ! 9; "abcdef" has 6 characters, more than 5: [UNK].
        Encoding e = t.encode("Ab é abc! abcdef", 16);
        assertArrayEquals(new int[] {2, 6, 7, 4, 5, 9, 1, 3}, e.ids());
        assertEquals(List.of("[CLS]", "Ab", "é", "ab", "##c", "!", "[UNK]", "[SEP]"), e.tokens());
    }

    @Test
    @DisplayName("strip_accents false keeps accents though lowercase is true; null follows lowercase")
    void stripAccentsOption() {
        String keep = """
                {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true,
                 "strip_accents": false, "lowercase": true}""";
        assertArrayEquals(new int[] {2, 4, 7, 3}, WordPieceTokenizer.fromJson(tokenizerJson(keep, BERT_PROCESSING)).encode("AB é", 8).ids());
        String follow = keep.replace("false", "null");
        assertArrayEquals(new int[] {2, 4, 8, 3}, WordPieceTokenizer.fromJson(tokenizerJson(follow, BERT_PROCESSING)).encode("AB é", 8).ids());
    }

    @Test
    @DisplayName("no post-processor means no special tokens")
    void noPostProcessor() {
        WordPieceTokenizer t = WordPieceTokenizer.fromJson(tokenizerJson("null", "null"));
        assertArrayEquals(new int[] {4, 5}, t.encode("abc", 8).ids());
        assertArrayEquals(new int[] {4}, t.encode("abc", 1).ids());
        assertArrayEquals(new long[] {4, 5, 9, 0}, t.encode(List.of("abc", "!"), 4).inputIds());
    }

    @Test
    @DisplayName("a tokenizer loads alike from a file, a stream and the classpath")
    void loadingPaths(@TempDir Path dir) throws Exception {
        String json = tokenizerJson("null", BERT_PROCESSING);
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, json);
        int[] expected = {2, 4, 5, 3};
        assertArrayEquals(expected, WordPieceTokenizer.fromPath(file).encode("abc", 8).ids());
        assertArrayEquals(expected, WordPieceTokenizer.fromStream(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))).encode("abc", 8).ids());
        // The model jar's file, with and without a leading slash.
        assertArrayEquals(WordPieceTokenizer.fromClasspath("all-minilm-l6-v2-tokenizer.json").encode("abc", 8).ids(),
                WordPieceTokenizer.fromClasspath("/all-minilm-l6-v2-tokenizer.json").encode("abc", 8).ids());
    }

    @Test
    @DisplayName("what cannot be read is refused with a message naming the part at fault")
    void refusals() {
        assertMessage("no resource nowhere.json on the classpath",
                () -> WordPieceTokenizer.fromClasspath("nowhere.json"));
        assertMessage("tokenizer.json: normalizer is NFKC; only BertNormalizer is supported",
                () -> WordPieceTokenizer.fromJson(tokenizerJson("{\"type\": \"NFKC\"}", BERT_PROCESSING)));
        assertMessage("tokenizer.json: post_processor is RobertaProcessing; only TemplateProcessing and BertProcessing are supported",
                () -> WordPieceTokenizer.fromJson(tokenizerJson("null", "{\"type\": \"RobertaProcessing\"}")));
        assertMessage("tokenizer.json: model.unk_token <unk> is not in model.vocab",
                () -> WordPieceTokenizer.fromJson(tokenizerJson("null", "null").replace("\"unk_token\": \"[UNK]\"", "\"unk_token\": \"<unk>\"")));
        assertMessage("tokenizer.json: model.vocab.ab must be a non-negative integer, not x",
                () -> WordPieceTokenizer.fromJson(tokenizerJson("null", "null").replace("\"ab\": 4", "\"ab\": \"x\"")));
        assertMessage("tokenizer.json: model.type is BPE; only WordPiece is supported",
                () -> WordPieceTokenizer.fromJson(tokenizerJson("null", "null").replace("\"WordPiece\"", "\"BPE\"")));
        assertMessage("malformed JSON at line 1, column 11: unexpected '}', expected a value",
                () -> WordPieceTokenizer.fromJson("{\"model\": }"));
        assertMessage("tokenizer.json is not valid UTF-8",
                () -> WordPieceTokenizer.fromStream(new ByteArrayInputStream(new byte[] {'{', (byte) 0xC3, '}'})));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable load) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, load);
        assertEquals(expected, e.getMessage());
    }

    @Test
    @DisplayName("the all-MiniLM-L6-v2 file gives [CLS] and [SEP] from its template, and pads with [PAD]")
    void modelTemplate() {
        WordPieceTokenizer t = WordPieceTokenizer.fromClasspath("all-minilm-l6-v2-tokenizer.json");
        Encoding e = t.encode("", 8);
        assertEquals(List.of("[CLS]", "[SEP]"), e.tokens());
        // a 1037; the empty text's row is padded with [PAD] 0.
        assertArrayEquals(new long[] {101, 102, 0, 101, 1037, 102}, t.encode(List.of("", "a"), 8).inputIds());
    }
}
