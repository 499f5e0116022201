package loombook.kernel.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Documentation;
import jdk.jshell.SourceCodeAnalysis.Suggestion;
import jdk.jshell.VarSnippet;

/**
 * Questions about code that do not run it: what may complete the word at the cursor, the
 * documentation of what is there, and whether a cell is ready to run. Answers see the whole cell
 * (names declared above the cursor in the same cell complete, see {@link CellContext}) and every
 * cell that ran before.
 *
 * <pre>{@code
 * Completion c = evaluator.questions().complete("String s = \"x\";\ns.len", 20);
 * c.texts();      // [length()]
 * }</pre>
 *
 * <p>Thread safety: every question holds the evaluator's lock, as evaluation does (JShell is one
 * compiler).
 */
public final class CodeQuestions {
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final Object lock;
    private final Consumer<String> log;
    private boolean javadocInstalled;
    private volatile boolean javadocForRuntime;

    private final java.util.function.Predicate<String> isClass;
    private final List<String> known;

    /**
     * Questions to {@code shell}; {@code isClass} tells whether a class exists on the cells' class
     * path, {@code known} are the packages every cell imports.
     */
    CodeQuestions(JShell shell, Object lock, java.util.function.Predicate<String> isClass, List<String> known, Consumer<String> log) {
        this.shell = shell;
        this.analysis = shell.sourceCodeAnalysis();
        this.lock = lock;
        this.isClass = isClass;
        this.known = List.copyOf(known);
        this.log = log;
    }

    /** The rewrite of {@code code} cut at {@code end} that JShell analyses. */
    CellContext context(String code, int end) {
        return CellContext.of(analysis, code, end, isClass, known);
    }

    /** JShell's analysis, for tests of the rewrite. */
    SourceCodeAnalysis analysis() {
        return analysis;
    }

    /** Completion candidates at {@code cursor} (a {@code char} index into {@code code}). */
    public Completion complete(String code, int cursor) {
        if (JavaTokens.of(code.substring(0, cursor)).endsInside()) return new Completion(List.of(), cursor, cursor);   // in a comment or a string
        synchronized (lock) {
            CellContext context = context(code, cursor);
            int[] anchor = {-1};
            List<Suggestion> suggestions = new ArrayList<>();
            for (String variant : context.variants()) {
                suggestions.addAll(analysis.completionSuggestions(variant, variant.length(), variant == context.source() ? anchor : new int[1]));
            }
            for (String q : context.importQueries()) suggestions.addAll(analysis.completionSuggestions(q, q.length(), new int[1]));
            String word = context.typed();
            for (CellContext.StaticQuery q : context.staticQueries()) {
                List<Suggestion> all = inheritedStatics.computeIfAbsent(q.key(),
                        k -> analysis.completionSuggestions(q.source(), q.source().length(), new int[1]));
                for (Suggestion s : all) if (s.continuation().startsWith(word)) suggestions.add(s);
            }
            TreeSet<String> matching = new TreeSet<>(), other = new TreeSet<>();
            for (Suggestion s : suggestions) {
                if (CellContext.offered(s.continuation())) (s.matchesType() ? matching : other).add(s.continuation());
            }
            if (!context.memberSelect()) matching.addAll(context.imports().names(word));
            LinkedHashSet<String> texts = new LinkedHashSet<>(matching);
            texts.addAll(other);
            boolean member = context.memberSelect();
            if (member) texts.removeIf(t -> !t.contains("(") && (texts.contains(t + "()") || texts.contains(t + "(")));   // a record's field beside its accessor
            // JShell's anchor where the source itself was completed; else the word's start (a name being declared)
            int start = texts.isEmpty() ? cursor : anchor[0] < 0 ? cursor - word.length() : Math.max(0, Math.min(cursor, anchor[0] - context.shift()));
            return new Completion(describe(context, List.copyOf(texts)), start, cursor);
        }
    }

    /**
     * The static members of the supertypes of classes being written, by supertype and what the cell
     * declared before: the same while the learner types in the class; forgotten when a cell runs.
     */
    private final Map<String, List<Suggestion>> inheritedStatics = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Suggestion>> eldest) {
            return size() > 64;
        }
    };

    /** Called as a cell runs: what it declares may change what the remembered answers would be. */
    void evaluated() {
        synchronized (lock) {
            inheritedStatics.clear();
            described.clear();
        }
    }

    /** How long completion may spend asking what its candidates are before it answers with the texts alone. */
    static volatile long describeBudgetNanos = 25_000_000;

    /** What candidates were found to be, by the text before them and their own: typing on reuses them. */
    private final Map<String, Completion.Match> described = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Completion.Match> eldest) {
            return size() > 512;
        }
    };

    /**
     * What each candidate is, with its signature: asked of JShell's documentation one candidate at
     * a time (a few milliseconds each), best first, for at most {@link #describeBudgetNanos} (and
     * remembered); the rest are told from their text: JShell ends a method with a parenthesis and a
     * package with a dot, and Java's naming conventions tell a type from a variable.
     */
    private List<Completion.Match> describe(CellContext context, List<String> texts) {
        installJavadoc();
        long deadline = System.nanoTime() + describeBudgetNanos;
        String before = context.beforeWord();
        List<Completion.Match> out = new ArrayList<>();
        for (String t : texts) {
            String key = before + "\u0000" + t;
            Completion.Match m = described.get(key);
            if (m == null && System.nanoTime() < deadline) {
                m = describe(context, before, t);
                if (m != null) described.put(key, m);
            }
            out.add(m != null ? m : guess(t));
        }
        return out;
    }

    private Completion.Match describe(CellContext context, String before, String text) {
        if (before.stripTrailing().endsWith("::")) {             // a method reference: JShell leaves the parenthesis out
            String call = before.stripTrailing();
            call = call.substring(0, call.length() - 2) + ".";
            List<Documentation> docs = documented(List.of(call + text + "("));
            return new Completion.Match(text, Completion.Kind.METHOD,
                    docs.stream().map(d -> signature(d.signature())).collect(Collectors.joining("\n")));
        }
        Completion.Match guess = guess(text);
        if (guess.kind() == Completion.Kind.KEYWORD || guess.kind() == Completion.Kind.PACKAGE) return guess;
        boolean method = guess.kind() == Completion.Kind.METHOD;
        String name = method ? text.substring(0, text.indexOf('(')) : text;
        List<Documentation> docs = documented(context.variants(before + name + (method ? "(" : "")));
        if (docs.isEmpty()) return null;
        if (method) {
            return new Completion.Match(text, Completion.Kind.METHOD,
                    docs.stream().map(d -> signature(d.signature())).collect(Collectors.joining("\n")));
        }
        String raw = docs.getFirst().signature();
        String sig = signature(raw);
        int colon = sig.indexOf(':');
        int paren = sig.indexOf('(');
        if (colon > 0 && (paren < 0 || colon < paren)) {        // JShell writes a field or variable as name:type
            return new Completion.Match(text, Completion.Kind.VARIABLE, sig.substring(colon + 1) + " " + name);
        }
        if (raw.equals(name)) return new Completion.Match(text, Completion.Kind.VARIABLE, "");      // a pattern's binding
        return new Completion.Match(text, guess.kind(), sig);
    }

    /** The first documentation found for one of {@code variants} (as written, or qualified in a class that inherits). */
    private List<Documentation> documented(List<String> variants) {
        for (String v : variants) {
            try {
                List<Documentation> docs = analysis.documentation(v, v.length(), false);
                if (!docs.isEmpty()) return docs;
            } catch (RuntimeException e) {
                return List.of();
            }
        }
        return List.of();
    }

    /** What a candidate's text says it is. */
    static Completion.Match guess(String text) {
        Completion.Kind kind;
        if (text.endsWith("(") || text.endsWith("()")) kind = Completion.Kind.METHOD;
        else if (text.endsWith(".")) kind = Completion.Kind.PACKAGE;
        else if (JavaTokens.KEYWORDS.contains(text)) kind = Completion.Kind.KEYWORD;
        else if (Character.isUpperCase(text.codePointAt(0)) && !text.equals(text.toUpperCase(java.util.Locale.ROOT))) kind = Completion.Kind.TYPE;
        else kind = Completion.Kind.VARIABLE;
        return new Completion.Match(text, kind, "");
    }

    /** A signature as JShell writes it, without the rewrite's own class names and {@code java.lang.}. */
    static String signature(String jshell) {
        String s = SnippetVerdicts.clean(jshell);
        for (String synthetic : CellContext.SYNTHETIC) s = s.replace(synthetic + ".", "");
        s = RECORD_ACCESSOR.matcher(s).replaceFirst("$1.$2");         // a record's accessor: Info.pid(), not Info(every component).pid()
        return s.replaceAll("\\bjava\\.lang\\.(?=[A-Z])", "");
    }

    /** JShell's signature of a record's accessor names the record with all its components: {@code ProcessInfo(Pid pid, ...).pid()}. */
    private static final java.util.regex.Pattern RECORD_ACCESSOR = java.util.regex.Pattern.compile("([\\w$.]+)\\([^()]*\\)\\.(\\w+\\(\\))$");

    /**
     * The documentation of what is at {@code cursor} (a {@code char} index): a variable's type and
     * value, or the signatures and Javadoc of a class, method or field. Frontends send the cursor at
     * the end of a word or inside it, or just after an opening parenthesis. Empty if there is
     * nothing to say.
     */
    public List<Doc> documentation(String code, int cursor) {
        synchronized (lock) {
            int end = cursor;
            while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) end++;
            CellContext context = context(code, end);
            Optional<Doc> variable = variable(code.substring(0, end));
            if (variable.isPresent()) return List.of(variable.get());
            installJavadoc();
            List<Documentation> docs = List.of();
            for (String variant : context.variants()) {
                docs = analysis.documentation(variant, variant.length(), true);
                if (docs.isEmpty() && !variant.endsWith("(")) docs = analysis.documentation(variant + "(", variant.length() + 1, true);
                if (!docs.isEmpty()) break;
            }
            List<Doc> out = new ArrayList<>();
            for (Documentation d : docs) out.add(new Doc(signature(d.signature()), JavadocText.toText(d.javadoc()), JavadocText.toHtml(d.javadoc())));
            return out;
        }
    }

    /** Points JShell at the runtime's sources, once: for its Javadoc, and for the names of its methods' parameters. */
    private void installJavadoc() {
        if (!javadocInstalled) {
            javadocInstalled = true;
            javadocForRuntime = JavadocSources.install(log);
        }
    }

    /** Whether inspect shows the runtime's Javadoc (known after the first documentation request). */
    public boolean javadocForRuntime() {
        return javadocForRuntime;
    }

    /** A variable of an earlier cell named by the word that ends {@code prefix}: its type and value. */
    private Optional<Doc> variable(String prefix) {
        int i = prefix.length();
        while (i > 0 && Character.isJavaIdentifierPart(prefix.charAt(i - 1))) i--;
        String name = prefix.substring(i);
        if (name.isEmpty() || i > 0 && prefix.charAt(i - 1) == '.') return Optional.empty();
        Optional<VarSnippet> v = shell.variables().filter(x -> x.name().equals(name)).reduce((a, b) -> b);
        if (v.isEmpty()) return Optional.empty();
        String value;
        try {
            value = shell.varValue(v.get());
        } catch (RuntimeException e) {
            value = "(its value cannot be shown: " + e.getMessage() + ")";
        }
        return Optional.of(new Doc(SnippetVerdicts.clean(v.get().typeName()) + " " + name + " = " + value, "", ""));
    }

    /** Whether {@code code} is ready to run (for Jupyter's is_complete). */
    public Completeness completeness(String code) {
        synchronized (lock) {
            int offset = 0;
            while (true) {
                String rest = code.substring(offset);
                if (rest.isBlank()) return new Completeness(Completeness.Status.COMPLETE, "");
                CompletionInfo info = analysis.analyzeCompletion(rest);
                switch (info.completeness()) {
                    case EMPTY -> {
                        return new Completeness(Completeness.Status.COMPLETE, "");
                    }
                    case COMPLETE, COMPLETE_WITH_SEMI -> {
                        if (info.remaining().isBlank()) return new Completeness(Completeness.Status.COMPLETE, "");
                        int consumed = rest.length() - info.remaining().length();
                        if (consumed <= 0) return new Completeness(Completeness.Status.UNKNOWN, "");
                        offset += consumed;
                    }
                    case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                        return new Completeness(Completeness.Status.INCOMPLETE, "    ".repeat(Math.max(0, openBlocks(code))));
                    }
                    default -> {
                        return new Completeness(Completeness.Status.INVALID, "");
                    }
                }
            }
        }
    }

    /** How many braces and parentheses are open at the end of {@code code}, ignoring strings and comments. */
    static int openBlocks(String code) {
        return JavaTokens.of(code).openBrackets();
    }

    /**
     * Warms completion and documentation up: the first question otherwise pays for loading the
     * compiler's classes and for opening the JDK's and the runtime's sources.
     */
    void warmUp() {
        synchronized (lock) {
            installJavadoc();
            documentation("spawn", 5);
            complete("String $w = \"\";\n$w.len", "String $w = \"\";\n$w.len".length());
            analysis.analyzeCompletion("int x = 1");
        }
    }
}
