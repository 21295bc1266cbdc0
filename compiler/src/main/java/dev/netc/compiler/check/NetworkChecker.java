package dev.netc.compiler.check;

import dev.netc.compiler.ast.Expr;
import dev.netc.compiler.ast.Ident;
import dev.netc.compiler.ast.Network;
import dev.netc.compiler.ast.Stmt;
import dev.netc.compiler.ast.TypeExpr;
import dev.netc.compiler.diag.Code;
import dev.netc.compiler.diag.Diagnostic;
import dev.netc.compiler.diag.Diagnostics;
import dev.netc.compiler.diag.Edit;
import dev.netc.compiler.diag.Fix;
import dev.netc.compiler.graph.Graph;
import dev.netc.compiler.graph.Node;
import dev.netc.runtime.DType;
import dev.netc.compiler.shape.Dim;
import dev.netc.compiler.shape.Shape;
import dev.netc.compiler.shape.TensorType;
import dev.netc.compiler.source.Span;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one network: declarations, every expression's shape, the weights
 * file's header, and the network-wide rules (an output exists, nothing is
 * left unused). Produces a {@link Graph} when the network has no errors.
 */
public final class NetworkChecker {
  /** Opens a weights file's header; throws {@link NoSuchFileException} when it is absent. */
  @FunctionalInterface
  public interface CatalogLoader {
    WeightsCatalog load(Path path) throws IOException;
  }

  private static final Set<String> JAVA_KEYWORDS = Set.of(
      "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
      "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
      "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
      "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
      "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null", "var", "record",
      "yield", "sealed", "permits", "_");

  /**
   * The element types inputs and parameters may be declared with: every kernel computes in f32.
   * The other types parse, so a spec naming them gets "not supported yet" rather than a syntax
   * error, and enabling one (integer ids, compressed weights) changes no syntax.
   */
  private static final Set<DType> DECLARABLE = Set.of(DType.F32);

  /**
   * The element types an input may be declared with besides: integer tensors (token ids, masks)
   * that only data movement, {@code cast}, {@code embedding} and {@code gather} take.
   */
  private static final Set<DType> INPUT_ONLY = Set.of(DType.I64, DType.I32);

  /**
   * The element types a parameter may be declared with besides: a matmul weight stored in 16 or
   * 8 bits, which a product reads as the f32 values it stands for.
   */
  private static final Set<DType> PARAM_ONLY = Set.of(DType.BF16, DType.I8);

  private final Network network;
  private final Diagnostics out;
  private final CatalogLoader loader;
  private final Scope scope = new Scope();
  private final ExprChecker exprs;
  private final int errorsBefore;
  private final boolean syntaxErrors;
  /** Parameters that need the weights file when the network names none: reported once, together. */
  private final List<Span> withoutValues = new ArrayList<>();
  private final List<String> withoutValuesNames = new ArrayList<>();
  /** The weights-file tensors that parameters are bound to, by name or with {@code from}. */
  private final Set<String> boundKeys = new java.util.HashSet<>();

  private final List<String> runtimeDims = new ArrayList<>();
  private final List<Graph.NamedDim> dims = new ArrayList<>();
  private final List<Graph.InputDecl> inputs = new ArrayList<>();
  private final List<Graph.ParamDecl> params = new ArrayList<>();
  /** Every parameter that typed, with or without values: the partial graph's, for summaries in an editor. */
  private final List<Graph.ParamDecl> typedParams = new ArrayList<>();
  private final List<Graph.Binding> bindings = new ArrayList<>();
  /** Where the sizes of a mismatch came from: the dense layers that kept their input's axes. */
  private final SizeTrace sizeTrace = new SizeTrace();
  private final List<String> outputs = new ArrayList<>();
  private Path weightsPath;
  private Span weightsSpan;
  private WeightsCatalog catalog;
  private final IndexRecorder index;
  private SemanticIndex.NetworkInfo indexed;

  /**
   * @param syntaxErrors whether the file had syntax errors: then some uses may be lost, so
   *     nothing is reported as unused and a missing output is not reported
   */
  public NetworkChecker(Network network, Diagnostics out, CatalogLoader loader, boolean syntaxErrors) {
    this.syntaxErrors = syntaxErrors;
    this.network = network;
    this.out = out;
    this.loader = loader;
    this.errorsBefore = out.errorCount();
    Map<String, Span> definitions = new HashMap<>();
    for (Ident name : Stmt.definedNames(network.statements())) {
      definitions.putIfAbsent(name.text(), name.span());
    }
    this.index = new IndexRecorder(network.name().text());
    this.exprs = new ExprChecker(scope, out, definitions, this, index);
  }

  /**
   * What the check learned by place (names, their uses, the type of each expression), for
   * editors; complete once {@link #check()} has run, errors or not.
   */
  public SemanticIndex.NetworkInfo index() {
    if (indexed == null) {
      throw new IllegalStateException("the network has not been checked yet");
    }
    return indexed;
  }

  /** Checks the network; the graph is present when it has no errors. */
  public Optional<Graph> check() {
    checkName();
    network.statements().stream().filter(s -> s instanceof Stmt.WeightsDecl).forEach(s -> weights((Stmt.WeightsDecl) s));
    for (Stmt s : network.statements()) {
      if (s instanceof Stmt.ParamDecl p && p.inline().isEmpty()) {
        boundKeys.add(p.fileKey().map(Expr.Str::value).orElse(p.name().text()));
      }
    }
    for (Stmt s : network.statements()) {
      switch (s) {
        case Stmt.DimDecl d -> dim(d);
        case Stmt.WeightsDecl w -> {}
        case Stmt.InputDecl i -> input(i);
        case Stmt.ParamDecl p -> param(p);
        case Stmt.Assign a -> assign(a);
        case Stmt.OutputRef o -> outputRef(o);
        case Stmt.Broken b -> b.name().ifPresent(n -> poison(n, SemanticIndex.Kind.UNRESOLVED, b.span()));
      }
    }
    reportWithoutValues();
    exprs.reportCompressedUses();
    SilentMistakesLint.check(bindings, out);
    boolean broken = syntaxErrors || network.statements().stream().anyMatch(s -> s instanceof Stmt.Broken);
    if (outputs.isEmpty() && !broken) {
      Diagnostic.Builder d = Diagnostic.of(Code.NO_OUTPUT, network.name().span(), network.name().text())
          .label("nothing is computed for the caller");
      if (bindings.isEmpty()) {
        d.help("add a statement such as `output y = x @ W + b`");
      } else {
        String statement = "output " + bindings.get(bindings.size() - 1).name();
        d.fix(new Fix("mark the result: `" + statement + "`", "Add `" + statement + "`",
            appendStatement(statement).stream().toList()));
      }
      out.report(d);
    }
    if (!broken && !outputs.isEmpty()) {
      reportUnused();
    }
    boolean clean = out.errorCount() == errorsBefore;
    Graph partial = new Graph(network.name().text(), network.doc(), network.span(), network.name().span(), runtimeDims, dims,
        Optional.ofNullable(weightsPath), inputs, clean ? params : typedParams, bindings, outputs);
    indexed = index.build(network.name().span(), network.span(), Optional.of(partial));
    return clean ? Optional.of(partial) : Optional.empty();
  }

  /**
   * The edit that adds {@code statement} as the last line of the block, indented like the
   * statements before it; empty when the block has no closing brace to put it before.
   */
  private Optional<Edit> appendStatement(String statement) {
    Span block = network.span();
    String text = block.file().text();
    int close = block.end() - 1;
    if (close <= block.start() || text.charAt(close) != '}') {
      return Optional.empty();
    }
    String indent = "  ";
    if (!network.statements().isEmpty()) {
      String line = block.file().lineText(network.statements().get(network.statements().size() - 1).span().line());
      indent = line.substring(0, line.length() - line.stripLeading().length());
    }
    int lineStart = close;
    while (lineStart > 0 && (text.charAt(lineStart - 1) == ' ' || text.charAt(lineStart - 1) == '\t')) {
      lineStart--;
    }
    boolean braceOnOwnLine = lineStart == 0 || text.charAt(lineStart - 1) == '\n' || text.charAt(lineStart - 1) == '\r';
    String lineEnd = text.contains("\r\n") ? "\r\n" : "\n";
    return braceOnOwnLine
        ? Optional.of(new Edit(new Span(block.file(), lineStart, lineStart), indent + statement + lineEnd))
        : Optional.of(new Edit(new Span(block.file(), close, close), lineEnd + indent + statement + lineEnd));
  }

  /** Defines a name whose declaration failed: later uses of it stay quiet, and editors still see it. */
  private void poison(Ident name, SemanticIndex.Kind kind, Span statement) {
    Scope.Poisoned entry = new Scope.Poisoned(name.text(), name.span());
    boolean fresh = scope.define(entry) == null;
    index.define(fresh ? entry : null, kind, name.span(), statement, null, null);
  }

  private void checkName() {
    String name = network.name().text();
    if (JAVA_KEYWORDS.contains(name)) {
      out.report(Diagnostic.of(Code.JAVA_KEYWORD, network.name().span(), name)
          .help("choose another name, e.g. `" + Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Net`"));
    }
  }

  private boolean define(Scope.Entry entry, Span at) {
    Scope.Entry old = scope.define(entry);
    if (old == null) {
      return true;
    }
    if (!(old instanceof Scope.Poisoned)) {
      out.report(Diagnostic.of(Code.DUPLICATE_NAME, at, entry.name)
          .label("defined again here")
          .related(old.span, "`" + entry.name + "` is first defined here")
          .help("each name is defined once; choose another name"));
    }
    return false;
  }

  private void dim(Stmt.DimDecl d) {
    SizeEvaluator sizes = new SizeEvaluator(scope, out, this::unknownDim, index);
    Dim value = sizes.size(d.value(), "dim " + d.name().text());
    if (value != null && !value.isFixed()) {
      out.report(Diagnostic.of(Code.DIM_NOT_FIXED, d.value().span(), value.valueText())
          .label("run-time dimensions are introduced by inputs' shapes"));
      value = null;
    }
    if (value == null) {
      poison(d.name(), SemanticIndex.Kind.DIM, d.span());
      return;
    }
    Dim named = Dim.named(d.name().text(), value.value()).withOrigin(value.origin().orElseThrow());
    Scope.FixedDim entry = new Scope.FixedDim(d.name().text(), d.name().span(), named);
    boolean fresh = define(entry, d.name().span());
    index.define(fresh ? entry : null, SemanticIndex.Kind.DIM, d.name().span(), d.span(), null, named);
    if (fresh) {
      dims.add(new Graph.NamedDim(d.name().text(), named, d.span()));
    }
  }

  private Dim unknownDim(Expr.Name n) {
    Diagnostic.Builder d = Diagnostic.of(Code.UNKNOWN_DIM, n.span(), n.id())
        .label("not a `dim`, and only inputs introduce run-time dimensions");
    NameHints.closest(n.id(), scope.names()).ifPresent(s -> d.fix(NameHints.didYouMean(n.span(), s)));
    d.help("declare it: `dim " + n.id() + " = ...`");
    out.report(d);
    return null;
  }

  private void weights(Stmt.WeightsDecl w) {
    if (weightsSpan != null) {
      out.report(Diagnostic.of(Code.DUPLICATE_WEIGHTS, w.span(), network.name().text())
          .related(weightsSpan, "the first weights file is named here"));
      return;
    }
    weightsSpan = w.pathSpan();
    Path path;
    try {
      path = Path.of(w.path());
    } catch (java.nio.file.InvalidPathException e) {
      // A NUL, or on Windows a '<' or '|': no file can have this name.
      out.report(Diagnostic.of(Code.WEIGHTS_UNREADABLE, w.pathSpan(), "`" + w.path().replace("\0", "\\0")
          + "` is not a valid file name here (" + e.getReason().toLowerCase(java.util.Locale.ROOT) + ")"));
      return;
    }
    weightsPath = network.span().file().path().map(p -> p.toAbsolutePath().getParent())
        .map(dir -> dir.resolve(path)).orElse(path).normalize();
    try {
      catalog = loader.load(weightsPath);
    } catch (NoSuchFileException e) {
      out.report(Diagnostic.of(Code.WEIGHTS_NOT_FOUND, w.pathSpan(), w.path())
          .label("looked for " + weightsPath));
    } catch (IOException e) {
      out.report(Diagnostic.of(Code.WEIGHTS_UNREADABLE, w.pathSpan(), e.getMessage()));
    }
  }

  /**
   * The element types a declaration may use, in the order an editor offers them: f32 for
   * parameters, and also the integer types for inputs (token ids, positions).
   */
  public static List<DType> declarableTypes(boolean input) {
    List<DType> out = new ArrayList<>();
    for (DType t : DType.values()) {
      if (DECLARABLE.contains(t) || input && INPUT_ONLY.contains(t)) {
        out.add(t);
      }
    }
    return out;
  }

  private TensorType type(TypeExpr t, String owner, boolean fixedOnly) {
    Optional<DType> dtype = DType.parse(t.dtype().text());
    boolean ok = true;
    if (dtype.isEmpty()) {
      List<String> spellings = java.util.Arrays.stream(DType.values()).map(DType::spelling).toList();
      Diagnostic.Builder d = Diagnostic.of(Code.UNKNOWN_DTYPE, t.dtype().span(), t.dtype().text())
          .help("inputs and parameters are declared f32, inputs also i64 or i32; " + String.join(", ",
              spellings.stream().filter(x -> !x.equals("f32") && !x.equals("i64") && !x.equals("i32")).toList())
              + " are reserved for later");
      NameHints.closest(t.dtype().text(), spellings)
          .ifPresent(s -> d.fix(NameHints.didYouMean(t.dtype().span(), s)));
      out.report(d);
      ok = false;
    } else if (!DECLARABLE.contains(dtype.get()) && !(!fixedOnly && INPUT_ONLY.contains(dtype.get()))
        && !(fixedOnly && PARAM_ONLY.contains(dtype.get()))) {
      out.report(Diagnostic.of(Code.UNSUPPORTED_DTYPE, t.dtype().span(), t.dtype().text())
          .help(INPUT_ONLY.contains(dtype.get())
              ? "integer tensors can be inputs, not parameters yet; declare the parameter f32"
              : PARAM_ONLY.contains(dtype.get())
                  ? "bf16 and i8 store a parameter that is a matmul's weight; declare the input f32"
                  : "use f32; weights stored as f16, bf16 or f64 are converted to f32 when loaded"));
      ok = false;
    } else if (PARAM_ONLY.contains(dtype.get()) && t.dims().size() != 2) {
      out.report(Diagnostic.of(Code.COMPRESSED_WEIGHT_USE, t.dtype().span(), owner, t.dtype().text())
          .label("a " + t.dims().size() + "-axis parameter")
          .help("bf16 and i8 store a matmul's weight, a matrix [in, out] (or [out, in] used as `.T`); declare "
              + "this one f32"));
      ok = false;
    }
    SizeEvaluator sizes = new SizeEvaluator(scope, out, fixedOnly ? this::unknownDim : this::introduce, index);
    List<Dim> dimList = new ArrayList<>();
    for (Expr e : t.dims()) {
      Dim d = sizes.size(e, owner + "'s shape");
      if (d == null) {
        ok = false;
        continue;
      }
      if (fixedOnly && !d.isFixed()) {
        out.report(Diagnostic.of(Code.DYNAMIC_PARAM, e.span(), owner, d.valueText())
            .label("a parameter's size is fixed when the network is compiled")
            .help("use a number or a `dim` here"));
        ok = false;
        continue;
      }
      dimList.add(d);
    }
    return ok ? new TensorType(dtype.get(), new Shape(dimList)) : null;
  }

  /** An undeclared name in an input's shape introduces a run-time dimension. */
  private Dim introduce(Expr.Name n) {
    List<String> fixed = scope.all().stream().filter(e -> e instanceof Scope.FixedDim).map(e -> e.name).toList();
    Optional<String> near = n.id().length() > 2 ? NameHints.closest(n.id(), fixed) : Optional.empty();
    if (near.isPresent()) {
      out.report(Diagnostic.of(Code.UNKNOWN_DIM, n.span(), n.id())
          .label("this would introduce a new run-time dimension")
          .fix(NameHints.didYouMean(n.span(), near.get())));
      return null;
    }
    Scope.RuntimeDim r = new Scope.RuntimeDim(n.id(), n.span());
    scope.define(r);
    index.define(r, SemanticIndex.Kind.RUNTIME_DIM, n.span(), n.span(), null, Dim.symbol(n.id()));
    runtimeDims.add(n.id());
    return Dim.symbol(n.id());
  }

  private void input(Stmt.InputDecl i) {
    TensorType t = type(i.type(), i.name().text(), false);
    if (t == null) {
      poison(i.name(), SemanticIndex.Kind.INPUT, i.span());
      return;
    }
    Node.Input node = new Node.Input(i.name().text(), t, i.name().span());
    Scope.Input entry = new Scope.Input(node, i.type());
    boolean fresh = define(entry, i.name().span());
    index.define(fresh ? entry : null, SemanticIndex.Kind.INPUT, i.name().span(), i.span(), t, null);
    if (fresh) {
      inputs.add(new Graph.InputDecl(i.name().text(), t, i.span()));
    }
  }

  private void param(Stmt.ParamDecl p) {
    String name = p.name().text();
    TensorType t = type(p.type(), name, true);
    if (t == null) {
      poison(p.name(), SemanticIndex.Kind.PARAM, p.span());
      return;
    }
    Graph.ParamSource source = null;
    if (p.inline().isPresent()) {
      source = inline(p, t);
    } else {
      String key = p.fileKey().map(Expr.Str::value).orElse(name);
      Span keySpan = p.fileKey().map(Expr.Str::span).orElse(p.name().span());
      if (weightsSpan == null) {
        withoutValues.add(p.name().span());
        withoutValuesNames.add(name);
      } else if (matchesFile(key, t, keySpan, p.type())) {
        source = new Graph.ParamSource.FromFile(key);
      }
    }
    Node.Param node = new Node.Param(name, t, p.name().span());
    Scope.Param entry = new Scope.Param(node, p.name().span(), p.type(), p.inline().isPresent());
    boolean fresh = define(entry, p.name().span());
    index.define(fresh ? entry : null, SemanticIndex.Kind.PARAM, p.name().span(), p.span(), t, null);
    if (fresh && source != null) {
      Graph.ParamDecl declared = new Graph.ParamDecl(name, t, source, p.span(), Optional.empty());
      params.add(declared);
      typedParams.add(declared);
    } else if (source == null) {
      // Checked uses of the parameter stay valid; the error above already stops compilation.
      scope.get(name).used = true;
      if (fresh) {
        // Its values are missing, not its size: a summary can still count it.
        typedParams.add(new Graph.ParamDecl(name, t, new Graph.ParamSource.FromFile(name), p.span(), Optional.empty()));
      }
    }
  }

  private Graph.ParamSource inline(Stmt.ParamDecl p, TensorType t) {
    LiteralReader.Literal lit = LiteralReader.read(p.inline().get(), out);
    if (lit == null) {
      return null;
    }
    List<Long> declared = t.shape().dims().stream().map(Dim::value).toList();
    long declaredCount = t.shape().elementCount().value();
    boolean flat = lit.shape().size() == 1 && lit.values().length == declaredCount;
    if (lit.shape().equals(declared) || flat) {
      return new Graph.ParamSource.Inline(lit.values());
    }
    String found = lit.values().length + " value" + (lit.values().length == 1 ? "" : "s") + " shaped " + lit.shape();
    out.report(Diagnostic.of(Code.LITERAL_COUNT, p.inline().get().span(), found, p.name().text(), t.shape())
        .label(lit.values().length == declaredCount
            ? "the nesting spells " + lit.shape()
            : lit.values().length + (lit.values().length == 1 ? " value" : " values") + " here")
        .related(p.type().span(), "declared " + t.shape() + ": " + declaredCount + " value" + (declaredCount == 1 ? "" : "s")));
    return null;
  }

  /**
   * Compares a parameter's declared type with the weights file's tensor; true when it fits or
   * cannot be told. A floating-point tensor of any width fits an f32 parameter (it is converted
   * when loaded); an integer one does not.
   */
  private boolean matchesFile(String key, TensorType type, Span at, TypeExpr declared) {
    Shape shape = type.shape();
    if (catalog == null) {
      return true;
    }
    boundKeys.add(key);
    Optional<WeightsCatalog.Tensor> tensor = catalog.find(key);
    if (tensor.isEmpty()) {
      Diagnostic.Builder d = Diagnostic.of(Code.WEIGHTS_MISSING, at, key).related(weightsSpan, "the weights file named here");
      List<String> free = catalog.names().stream().filter(n -> !boundKeys.contains(n)).toList();
      NameHints.closest(key, free).ifPresent(s -> d.fix(bindTo(s, at, declared)));
      if (catalog.names().size() <= 12) {
        d.note("the file holds: " + String.join(", ", catalog.names()));
      }
      out.report(d);
      return false;
    }
    WeightsCatalog.Tensor found = tensor.get();
    // An i8 weight may be stored quantized, or as floats that netc quantizes when it loads them.
    boolean quantizable = type.dtype() == DType.I8 && found.dtype().isFloatingPoint();
    if (type.dtype() == DType.I8 && found.dtype() == DType.I8
        && catalog.find(dev.netc.runtime.ParamLoader.scaleName(key)).isEmpty()) {
      out.report(Diagnostic.of(Code.WEIGHTS_MISSING, at, dev.netc.runtime.ParamLoader.scaleName(key))
          .related(weightsSpan, "the weights file named here")
          .note("an I8 weight needs its scales, one F32 per output column, as `" + key + ".scale`; or store the "
              + "weight as F32 and netc quantizes it when it loads it"));
      return false;
    }
    if (!quantizable && found.dtype().isFloatingPoint() != type.dtype().isFloatingPoint()) {
      out.report(Diagnostic.of(Code.WEIGHTS_DTYPE, at, key, type, found.dtype().safetensorsName())
          .related(weightsSpan, "the weights file named here")
          .note(type.dtype().isFloatingPoint()
              ? "integer tensors (token ids, positions) are read by integer inputs and operations, not as weights"
              : "a floating-point tensor cannot hold integer values exactly"));
      return false;
    }
    List<Long> want = shape.dims().stream().map(Dim::value).toList();
    if (!found.shape().equals(want)) {
      Diagnostic.Builder d = Diagnostic.of(Code.WEIGHTS_SHAPE, at, key, shape, found.shape())
          .related(weightsSpan, "the weights file named here");
      if (want.size() == 2 && found.shape().equals(List.of(want.get(1), want.get(0)))) {
        d.note("the file holds the transpose, [out, in] as PyTorch's nn.Linear stores it");
        if (declared != null) {
          d.fix(Fix.advice("declare it as the file stores it, and use it transposed (`" + key + ".T`), "
              + "or use dense(..., layout=out_in)"));
        }
      } else if (declared != null) {
        String dimsText = found.shape().toString().replace("[", "").replace("]", "");
        Span typeSpan = declared.span();
        int open = typeSpan.text().indexOf('[');
        Span dimsSpan = new Span(typeSpan.file(), typeSpan.start() + open + 1, typeSpan.end() - 1);
        d.fix(new Fix("declare the shape the file holds: " + found.shape(), "Declare " + key + " as " + found.shape(),
            List.of(new Edit(dimsSpan, dimsText))));
      }
      out.report(d);
      return false;
    }
    return true;
  }

  /**
   * "did you mean `key`?" for a parameter the weights file does not hold: rewrites its
   * {@code from "..."}, or adds one after its type. Advice only for {@code dense}'s own
   * parameters, which have no declaration to edit.
   */
  private static Fix bindTo(String key, Span at, TypeExpr declared) {
    String message = "did you mean `" + key + "`? bind it with `from \"" + key + "\"`";
    if (declared == null) {
      return Fix.advice(message);
    }
    String quoted = "\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    boolean hasFrom = at.text().startsWith("\"");
    Edit edit = hasFrom
        ? new Edit(at, quoted)
        : new Edit(new Span(at.file(), declared.span().end(), declared.span().end()), " from " + quoted);
    return new Fix(message, "Bind to `" + key + "`", List.of(edit));
  }

  /** Creates a {@code dense} layer's parameter; null after reporting why it has no values. */
  SizeTrace sizeTrace() {
    return sizeTrace;
  }

  Node.Param denseParam(String name, Shape shape, Span site, String layer) {
    Node.Param node = new Node.Param(name, TensorType.f32(shape), site);
    Scope.Param entry = new Scope.Param(node, site, null, false);
    entry.used = true;
    Scope.Entry old = scope.define(entry);
    if (old != null) {
      out.report(Diagnostic.of(Code.DUPLICATE_NAME, site, name)
          .related(old.span, "`" + name + "` is first defined here")
          .help("give each dense layer its own statement, or name it: dense(..., name=\"" + layer + "_2\")"));
      return null;
    }
    if (weightsSpan == null) {
      if (!withoutValues.contains(site)) {
        withoutValues.add(site);
        withoutValuesNames.add(name);
      }
      return null;
    }
    if (!matchesFile(name, node.type(), site, null)) {
      return null;
    }
    Graph.ParamDecl created = new Graph.ParamDecl(name, node.type(), new Graph.ParamSource.FromFile(name), site,
        Optional.of(layer));
    params.add(created);
    typedParams.add(created);
    return node;
  }

  private void assign(Stmt.Assign a) {
    String name = a.name().text();
    exprs.enterStatement(name);
    Node value = exprs.check(a.value());
    exprs.enterStatement("");
    Node bound = value instanceof Node.Invalid ? value : retag(value, name);
    Scope.Value entry = new Scope.Value(name, a.name().span(), bound, a.output());
    boolean fresh = define(entry, a.name().span());
    index.define(fresh ? entry : null, SemanticIndex.Kind.NODE, a.name().span(), a.span(), bound.type(), null);
    if (!fresh) {
      return;
    }
    if (a.output()) {
      entry.used = true;
      outputs.add(name);
      index.markOutput(entry);
    }
    if (!(bound instanceof Node.Invalid)) {
      a.declared().ifPresent(t -> checkDeclared(name, t, bound, a.value().span()));
      bindings.add(new Graph.Binding(name, bound, a.output(), a.span()));
    }
  }

  /**
   * An output's declared type against what it computes: a mismatch is reported at the expression,
   * with the declaration beside it. The dimensions must already be known; none is introduced.
   */
  private void checkDeclared(String name, TypeExpr declared, Node value, Span at) {
    Optional<DType> dtype = DType.parse(declared.dtype().text());
    if (dtype.isEmpty()) {
      out.report(Diagnostic.of(Code.UNKNOWN_DTYPE, declared.dtype().span(), declared.dtype().text()));
      return;
    }
    SizeEvaluator sizes = new SizeEvaluator(scope, out, this::unknownDim, index);
    List<Dim> dims = new ArrayList<>();
    for (Expr e : declared.dims()) {
      Dim d = sizes.size(e, name + "'s declared shape");
      if (d == null) {
        return;
      }
      dims.add(d);
    }
    TensorType want = new TensorType(dtype.get(), new Shape(dims));
    TensorType got = value.type();
    if (got.shape() == null || want.equals(got)) {
      return;
    }
    Diagnostic.Builder d = Diagnostic.of(Code.OUTPUT_TYPE, at, name, want, got)
        .label("computes " + got)
        .related(declared.span(), "declared here");
    if (got.shape().rank() == want.shape().rank() + 1) {
      d.note("it has one axis more than declared: a layer kept an axis (`dense` maps only the last one); "
          + "`flatten` before it, or a reduction, removes one");
    }
    sizeTrace.explain(d, got.shape(), want.shape());
    out.report(d.help("the declaration says what the network must compute: fix the expression, or the "
        + "declaration if it is the one that is wrong"));
  }

  /** The node with its shape's origins extended by {@code name}, so later messages can tell the path. */
  private static Node retag(Node value, String name) {
    TensorType t = value.type();
    TensorType tagged = new TensorType(t.dtype(), t.shape().map(d -> d.through(name)));
    return Retype.with(value, tagged);
  }

  private void outputRef(Stmt.OutputRef o) {
    markOutput(o);
    Scope.Entry entry = scope.get(o.name().text());
    if (o.declared().isPresent() && entry instanceof Scope.Value v && !(v.value instanceof Node.Invalid)) {
      checkDeclared(o.name().text(), o.declared().get(), v.value, o.name().span());
    }
  }

  private void markOutput(Stmt.OutputRef o) {
    String name = o.name().text();
    Scope.Entry entry = scope.get(name);
    if (entry == null) {
      exprs.check(new Expr.Name(name, o.name().span()));
      return;
    }
    entry.used = true;
    index.use(entry, o.name().span());
    if (!(entry instanceof Scope.Value v)) {
      if (!(entry instanceof Scope.Poisoned)) {
        out.report(Diagnostic.of(Code.WRONG_KIND, o.name().span(), name, entry.kind(), "a computed node")
            .help("name the value first: `output y = " + name + "`"));
      }
      return;
    }
    if (outputs.contains(name)) {
      out.report(Diagnostic.of(Code.DUPLICATE_NAME, o.name().span(), name).label("already an output"));
      return;
    }
    outputs.add(name);
    index.markOutput(entry);
    for (int i = 0; i < bindings.size(); i++) {
      Graph.Binding b = bindings.get(i);
      if (b.name().equals(name)) {
        bindings.set(i, new Graph.Binding(b.name(), b.value(), true, b.span()));
      }
    }
  }

  /** One diagnostic for every parameter that needs a weights file the network does not name. */
  private void reportWithoutValues() {
    if (withoutValues.isEmpty()) {
      return;
    }
    String first = withoutValuesNames.get(0);
    Diagnostic.Builder d = Diagnostic.of(Code.NO_VALUES, withoutValues.get(0), first)
        .label("no inline values, and the network names no weights file");
    if (withoutValuesNames.size() > 1) {
      List<String> rest = withoutValuesNames.subList(1, withoutValuesNames.size());
      d.note("nor do " + String.join(", ", rest.stream().map(n -> "`" + n + "`").toList()));
      for (int i = 1; i < withoutValues.size() && i < 6; i++) {
        d.related(withoutValues.get(i), "`" + withoutValuesNames.get(i) + "` needs values too");
      }
    }
    if (first.endsWith(".weight")) {
      String layer = first.substring(0, first.length() - ".weight".length());
      d.help("dense layers take their parameters from the weights file: name one in the network, "
          + "`weights \"model.safetensors\"`, holding `" + layer + ".weight` and `" + layer + ".bias`");
    } else {
      d.help("name a weights file in the network, `weights \"model.safetensors\"`, holding a tensor for each by name, "
          + "or give the parameter its values inline: `param " + first + ": f32[...] = [...]`");
    }
    out.report(d);
  }

  private void reportUnused() {
    for (Scope.Entry e : scope.all()) {
      if (e.used) {
        continue;
      }
      switch (e) {
        case Scope.Input i -> out.report(Diagnostic.of(Code.UNUSED, e.span, "input", e.name)
            .label("declared here").help("remove it, or use it in the network"));
        case Scope.Param p -> out.report(Diagnostic.of(Code.UNUSED, e.span, "parameter", e.name)
            .label("declared here").help("remove it, or use it in the network"));
        case Scope.Value v -> {
          if (!(v.value instanceof Node.Invalid)) {
            out.report(Diagnostic.of(Code.UNUSED, e.span, "node", e.name)
                .label("computed, then never used")
                .help("remove it, or make it an output: `output " + e.name + "`"));
          }
        }
        default -> {}
      }
    }
  }
}
