package dev.netc.lsp;

import dev.netc.compiler.check.NetworkChecker;
import dev.netc.compiler.check.Operations;
import dev.netc.compiler.check.SemanticIndex;
import dev.netc.compiler.check.SemanticIndex.Symbol;
import dev.netc.runtime.DType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;

/**
 * Completion of what may be written at the cursor: at the start of a
 * statement, its keywords; in an expression, the names defined before the
 * statement being written (never the name it defines) and the operations; in a
 * declaration's type, the element types the checker accepts there. The editor
 * filters by what has been typed; this only decides what fits.
 *
 * <p>It answers from the latest check even when the text has moved on since,
 * rather than wait: while typing, the names rarely change between keystrokes,
 * and a late list of suggestions is worse than a slightly old one. Where the
 * cursor is comes from the current text.
 */
final class Completion {
  private static final List<String> STATEMENT_KEYWORDS = List.of("dim", "weights", "input", "param", "output");
  /** {@code input x: f} or {@code param W:}: the element type comes next. */
  private static final Pattern TYPE_POSITION = Pattern.compile("\\s*(input|param)\\s+\\w+\\s*:\\s*");
  /** {@code param W: f32[4, 8] f}: a source may follow the type. */
  private static final Pattern SOURCE_POSITION = Pattern.compile("\\s*param\\s+\\w+\\s*:\\s*\\w+\\s*\\[[^\\]]*]\\s*");
  /** A name being declared, after its keyword: nothing to complete. */
  private static final Pattern NEW_NAME = Pattern.compile("\\s*(input|param|dim)\\s*");

  private Completion() {}

  /** What the cursor at {@code offset} of {@code text} may be completed with. */
  enum Context { TOP_LEVEL, STATEMENT, TYPE_OF_INPUT, TYPE_OF_PARAM, SOURCE, NEW_NAME, EXPRESSION }

  static List<CompletionItem> at(Optional<Analysis> analysis, String text, int offset) {
    List<CompletionItem> out = new ArrayList<>();
    Optional<SemanticIndex.NetworkInfo> network = analysis.flatMap(a -> a.index().networkAt(offset));
    Context context = network.isEmpty() ? Context.TOP_LEVEL : context(text, offset);
    switch (context) {
      case TOP_LEVEL -> out.add(keyword("network"));
      case STATEMENT -> STATEMENT_KEYWORDS.forEach(k -> out.add(keyword(k)));
      case TYPE_OF_INPUT, TYPE_OF_PARAM -> {
        for (DType t : NetworkChecker.declarableTypes(context == Context.TYPE_OF_INPUT)) {
          out.add(elementType(t));
        }
      }
      case SOURCE -> out.add(keyword("from"));
      case NEW_NAME -> {}
      case EXPRESSION -> {
        names(network.get(), offset, out);
        for (String op : Operations.names()) {
          CompletionItem item = new CompletionItem(op);
          item.setKind(CompletionItemKind.Function);
          item.setDetail(Operations.usage(op).orElse(op));
          item.setSortText("1" + op);
          out.add(item);
        }
      }
    }
    return out;
  }

  /** Where the cursor is, from the text of its line before the word being typed. */
  static Context context(String text, int offset) {
    int end = Math.min(Math.max(0, offset), text.length());
    int word = end;
    while (word > 0 && (Character.isLetterOrDigit(text.charAt(word - 1)) || text.charAt(word - 1) == '_')) {
      word--;
    }
    int lineStart = text.lastIndexOf('\n', word - 1) + 1;
    String before = text.substring(lineStart, word);
    if (before.isBlank()) {
      return Context.STATEMENT;
    }
    var type = TYPE_POSITION.matcher(before);
    if (type.matches()) {
      return type.group(1).equals("input") ? Context.TYPE_OF_INPUT : Context.TYPE_OF_PARAM;
    }
    if (SOURCE_POSITION.matcher(before).matches()) {
      return Context.SOURCE;
    }
    if (NEW_NAME.matcher(before).matches()) {
      return Context.NEW_NAME;
    }
    return Context.EXPRESSION;
  }

  /** The names of statements that end before the cursor: not the one being written, nor later ones. */
  private static void names(SemanticIndex.NetworkInfo network, int offset, List<CompletionItem> out) {
    Set<String> seen = new HashSet<>();
    Set<String> defining = new HashSet<>();
    for (Symbol s : network.symbols()) {
      if (s.statementSpan().start() < offset && offset <= s.statementSpan().end() + 1) {
        defining.add(s.name());
      }
    }
    for (Symbol s : network.symbols()) {
      if (s.statementSpan().end() < offset && !defining.contains(s.name()) && seen.add(s.name())) {
        out.add(name(s));
      }
    }
  }

  private static CompletionItem name(Symbol s) {
    CompletionItem item = new CompletionItem(s.name());
    item.setKind(switch (s.kind()) {
      case DIM -> CompletionItemKind.Constant;
      case RUNTIME_DIM -> CompletionItemKind.TypeParameter;
      case INPUT, NODE, UNRESOLVED -> CompletionItemKind.Variable;
      case PARAM -> CompletionItemKind.Field;
    });
    item.setDetail(s.type().map(Object::toString)
        .or(() -> s.size().map(d -> s.kind().word() + " " + d.valueText()))
        .orElse(s.kind().word()));
    // Names first, then operations.
    item.setSortText("0" + s.name());
    return item;
  }

  private static CompletionItem elementType(DType t) {
    CompletionItem item = new CompletionItem(t.spelling());
    item.setKind(CompletionItemKind.TypeParameter);
    item.setDetail(switch (t) {
      case F32 -> "32-bit float";
      case I64 -> "64-bit integer: token ids as PyTorch gives them";
      case I32 -> "32-bit integer: ids and positions";
      default -> t.spelling();
    });
    item.setSortText("0" + t.ordinal());
    return item;
  }

  private static CompletionItem keyword(String word) {
    CompletionItem item = new CompletionItem(word);
    item.setKind(CompletionItemKind.Keyword);
    item.setSortText("2" + word);
    return item;
  }
}
