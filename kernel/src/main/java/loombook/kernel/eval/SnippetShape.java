package loombook.kernel.eval;

import java.util.Set;

/**
 * What one snippet of a cell is, told from its first tokens without compiling it: a type
 * declaration, a method declaration, an import, or anything else (a variable, a statement, an
 * expression). Unfinished code has a shape too: {@code class Counter extends GenServer<...> { ...}
 * being typed is a {@link #TYPE}.
 */
enum SnippetShape {
    /** {@code class}, {@code interface}, {@code enum}, {@code record} or {@code @interface}. */
    TYPE,
    /** A method: a result type, a name and a parameter list ({@code int twice(int x) {...}}). */
    METHOD,
    /** {@code import ...;} */
    IMPORT,
    /** A variable, a statement or an expression. */
    OTHER;

    private static final Set<String> MODIFIERS = Set.of("public", "protected", "private", "static", "final", "abstract",
            "sealed", "strictfp", "default", "synchronized", "native", "transient", "volatile");
    private static final Set<String> PRIMITIVES = Set.of("void", "boolean", "byte", "char", "short", "int", "long", "float", "double");

    /** The shape of {@code source}, one snippet (finished or not). */
    static SnippetShape of(String source) {
        JavaTokens t = JavaTokens.of(source);
        int i = 0;
        while (i < t.size()) {
            String w = t.at(i);
            if (w.equals("@")) {
                if (t.at(i + 1).equals("interface")) return TYPE;
                i += 2;                                          // @Name, @a.b.Name, @Name(...)
                while (t.at(i).equals(".") && t.isIdentifier(i + 1)) i += 2;
                if (t.at(i).equals("(")) i = t.skipGroup(i);
            } else if (MODIFIERS.contains(w)) {
                i++;
            } else if (w.equals("non") && t.at(i + 1).equals("-") && t.at(i + 2).equals("sealed")) {
                i += 3;
            } else {
                break;
            }
        }
        String first = t.at(i);
        if (first.equals("import")) return IMPORT;
        if (first.equals("class") || first.equals("interface") || first.equals("enum")) return TYPE;
        if (first.equals("record") && t.isIdentifier(i + 1) && (t.at(i + 2).equals("(") || t.at(i + 2).equals("<"))) return TYPE;
        if (first.equals("<")) i = t.skipGroup(i);              // a generic method's type parameters
        int afterType = skipType(t, i);
        return afterType > i && t.isIdentifier(afterType) && t.at(afterType + 1).equals("(") ? METHOD : OTHER;
    }

    /** The index after a type that starts at token {@code i} ({@code Map.Entry<K, V>[]}), or {@code i} if none does. */
    private static int skipType(JavaTokens t, int i) {
        if (PRIMITIVES.contains(t.at(i))) {
            i++;
        } else if (t.isIdentifier(i)) {
            i++;
            while (true) {
                if (t.at(i).equals("<")) i = t.skipGroup(i);
                if (t.at(i).equals(".") && t.isIdentifier(i + 1)) i += 2;
                else break;
            }
        } else {
            return i;
        }
        while (t.at(i).equals("[") && t.at(i + 1).equals("]")) i += 2;
        return i;
    }
}
