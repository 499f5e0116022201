package loombook.kernel.eval;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

/**
 * A cell up to a cursor, rewritten so that JShell's completion and documentation see all of it.
 * JShell analyses one snippet at a time: in {@code String s = "x";\ns.len} it would look at
 * {@code s.len} alone and know no {@code s}. Here the snippets before the cursor become one class
 * that JShell analyses as a whole:
 *
 * <pre>
 * class $Cell$ {
 *     [the cell's types and methods, as members]
 *     void $run$() {
 *         [the cell's variables and statements, in order]
 *         [the snippet the cursor is in, as it is: a class being written is a local class;
 *          a method is wrapped in a local class of its own]
 * </pre>
 *
 * <p>The snippet at the cursor stays as the learner wrote it at the end of the text, so a position
 * in it maps to the rewritten text by a shift. Two JShell habits are worked around: it offers no
 * local names (parameters, lambda parameters, variables) in a static context, so {@code static}
 * words become spaces; and it offers no names right after {@code return}, {@code yield} or
 * {@code throw}, so such a keyword just before the word being completed becomes spaces as well.
 * Imports written in the cell are not part of the context (the names they bring complete once the
 * cell has run).
 *
 * @param source the rewritten text, ending where the cell was cut
 * @param shift what to add to a position of the cell (in the snippet at the cursor) to get its
 *              position in {@code source}
 * @param shape what the snippet at the cursor is
 * @param enclosing the class that the cursor is in when it inherits members, or null
 * @param contextKey identifies the declarations and statements before the snippet at the cursor
 * @param imports the imports written in the cell before the cursor (their names are written in full
 *                in the source, see {@link CellImports})
 */
record CellContext(String source, int shift, SnippetShape shape, Enclosing enclosing, String contextKey, CellImports imports) {
    /** The names the rewrite adds, which are never offered. */
    static final List<String> SYNTHETIC = List.of("$Cell$", "$run$", "$Method$", "$override$");

    /** The context of {@code code} cut at {@code end}, its imports left as names JShell may not know. */
    static CellContext of(SourceCodeAnalysis analysis, String code, int end) {
        return of(analysis, code, end, name -> false, List.of());
    }

    /**
     * The context of {@code code} cut at {@code end}; the names the cell imports are written in
     * full ({@code isClass} tells whether a class exists, {@code known} are the packages every cell
     * imports, whose names are left alone).
     */
    static CellContext of(SourceCodeAnalysis analysis, String code, int end, java.util.function.Predicate<String> isClass, List<String> known) {
        String prefix = code.substring(0, end);
        List<String> imported = new ArrayList<>();
        List<String> members = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        int offset = 0;
        while (true) {
            String rest = prefix.substring(offset);
            CompletionInfo info = analysis.analyzeCompletion(rest);
            boolean complete = info.completeness() == SourceCodeAnalysis.Completeness.COMPLETE
                    || info.completeness() == SourceCodeAnalysis.Completeness.COMPLETE_WITH_SEMI;
            int consumed = rest.length() - info.remaining().length();
            if (!complete || info.remaining().isBlank() || consumed <= 0 || !rest.endsWith(info.remaining())) {
                offset += SnippetSplitter.leadingBlank(rest);
                break;
            }
            String piece = info.source().strip();
            switch (SnippetShape.of(piece)) {
                case TYPE, METHOD -> members.add(piece);
                case OTHER -> statements.add(piece);
                case IMPORT -> imported.add(piece);
            }
            offset += consumed;
        }
        String atCursor = prefix.substring(offset);
        SnippetShape shape = SnippetShape.of(atCursor);
        if (shape == SnippetShape.IMPORT) return new CellContext(atCursor, -offset, shape, null, "", CellImports.NONE);
        StringBuilder sb = new StringBuilder("class $Cell$ {\n");
        for (String m : members) sb.append(m).append('\n');
        sb.append("void $run$() {\n");
        for (String s : statements) sb.append(s).append('\n');
        // a block of its own: JShell's scope at the start of a block knows the names declared before it
        sb.append(shape == SnippetShape.METHOD ? "class $Method$ {\n" : shape == SnippetShape.OTHER ? "{\n" : "");
        int cursorPieceAt = sb.length();
        sb.append(atCursor);
        CellImports imports = CellImports.of(imported);
        String blanked = blankKeywords(sb.toString(), cursorPieceAt);
        String before = blanked.substring(0, cursorPieceAt);
        int word = blanked.length();
        while (word > 0 && Character.isJavaIdentifierPart(blanked.charAt(word - 1))) word--;
        String source = imports.qualify(blanked, word, isClass, known);
        return new CellContext(source, source.length() - end, shape, enclosingType(atCursor), before.length() + ":" + before.hashCode()
                + ":" + imports.hashCode(), imports);
    }

    /**
     * The class body the end of {@code code} is in, if that class extends or implements something
     * (its inherited members are then worth asking for, see {@link #variants()} and {@link #staticQueries()}); null
     * otherwise. For an anonymous class, the name of the type it extends.
     */
    static Enclosing enclosingType(String code) {
        JavaTokens t = JavaTokens.of(code);
        java.util.ArrayDeque<Enclosing> open = new java.util.ArrayDeque<>();
        Enclosing pending = null;
        for (int i = 0; i < t.size(); i++) {
            String w = t.at(i);
            switch (w) {
                case "class", "interface", "enum", "record" -> {
                    if (t.isIdentifier(i + 1) || w.equals("record") && t.tokens().get(i + 1).word()) {
                        pending = new Enclosing(t.at(i + 1), List.of(), false);
                    }
                }
                case "extends", "implements" -> {
                    if (pending == null) break;
                    List<String> supers = new ArrayList<>(pending.supertypes());
                    int j = i + 1;                          // A.B<X, Y>, C
                    while (t.isIdentifier(j)) {
                        StringBuilder name = new StringBuilder(t.at(j++));
                        while (t.at(j).equals(".") && t.isIdentifier(j + 1)) {
                            name.append('.').append(t.at(j + 1));
                            j += 2;
                        }
                        supers.add(name.toString());
                        if (t.at(j).equals("<")) j = t.skipGroup(j);
                        if (!t.at(j).equals(",")) break;
                        j++;
                    }
                    pending = new Enclosing(pending.name(), List.copyOf(supers), false);
                }
                case "new" -> {
                    int j = i + 1;                          // new a.b.Type<...>(...) {
                    while (t.isIdentifier(j) && t.at(j + 1).equals(".")) j += 2;
                    if (t.isIdentifier(j)) {
                        String type = t.at(j);
                        j++;
                        if (t.at(j).equals("<")) j = t.skipGroup(j);
                        if (t.at(j).equals("(")) j = t.skipGroup(j);
                        if (t.at(j).equals("{")) pending = new Enclosing(type, List.of(type), true);
                    }
                }
                case "{" -> {
                    open.push(pending != null ? pending : NOT_A_TYPE);
                    pending = null;
                }
                case "}" -> {
                    if (!open.isEmpty()) open.pop();
                }
                case ";" -> pending = null;
                default -> { }
            }
        }
        for (Enclosing e : open) {
            if (e != NOT_A_TYPE) return e.supertypes().isEmpty() ? null : e;
        }
        return null;
    }

    private static final Enclosing NOT_A_TYPE = new Enclosing("", List.of(), false);

    /**
     * A class body around the cursor.
     *
     * @param name the class's name, or for an anonymous class the type it extends
     * @param supertypes the types it extends and implements, as written without type arguments
     * @param anonymous whether it is an anonymous class
     */
    record Enclosing(String name, List<String> supertypes, boolean anonymous) {}

    /**
     * The source as it is, then, for a word written in a class that inherits, the same with the word
     * qualified by {@code this.} (where the word names a member being declared, in a method of the
     * class's own: the inherited methods to override): its member completions and documentation add the inherited
     * instance members (and documentation the static ones), which JShell does not find in a class's
     * scope (it offers only the members a class declares itself). A {@code (} after the word stays.
     * The inherited static members complete through {@link #staticQueries()}.
     */
    List<String> variants() {
        return variants(source);
    }

    /** {@link #variants()} of {@code text}, which is this context's source with something after it. */
    List<String> variants(String text) {
        String body = text.endsWith("(") ? text.substring(0, text.length() - 1) : text;
        String tail = text.substring(body.length());
        int word = body.length();
        while (word > 0 && Character.isJavaIdentifierPart(body.charAt(word - 1))) word--;
        String before = body.substring(0, word), typed = body.substring(word);
        if (enclosing == null || typed.isEmpty() || before.stripTrailing().endsWith(".")) return List.of(text);
        int declaration = memberNameAt(body);
        if (declaration >= 0) return List.of(text, body.substring(0, declaration) + "void $override$() { this." + typed);
        return List.of(text, before + "this." + typed + tail);
    }

    /**
     * Where the declaration begins whose name the word at the end of {@code body} is, when that is a
     * method or field being declared directly in a named class's body ({@code public Result<S> handle}
     * in a GenServer: the callbacks to override are what the learner wants there); -1 otherwise.
     */
    static int memberNameAt(String body) {
        JavaTokens t = JavaTokens.of(body);
        int n = t.size();
        if (n < 2 || !t.tokens().get(n - 1).word() || t.tokens().get(n - 1).end() != body.length()) return -1;
        java.util.ArrayDeque<Boolean> classBody = new java.util.ArrayDeque<>();
        boolean typeHeader = false;
        int start = 0;
        for (int i = 0; i < n - 1; i++) {
            switch (t.at(i)) {
                case "class", "interface", "enum", "record" -> typeHeader = true;
                case "{" -> {
                    classBody.push(typeHeader);
                    typeHeader = false;
                    start = i + 1;
                }
                case "}" -> {
                    if (!classBody.isEmpty()) classBody.pop();
                    start = i + 1;
                }
                case ";" -> {
                    typeHeader = false;
                    start = i + 1;
                }
                default -> { }
            }
        }
        if (classBody.isEmpty() || !classBody.peek() || start >= n - 1) return -1;
        for (int i = start; i < n - 1; i++) {
            if (!t.tokens().get(i).word() && !java.util.Set.of("<", ">", ",", ".", "[", "]", "?", "@").contains(t.at(i))) return -1;
        }
        String last = t.at(n - 2);
        return t.isIdentifier(n - 2) || last.equals(">") || last.equals("]") ? t.tokens().get(start).start() : -1;
    }

    /**
     * For a word written in a class that inherits: one query per supertype {@code S}, the context
     * followed by {@code S.}, whose completions (the static members of {@code S} and its own
     * supertypes: GenServer's {@code noreply}, GenStateMachine's {@code keepState}) do not depend on
     * the word nor on the class being written, so they can be kept while the learner types on.
     *
     * @return the queries, each to be completed at its end; empty when not in such a class
     */
    List<StaticQuery> staticQueries() {
        if (enclosing == null || memberSelect() || memberNameAt(source) >= 0) return List.of();
        String before = beforeWord();
        return enclosing.supertypes().stream().map(sup -> new StaticQuery(sup + "@" + contextKey, before + sup + ".")).toList();
    }

    /**
     * A query for the static members of a supertype.
     *
     * @param key what its answer depends on: the supertype and the cell's declarations before the snippet at the cursor
     * @param source the text to complete at its end
     */
    record StaticQuery(String key, String source) {}

    /**
     * The texts to complete for the word at the end in the packages and classes the cell imports
     * (empty after a dot, or without imports).
     */
    List<String> importQueries() {
        return memberSelect() ? List.of() : imports.queries(beforeWord(), typed());
    }

    /** The word being written at the end of the source. */
    String typed() {
        return source.substring(beforeWord().length());
    }

    /** The source up to the word being written at its end. */
    String beforeWord() {
        int word = source.length();
        while (word > 0 && Character.isJavaIdentifierPart(source.charAt(word - 1))) word--;
        return source.substring(0, word);
    }

    /** Whether the word at the end follows a dot (a member of something, or a package's). */
    boolean memberSelect() {
        String before = beforeWord().stripTrailing();
        return before.endsWith(".");
    }

    /**
     * {@code source} with {@code static} blanked everywhere, and {@code return}, {@code yield} or
     * {@code throw} blanked when it comes just before the word at the end (from {@code from} on).
     */
    static String blankKeywords(String source, int from) {
        JavaTokens t = JavaTokens.of(source);
        char[] chars = source.toCharArray();
        for (int i = 0; i < t.size(); i++) {
            if (t.at(i).equals("static")) blank(chars, t.tokens().get(i));
        }
        int last = t.size() - 1;
        if (last >= 0 && t.tokens().get(last).end() == source.length() && t.tokens().get(last).word()) last--;
        if (last >= 0 && t.tokens().get(last).start() >= from && (t.at(last).equals("return") || t.at(last).equals("yield")
                || t.at(last).equals("throw"))) {
            blank(chars, t.tokens().get(last));
        }
        return new String(chars);
    }

    private static void blank(char[] chars, JavaTokens.Token token) {
        for (int k = token.start(); k < token.end(); k++) chars[k] = ' ';
    }

    /** {@code continuation} is not one of the rewrite's own names. */
    static boolean offered(String continuation) {
        for (String s : SYNTHETIC) if (continuation.startsWith(s)) return false;
        return true;
    }
}
