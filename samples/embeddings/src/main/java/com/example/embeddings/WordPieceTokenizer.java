package com.example.embeddings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tokenizer of BERT-family models such as all-MiniLM-L6-v2: turns text into the token ids the
 * model reads, as described by the model's tokenizer.json (the format of HuggingFace's tokenizers
 * library).
 *
 * <p>A text goes through four steps:
 * <ol>
 *   <li>the tokenizer's added tokens ({@code [CLS]}, {@code [SEP]}, {@code [MASK]} ...) written
 *       in the text are taken out as they are, and the text between them goes on;</li>
 *   <li>{@link BertBasicTokenizer basic tokenization}: clean, isolate CJK ideographs, strip
 *       accents, lower-case, split into words on whitespace and punctuation;</li>
 *   <li>WordPiece: each word is cut greedily into the longest vocabulary entries from its start,
 *       the pieces after the first written with the continuation prefix {@code ##}; a word with
 *       more characters than {@code max_input_chars_per_word}, or with a rest that no entry
 *       starts, becomes the single unknown token {@code [UNK]};</li>
 *   <li>the post-processor's template frames the pieces: {@code [CLS] pieces [SEP]}.</li>
 * </ol>
 *
 * <p>Only what BERT models use is read: a {@code WordPiece} model, a {@code BertNormalizer} (or
 * none), a {@code BertPreTokenizer}, and a {@code TemplateProcessing} or {@code BertProcessing}
 * post-processor (or none). Anything else is refused when the tokenizer is loaded. Added tokens
 * are matched exactly, in the raw text; their {@code single_word}, {@code lstrip},
 * {@code rstrip} and {@code normalized} options are not applied.
 *
 * <p>A tokenizer is immutable and safe to share between threads.
 *
 * <pre>{@code
 * var tokenizer = WordPieceTokenizer.fromClasspath("all-minilm-l6-v2-tokenizer.json");
 * Batch batch = tokenizer.encode(List.of("A cat sat.", "Dogs bark."), 128);
 * }</pre>
 */
public final class WordPieceTokenizer {

    private final Map<String, Integer> vocab;
    private final String unkToken;
    private final int unkId;
    private final String continuingSubwordPrefix;
    private final int maxInputCharsPerWord;
    private final BertBasicTokenizer basic;
    private final List<SpecialToken> addedTokens;
    private final List<SpecialToken> prefix;
    private final List<SpecialToken> suffix;
    private final int sequenceTypeId;
    private final int padId;

    /** A token that stands for itself: an added token, or a special token of the template. */
    private record SpecialToken(String token, int id, int typeId) {}

    private WordPieceTokenizer(Map<String, Object> json) {
        Map<String, Object> model = object(json.get("model"), "model");
        String modelType = string(model, "type", "model.type");
        if (!modelType.equals("WordPiece")) {
            throw invalid("model.type is " + modelType + "; only WordPiece is supported");
        }
        Map<String, Object> vocabJson = object(model.get("vocab"), "model.vocab");
        vocab = new HashMap<>(vocabJson.size() * 2);
        vocabJson.forEach((token, id) -> vocab.put(token, integer(id, "model.vocab." + token)));
        unkToken = string(model, "unk_token", "model.unk_token");
        unkId = idOf(unkToken, "model.unk_token");
        continuingSubwordPrefix = string(model, "continuing_subword_prefix", "model.continuing_subword_prefix");
        maxInputCharsPerWord = integer(model.get("max_input_chars_per_word"), "model.max_input_chars_per_word");

        basic = readNormalizer(json.get("normalizer"));
        Object preTokenizer = json.get("pre_tokenizer");
        String preTokenizerType = preTokenizer == null ? "none" : string(object(preTokenizer, "pre_tokenizer"), "type", "pre_tokenizer.type");
        if (!preTokenizerType.equals("BertPreTokenizer")) {
            throw invalid("pre_tokenizer is " + preTokenizerType + "; only BertPreTokenizer is supported");
        }

        addedTokens = readAddedTokens(json.get("added_tokens"));
        prefix = new ArrayList<>();
        suffix = new ArrayList<>();
        sequenceTypeId = readPostProcessor(json.get("post_processor"));
        padId = readPadId(json.get("padding"));
    }

    /**
     * Loads a tokenizer.json from the classpath, as the model jar puts it there. The resource is
     * looked up with the thread's context class loader, then with this class's own.
     *
     * @param resource the resource's name, such as {@code "all-minilm-l6-v2-tokenizer.json"}; a
     *     leading {@code /} is allowed
     * @return the tokenizer
     * @throws IllegalArgumentException if there is no such resource, or it is not a tokenizer.json
     *     this class supports
     * @throws UncheckedIOException if the resource cannot be read
     */
    public static WordPieceTokenizer fromClasspath(String resource) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null || loader.getResource(name) == null) {
            loader = WordPieceTokenizer.class.getClassLoader();
        }
        InputStream in = loader.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalArgumentException("no resource " + name + " on the classpath");
        }
        return fromStream(in);
    }

    /**
     * Loads a tokenizer.json file.
     *
     * @param file the file
     * @return the tokenizer
     * @throws IllegalArgumentException if the file is not a tokenizer.json this class supports
     * @throws UncheckedIOException if the file cannot be read
     */
    public static WordPieceTokenizer fromPath(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return fromStream(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Loads a tokenizer.json from a stream, read to its end as UTF-8 and closed.
     *
     * @param in the stream
     * @return the tokenizer
     * @throws IllegalArgumentException if the stream does not hold a tokenizer.json this class
     *     supports
     * @throws UncheckedIOException if the stream cannot be read
     */
    public static WordPieceTokenizer fromStream(InputStream in) {
        String text;
        try (in) {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(in.readAllBytes())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("tokenizer.json is not valid UTF-8", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fromJson(text);
    }

    /**
     * Loads a tokenizer from the text of a tokenizer.json.
     *
     * @param json the document
     * @return the tokenizer
     * @throws IllegalArgumentException if the text is not a tokenizer.json this class supports
     */
    public static WordPieceTokenizer fromJson(String json) {
        return new WordPieceTokenizer(object(JsonReader.read(json), "the document"));
    }

    /**
     * Encodes one text, framed by the template's special tokens and cut to at most
     * {@code maxLength} tokens. Cutting drops pieces from the end of the text and keeps the
     * template whole, so {@code [SEP]} stays last.
     *
     * @param text any text
     * @param maxLength the most tokens to return, special tokens included
     * @return the encoding
     * @throws IllegalArgumentException if {@code maxLength} leaves no room for the special tokens
     */
    public Encoding encode(String text, int maxLength) {
        Objects.requireNonNull(text, "text");
        int room = maxLength - prefix.size() - suffix.size();
        if (room < 0) {
            throw new IllegalArgumentException("maxLength " + maxLength + " leaves no room for the "
                    + (prefix.size() + suffix.size()) + " special tokens");
        }
        List<String> tokens = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        List<Integer> typeIds = new ArrayList<>();
        for (SpecialToken t : prefix) {
            tokens.add(t.token());
            ids.add(t.id());
            typeIds.add(t.typeId());
        }
        int bodyEnd = tokens.size() + room;
        tokenize(text, tokens, ids, bodyEnd);
        while (typeIds.size() < ids.size()) {
            typeIds.add(sequenceTypeId);
        }
        for (SpecialToken t : suffix) {
            tokens.add(t.token());
            ids.add(t.id());
            typeIds.add(t.typeId());
        }
        return new Encoding(toArray(ids), toArray(typeIds), tokens);
    }

    /**
     * Encodes several texts as one batch: each as {@link #encode(String, int)} does, then every
     * row padded at its end with the pad id to the longest row's length.
     *
     * @param texts the texts, at least one
     * @param maxLength the most tokens of any row, special tokens included
     * @return the batch, ready to be the model's {@code input_ids}, {@code attention_mask} and
     *     {@code token_type_ids}
     * @throws IllegalArgumentException if {@code texts} is empty, or {@code maxLength} leaves no
     *     room for the special tokens
     */
    public Batch encode(List<String> texts, int maxLength) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one text");
        }
        List<Encoding> encodings = new ArrayList<>(texts.size());
        int sequence = 0;
        for (String text : texts) {
            Encoding e = encode(text, maxLength);
            encodings.add(e);
            sequence = Math.max(sequence, e.length());
        }
        int batch = encodings.size();
        long[] ids = new long[batch * sequence];
        long[] mask = new long[batch * sequence];
        long[] types = new long[batch * sequence];
        for (int row = 0; row < batch; row++) {
            Encoding e = encodings.get(row);
            int base = row * sequence;
            for (int t = 0; t < sequence; t++) {
                boolean real = t < e.length();
                ids[base + t] = real ? e.ids()[t] : padId;
                mask[base + t] = real ? 1 : 0;
                types[base + t] = real ? e.typeIds()[t] : 0;
            }
        }
        return new Batch(ids, mask, types, batch, sequence);
    }

    /**
     * The number of entries in the vocabulary.
     *
     * @return the vocabulary's size
     */
    public int vocabularySize() {
        return vocab.size();
    }

    /**
     * Appends the pieces of {@code text} (added tokens and WordPiece pieces, no template) until
     * {@code tokens} holds {@code limit} entries.
     */
    private void tokenize(String text, List<String> tokens, List<Integer> ids, int limit) {
        int start = 0;
        int i = 0;
        while (i < text.length() && tokens.size() < limit) {
            SpecialToken added = addedTokenAt(text, i);
            if (added == null) {
                i++;
                continue;
            }
            tokenizeOrdinary(text.substring(start, i), tokens, ids, limit);
            if (tokens.size() < limit) {
                tokens.add(added.token());
                ids.add(added.id());
            }
            i += added.token().length();
            start = i;
        }
        if (tokens.size() < limit) {
            tokenizeOrdinary(text.substring(start), tokens, ids, limit);
        }
    }

    /** The longest added token that starts at {@code index} in {@code text}, or null. */
    private SpecialToken addedTokenAt(String text, int index) {
        // addedTokens is sorted longest first, so the first match is the longest.
        for (SpecialToken t : addedTokens) {
            if (text.startsWith(t.token(), index)) {
                return t;
            }
        }
        return null;
    }

    private void tokenizeOrdinary(String text, List<String> tokens, List<Integer> ids, int limit) {
        if (text.isEmpty()) {
            return;
        }
        for (String word : basic.split(basic.normalize(text))) {
            if (tokens.size() >= limit) {
                return;
            }
            wordPiece(word, tokens, ids, limit);
        }
    }

    /** Cuts one word into the longest vocabulary entries from its start, or one {@code [UNK]}. */
    private void wordPiece(String word, List<String> tokens, List<Integer> ids, int limit) {
        int[] chars = word.codePoints().toArray();
        List<String> pieces = new ArrayList<>();
        if (chars.length <= maxInputCharsPerWord) {
            int start = 0;
            while (start < chars.length) {
                String match = null;
                for (int end = chars.length; end > start; end--) {
                    String candidate = new String(chars, start, end - start);
                    if (start > 0) {
                        candidate = continuingSubwordPrefix + candidate;
                    }
                    if (vocab.containsKey(candidate)) {
                        match = candidate;
                        start = end;
                        break;
                    }
                }
                if (match == null) {
                    pieces = null;
                    break;
                }
                pieces.add(match);
            }
        } else {
            pieces = null;
        }
        if (pieces == null) {
            pieces = List.of(unkToken);
        }
        for (String piece : pieces) {
            if (tokens.size() >= limit) {
                return;
            }
            tokens.add(piece);
            ids.add(vocab.get(piece));
        }
    }

    private static BertBasicTokenizer readNormalizer(Object json) {
        if (json == null) {
            return new BertBasicTokenizer(false, false, false, false);
        }
        Map<String, Object> normalizer = object(json, "normalizer");
        String type = string(normalizer, "type", "normalizer.type");
        if (!type.equals("BertNormalizer")) {
            throw invalid("normalizer is " + type + "; only BertNormalizer is supported");
        }
        boolean lowercase = flag(normalizer, "lowercase", true);
        return new BertBasicTokenizer(
                flag(normalizer, "clean_text", true),
                flag(normalizer, "handle_chinese_chars", true),
                // Left null, as all-MiniLM-L6-v2's is, accents go with lower-casing.
                flag(normalizer, "strip_accents", lowercase),
                lowercase);
    }

    private List<SpecialToken> readAddedTokens(Object json) {
        List<SpecialToken> tokens = new ArrayList<>();
        if (json == null) {
            return tokens;
        }
        List<Object> list = array(json, "added_tokens");
        for (int i = 0; i < list.size(); i++) {
            String where = "added_tokens[" + i + "]";
            Map<String, Object> token = object(list.get(i), where);
            String content = string(token, "content", where + ".content");
            if (!content.isEmpty()) {
                tokens.add(new SpecialToken(content, integer(token.get("id"), where + ".id"), 0));
            }
        }
        tokens.sort(Comparator.comparingInt((SpecialToken t) -> t.token().length()).reversed());
        return List.copyOf(tokens);
    }

    /** Fills {@link #prefix} and {@link #suffix}; returns the type id of the text's own tokens. */
    private int readPostProcessor(Object json) {
        if (json == null) {
            return 0;
        }
        Map<String, Object> processor = object(json, "post_processor");
        String type = string(processor, "type", "post_processor.type");
        switch (type) {
            case "BertProcessing" -> {
                prefix.add(pair(processor.get("cls"), "post_processor.cls"));
                suffix.add(pair(processor.get("sep"), "post_processor.sep"));
                return 0;
            }
            case "TemplateProcessing" -> {
                return readTemplate(processor);
            }
            default -> throw invalid("post_processor is " + type
                    + "; only TemplateProcessing and BertProcessing are supported");
        }
    }

    /** A {@code ["[CLS]", 101]} pair of BertProcessing. */
    private SpecialToken pair(Object json, String where) {
        List<Object> pair = array(json, where);
        if (pair.size() != 2 || !(pair.get(0) instanceof String token)) {
            throw invalid(where + " must be a [token, id] pair");
        }
        return new SpecialToken(token, integer(pair.get(1), where + "[1]"), 0);
    }

    private int readTemplate(Map<String, Object> processor) {
        List<Object> single = array(processor.get("single"), "post_processor.single");
        Map<String, Object> specials = object(processor.get("special_tokens"), "post_processor.special_tokens");
        Integer sequenceType = null;
        for (int i = 0; i < single.size(); i++) {
            String where = "post_processor.single[" + i + "]";
            Map<String, Object> piece = object(single.get(i), where);
            if (piece.get("Sequence") != null) {
                if (sequenceType != null) {
                    throw invalid(where + ": a template for one text holds one Sequence");
                }
                sequenceType = integer(object(piece.get("Sequence"), where + ".Sequence").get("type_id"), where + ".Sequence.type_id");
                continue;
            }
            Map<String, Object> special = object(piece.get("SpecialToken"), where + ".SpecialToken");
            String name = string(special, "id", where + ".SpecialToken.id");
            int typeId = integer(special.get("type_id"), where + ".SpecialToken.type_id");
            Map<String, Object> entry = object(specials.get(name), "post_processor.special_tokens." + name);
            List<Object> ids = array(entry.get("ids"), "post_processor.special_tokens." + name + ".ids");
            List<Object> tokens = array(entry.get("tokens"), "post_processor.special_tokens." + name + ".tokens");
            if (ids.size() != tokens.size()) {
                throw invalid("post_processor.special_tokens." + name + " has " + ids.size() + " ids but "
                        + tokens.size() + " tokens");
            }
            for (int k = 0; k < ids.size(); k++) {
                String token = tokens.get(k) instanceof String s ? s : String.valueOf(tokens.get(k));
                SpecialToken t = new SpecialToken(token, integer(ids.get(k), "post_processor.special_tokens." + name + ".ids"), typeId);
                (sequenceType == null ? prefix : suffix).add(t);
            }
        }
        if (sequenceType == null) {
            throw invalid("post_processor.single has no Sequence for the text");
        }
        return sequenceType;
    }

    private int readPadId(Object json) {
        if (json instanceof Map<?, ?> padding && padding.get("pad_id") != null) {
            return integer(padding.get("pad_id"), "padding.pad_id");
        }
        Integer pad = vocab.get("[PAD]");
        return pad == null ? 0 : pad;
    }

    private int idOf(String token, String where) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw invalid(where + " " + token + " is not in model.vocab");
        }
        return id;
    }

    private static int[] toArray(List<Integer> list) {
        int[] array = new int[list.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = list.get(i);
        }
        return array;
    }

    // Typed access to the document, each failure naming the path of the field at fault.

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String where) {
        if (!(value instanceof Map<?, ?>)) {
            throw invalid(where + " must be an object");
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> array(Object value, String where) {
        if (!(value instanceof List<?>)) {
            throw invalid(where + " must be an array");
        }
        return (List<Object>) value;
    }

    private static String string(Map<String, Object> parent, String key, String where) {
        if (!(parent.get(key) instanceof String s)) {
            throw invalid(where + " must be a string");
        }
        return s;
    }

    private static int integer(Object value, String where) {
        if (!(value instanceof Long n) || n < 0 || n > Integer.MAX_VALUE) {
            throw invalid(where + " must be a non-negative integer, not " + value);
        }
        return n.intValue();
    }

    /** A boolean field; {@code null} or absent means {@code otherwise}. */
    private static boolean flag(Map<String, Object> parent, String key, boolean otherwise) {
        Object value = parent.get(key);
        if (value == null) {
            return otherwise;
        }
        if (!(value instanceof Boolean b)) {
            throw invalid("normalizer." + key + " must be true, false or null");
        }
        return b;
    }

    private static IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException("tokenizer.json: " + message);
    }
}
