package com.example.embeddings;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * BERT's basic tokenization: the text normalization of a tokenizer.json's {@code BertNormalizer}
 * followed by the word splitting of its {@code BertPreTokenizer}. What comes out are the words
 * that WordPiece then cuts into vocabulary pieces.
 *
 * <p>Normalization, in this order, each step switched by the tokenizer.json:
 * <ol>
 *   <li>{@code clean_text}: drop U+0000, U+FFFD and every other character of a category C*
 *       (control, format, unassigned, private use, lone surrogate) except tab, newline and
 *       carriage return; turn every whitespace character into a space;</li>
 *   <li>{@code handle_chinese_chars}: put a space on either side of each CJK ideograph, so
 *       that each becomes a word of its own;</li>
 *   <li>{@code strip_accents}: decompose (NFD) and drop the nonspacing marks (category Mn);</li>
 *   <li>{@code lowercase}: lower-case, code point by code point.</li>
 * </ol>
 * Then the text is split on whitespace, which is dropped, and on punctuation, each punctuation
 * character becoming a word of its own.
 *
 * @param cleanText whether to drop control characters and turn whitespace into spaces
 * @param handleChineseChars whether to isolate CJK ideographs
 * @param stripAccents whether to drop nonspacing marks after decomposing
 * @param lowercase whether to lower-case
 */
record BertBasicTokenizer(boolean cleanText, boolean handleChineseChars, boolean stripAccents, boolean lowercase) {

    /**
     * Normalizes {@code text} as the switches say.
     *
     * @param text any text
     * @return the normalized text
     */
    String normalize(String text) {
        String s = text;
        if (cleanText) {
            s = clean(s);
        }
        if (handleChineseChars) {
            s = spaceOutIdeographs(s);
        }
        if (stripAccents) {
            s = dropNonspacingMarks(Normalizer.normalize(s, Normalizer.Form.NFD));
        }
        if (lowercase) {
            s = lowerCase(s);
        }
        return s;
    }

    /**
     * Splits normalized text into words: on whitespace, which is dropped, and around each
     * punctuation character, which is kept as a word of its own.
     *
     * @param normalized text as {@link #normalize} returns it
     * @return the words, none empty, in order
     */
    List<String> split(String normalized) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < normalized.length(); ) {
            int c = normalized.codePointAt(i);
            i += Character.charCount(c);
            if (isWhitespace(c) || isPunctuation(c)) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
                if (!isWhitespace(c)) {
                    words.add(Character.toString(c));
                }
            } else {
                word.appendCodePoint(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }

    private static String clean(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c == 0 || c == 0xFFFD || isControl(c)) {
                return;
            }
            out.appendCodePoint(isWhitespace(c) ? ' ' : c);
        });
        return out.toString();
    }

    private static String spaceOutIdeographs(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (isCjkIdeograph(c)) {
                out.append(' ').appendCodePoint(c).append(' ');
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static String dropNonspacingMarks(String decomposed) {
        StringBuilder out = new StringBuilder(decomposed.length());
        decomposed.codePoints()
                .filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    /**
     * Lower-cases each code point on its own, as the tokenizers library that reads tokenizer.json
     * does. {@code String.toLowerCase} would differ: it turns a word-final capital sigma into the
     * final form ς, where a character-by-character mapping gives σ, another vocabulary entry.
     */
    private static String lowerCase(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            // The one unconditional multi-character lower-case mapping in Unicode's SpecialCasing:
            // İ becomes i followed by a combining dot above; Character.toLowerCase gives plain i.
            if (c == 0x130) {
                out.append("i\u0307");
            } else {
                out.appendCodePoint(Character.toLowerCase(c));
            }
        });
        return out.toString();
    }

    /**
     * Whitespace, Unicode's White_Space property: tab to carriage return, NEL and the space, line
     * and paragraph separators (Z*). When cleaning, the controls among them other than tab,
     * newline and carriage return are dropped before this is asked.
     */
    static boolean isWhitespace(int c) {
        if (c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.SPACE_SEPARATOR
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** A character of a category C* other than tab, newline and carriage return, which are whitespace. */
    static boolean isControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return false;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE,
                    Character.SURROGATE -> true;
            default -> false;
        };
    }

    /**
     * Punctuation: every non-alphanumeric printable ASCII character ({@code $}, {@code +},
     * {@code ^} and {@code `} included, though Unicode calls them symbols) and every character of
     * a Unicode category P*.
     */
    static boolean isPunctuation(int c) {
        if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /**
     * A CJK ideograph, by the blocks BERT's reference tokenizer lists: CJK Unified Ideographs and
     * Extensions A to E, and the two Compatibility Ideographs blocks. Hiragana, katakana and
     * hangul are not among them: they are written with spaces, or split by WordPiece.
     */
    static boolean isCjkIdeograph(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF)
                || (c >= 0x3400 && c <= 0x4DBF)
                || (c >= 0x20000 && c <= 0x2A6DF)
                || (c >= 0x2A700 && c <= 0x2B73F)
                || (c >= 0x2B740 && c <= 0x2B81F)
                || (c >= 0x2B820 && c <= 0x2CEAF)
                || (c >= 0xF900 && c <= 0xFAFF)
                || (c >= 0x2F800 && c <= 0x2FA1F);
    }
}
