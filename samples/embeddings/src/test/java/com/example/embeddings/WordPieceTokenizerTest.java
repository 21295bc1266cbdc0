package com.example.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The tokenizer on all-MiniLM-L6-v2's own tokenizer.json, taken from the model jar on the test
 * classpath. Every expected id was looked up by hand in that file's {@code model.vocab}; the
 * comment of each case says which vocabulary entries exist and which do not, and so why the text
 * is cut as it is. Throughout, 101 is [CLS], 102 is [SEP], 100 is [UNK] and 0 is [PAD].
 */
class WordPieceTokenizerTest {

    private static final int CLS = 101;
    private static final int SEP = 102;
    private static final int UNK = 100;

    private static WordPieceTokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = WordPieceTokenizer.fromClasspath("all-minilm-l6-v2-tokenizer.json");
    }

    private static int[] ids(String text) {
        return tokenizer.encode(text, 512).ids();
    }

    @Test
    @DisplayName("the vocabulary is the 30522 entries of bert-base-uncased")
    void vocabulary() {
        assertEquals(30522, tokenizer.vocabularySize());
    }

    @Test
    @DisplayName("a plain sentence is lower-cased, split into whole words and the full stop")
    void plainSentence() {
        // the 1996, quick 4248, brown 2829, fox 4419, jumps 14523, over 2058, lazy 13971,
        // dog 3899, . 1012: all whole words of the vocabulary, "The" lower-cased first.
        Encoding e = tokenizer.encode("The quick brown fox jumps over the lazy dog.", 512);
        assertArrayEquals(new int[] {CLS, 1996, 4248, 2829, 4419, 14523, 2058, 1996, 13971, 3899, 1012, SEP}, e.ids());
        assertEquals(List.of("[CLS]", "the", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog", ".", "[SEP]"),
                e.tokens());
        assertArrayEquals(new int[12], e.typeIds());
    }

    @Test
    @DisplayName("accents are stripped: café, naïve and résumé become cafe, naive and resume")
    void accents() {
        // NFD splits é into e + U+0301 and ï into i + U+0308; the marks (Mn) are dropped.
        // cafe 7668, naive 15743, resume 13746; "café" itself is not in the vocabulary.
        assertArrayEquals(new int[] {CLS, 7668, 15743, 13746, SEP}, ids("Café naïve résumé"));
        // Upper case and the precomposed/decomposed spelling make no difference.
        assertArrayEquals(ids("Café naïve résumé"), ids("CAFE\u0301 NAI\u0308VE RÉSUMÉ"));
    }

    @Test
    @DisplayName("each punctuation character is a word of its own")
    void punctuation() {
        // hello 7592, "," 1010, world 2088, and each "!" 999 on its own: "!!" is not one word.
        assertArrayEquals(new int[] {CLS, 7592, 1010, 2088, 999, 999, SEP}, ids("Hello, world!!"));
        // don 2123, "'" 1005, t 1056, stop 2644: the apostrophe splits "don't".
        assertArrayEquals(new int[] {CLS, 2123, 1005, 1056, 2644, SEP}, ids("don't stop"));
        // « 1077 and » 1090 (Unicode Pi and Pf), $ 1002 (a symbol in Unicode, but in the ASCII
        // punctuation ranges), 5 1019, — 1517 (Pd), e 1041, - 1011, mail 5653: "e-mail" is three
        // words although "email" is in the vocabulary.
        assertArrayEquals(new int[] {CLS, 1077, 1002, 1019, 1090, 1517, 1041, 1011, 5653, SEP}, ids("«$5» — e-mail"));
    }

    @Test
    @DisplayName("CJK ideographs are words of their own, and those outside the vocabulary are [UNK]")
    void chineseCharacters() {
        // Seven ideographs, no spaces: each is isolated. 我 1855, 北 1781, 京 1755, 天 1811,
        // 安 1820; the simplified 爱 and 门 are not in this mostly traditional vocabulary (爱 is
        // only there as 愛 1853, 门 as 門 1968), so each is [UNK].
        assertArrayEquals(new int[] {CLS, 1855, UNK, 1781, 1755, 1811, 1820, UNK, SEP}, ids("我爱北京天安门"));
        // Written against a Latin word, 世 (1745) still stands alone; 界 is [UNK] alone too, not
        // the whole "hello世界".
        assertArrayEquals(new int[] {CLS, 7592, 1745, UNK, SEP}, ids("hello世界"));
    }

    @Test
    @DisplayName("a word outside the vocabulary is cut into the longest pieces, continued with ##")
    void unknownWordPieces() {
        // "snowboarding": of its prefixes only "snow" (4586) and "s" are entries; the rest,
        // "##boarding" (21172), is an entry whole.
        assertArrayEquals(new int[] {CLS, 4586, 21172, SEP}, ids("snowboarding"));
        // "unbelievableness": the longest prefix in the vocabulary is "unbelievable" (23653), then
        // "##ness" (2791).
        assertArrayEquals(new int[] {CLS, 23653, 2791, SEP}, ids("unbelievableness"));
        // "tokens" is not an entry: token 19204 + ##s 2015.
        assertEquals(List.of("[CLS]", "token", "##s", "[SEP]"), tokenizer.encode("tokens", 512).tokens());
    }

    @Test
    @DisplayName("a character outside the vocabulary makes its word [UNK]")
    void unknownCharacter() {
        // ❤ (U+2764) is a symbol, not punctuation, so it is a word of its own only thanks to the
        // spaces; it has no entry, not even as a piece. i 1045, token 19204, ##s 2015.
        assertArrayEquals(new int[] {CLS, 1045, UNK, 19204, 2015, SEP}, ids("I ❤ tokens"));
        // An emoji outside the BMP (a surrogate pair in Java) is one character, one [UNK];
        // ok 7929.
        assertArrayEquals(new int[] {CLS, UNK, 7929, SEP}, ids("😀 ok"));
        // A word is [UNK] whole as soon as one of its characters is: not "ok" + [UNK].
        assertArrayEquals(new int[] {CLS, UNK, SEP}, ids("ok❤"));
    }

    @Test
    @DisplayName("control and format characters are dropped, whitespace of any kind separates words")
    void controlCharacters() {
        // NUL, BEL (Cc), ZERO WIDTH SPACE U+200B and SOFT HYPHEN U+00AD (Cf) are dropped, so
        // a, b, c, d, e join into "abcde"; the tab and the no-break space U+00A0 (Zs) separate
        // words; U+FFFD is dropped, joining g and h into "gh".
        // "abcde": longest prefix entry "abc" 5925, then ##de 3207. f 1042. "gh" is no entry:
        // g 1043 + ##h 2232.
        assertArrayEquals(new int[] {CLS, 5925, 3207, 1042, 1043, 2232, SEP},
                ids("a\u0000b\u0007c\u200Bd\u00ADe\tf\u00A0g\uFFFDh"));
        // Only control characters and whitespace: no words at all.
        assertArrayEquals(new int[] {CLS, SEP}, ids("\u0000 \n\u2028\u3000\u0007"));
    }

    @Test
    @DisplayName("a word of more than 100 characters is [UNK], one of 100 is cut into pieces")
    void veryLongWord() {
        // max_input_chars_per_word is 100. "xx" is 22038 and "##xx" 20348 ("xxx" and "##xxx"
        // are not entries), so 100 x's are xx followed by 49 ##xx.
        int[] expected = new int[52];
        expected[0] = CLS;
        expected[1] = 22038;
        for (int i = 2; i <= 50; i++) {
            expected[i] = 20348;
        }
        expected[51] = SEP;
        assertArrayEquals(expected, ids("x".repeat(100)));
        assertArrayEquals(new int[] {CLS, UNK, SEP}, ids("x".repeat(101)));
        // The limit counts characters, not UTF-16 units: 60 emoji are 120 units, but 60
        // characters, and the word is [UNK] because 😀 is not in the vocabulary, not for length.
        assertArrayEquals(new int[] {CLS, UNK, 7929, SEP}, ids("😀".repeat(60) + " ok"));
    }

    @Test
    @DisplayName("truncation drops pieces from the end and keeps [SEP] last")
    void truncation() {
        // The sentence of plainSentence, cut to 6 tokens: [CLS], 4 pieces, [SEP].
        String sentence = "The quick brown fox jumps over the lazy dog.";
        assertArrayEquals(new int[] {CLS, 1996, 4248, 2829, 4419, SEP}, tokenizer.encode(sentence, 6).ids());
        // Exactly the 12 tokens it needs: nothing dropped.
        assertEquals(12, tokenizer.encode(sentence, 12).length());
        assertEquals(12, tokenizer.encode(sentence, 13).length());
        // Truncation may cut a word between its pieces: snow ##boarding keeps snow.
        assertArrayEquals(new int[] {CLS, 4586, SEP}, tokenizer.encode("snowboarding", 3).ids());
        // Room for the special tokens only.
        assertArrayEquals(new int[] {CLS, SEP}, tokenizer.encode(sentence, 2).ids());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tokenizer.encode(sentence, 1));
        assertTrue(e.getMessage().contains("maxLength 1"), e.getMessage());
    }

    @Test
    @DisplayName("a batch is padded with 0 to its longest row, and the mask marks the real tokens")
    void batch() {
        // "Hi." is hi 7632, . 1012; "Hello, world!!" is as in punctuation(); "" is [CLS] [SEP].
        // The longest row has 7 tokens.
        Batch b = tokenizer.encode(List.of("Hi.", "Hello, world!!", ""), 128);
        assertEquals(3, b.batchSize());
        assertEquals(7, b.sequenceLength());
        assertArrayEquals(new long[] {3, 7}, b.shape());
        assertArrayEquals(new long[] {
                CLS, 7632, 1012, SEP, 0, 0, 0,
                CLS, 7592, 1010, 2088, 999, 999, SEP,
                CLS, SEP, 0, 0, 0, 0, 0}, b.inputIds());
        assertArrayEquals(new long[] {
                1, 1, 1, 1, 0, 0, 0,
                1, 1, 1, 1, 1, 1, 1,
                1, 1, 0, 0, 0, 0, 0}, b.attentionMask());
        assertArrayEquals(new long[21], b.tokenTypeIds());
        assertEquals(4, b.length(0));
        assertEquals(7, b.length(1));
        assertEquals(2, b.length(2));
    }

    @Test
    @DisplayName("a batch is truncated row by row, and pads only to its longest truncated row")
    void batchTruncated() {
        Batch b = tokenizer.encode(List.of("The quick brown fox jumps over the lazy dog.", "Hi."), 5);
        assertArrayEquals(new long[] {
                CLS, 1996, 4248, 2829, SEP,
                CLS, 7632, 1012, SEP, 0}, b.inputIds());
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 0}, b.attentionMask());
        assertThrows(IllegalArgumentException.class, () -> tokenizer.encode(List.of(), 5));
    }

    @Test
    @DisplayName("special tokens written in the text are taken as themselves")
    void addedTokensInText() {
        // [CLS] 101 and [MASK] 103 are added tokens: matched in the raw text, not cut into
        // "[", "cl", "##s", "]". a 1037.
        assertArrayEquals(new int[] {CLS, CLS, 1037, 103, SEP}, ids("[CLS] a [MASK]"));
        // Matching is exact: lower case is ordinary text, [ 1031, mask 7308, ] 1033.
        assertArrayEquals(new int[] {CLS, 1031, 7308, 1033, SEP}, ids("[mask]"));
    }

    @Test
    @DisplayName("lower-casing maps each character alone: a final capital sigma becomes σ, not ς")
    void greekSigma() {
        // "ΣΊΣΥΦΟΣ": Ί loses its accent, and every Σ becomes σ (1173 alone, ##σ 29733 as a
        // continuation), the last one too. Of the prefixes of "σισυφοσ" only "σ" is an entry, and
        // of the rest only single letters: ##ι 18199, ##υ 29735, ##φ 29736, ##ο 29730.
        assertArrayEquals(new int[] {CLS, 1173, 18199, 29733, 29735, 29736, 29730, 29733, SEP}, ids("ΣΊΣΥΦΟΣ"));
        // İ (U+0130) lower-cases to i + a combining dot, and the dot is stripped: istanbul 9960.
        assertArrayEquals(new int[] {CLS, 9960, SEP}, ids("İstanbul"));
    }

    @Test
    @DisplayName("encoding is the same for one text as for the same text in a batch")
    void batchMatchesSingle() {
        List<String> texts = new ArrayList<>(List.of("Café naïve résumé", "我爱北京天安门", "snowboarding", "Hi."));
        Collections.reverse(texts);
        Batch b = tokenizer.encode(texts, 64);
        for (int row = 0; row < texts.size(); row++) {
            int[] single = ids(texts.get(row));
            for (int t = 0; t < single.length; t++) {
                assertEquals(single[t], b.inputIds()[row * b.sequenceLength() + t]);
            }
        }
    }
}
