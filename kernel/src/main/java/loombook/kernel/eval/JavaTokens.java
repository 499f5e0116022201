package loombook.kernel.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Java source cut into tokens, roughly: identifiers and keywords, numbers, and single punctuation
 * characters, each with its position; comments, string and character literals and text blocks are
 * skipped (an unterminated one runs to the end of the text). Enough to tell what a piece of a cell
 * declares and where its braces open, without compiling it; not a full lexer (operators come as
 * single characters, {@code >>} as two).
 *
 * @param text the source
 * @param tokens the tokens in order
 * @param endsInside whether the text ends inside a comment, a string or character literal or a text
 *                   block (where completion has nothing to offer)
 */
record JavaTokens(String text, List<Token> tokens, boolean endsInside) {

    /**
     * One token.
     *
     * @param start its first {@code char} index in the text
     * @param end the index after its last char
     * @param word whether it is an identifier, a keyword or a number
     */
    record Token(int start, int end, boolean word) {}

    /** The tokens of {@code text}. */
    static JavaTokens of(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        boolean inside = false;
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                int nl = text.indexOf('\n', i);
                inside = nl < 0;
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int close = text.indexOf("*/", i + 2);
                inside = close < 0;
                i = close < 0 ? n : close + 2;
            } else if (text.startsWith("\"\"\"", i)) {
                int close = text.indexOf("\"\"\"", i + 3);
                while (close > 0 && text.charAt(close - 1) == '\\') close = text.indexOf("\"\"\"", close + 1);
                inside = close < 0;
                i = close < 0 ? n : close + 3;
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < n && text.charAt(i) != c && text.charAt(i) != '\n') {
                    if (text.charAt(i) == '\\') i++;
                    i++;
                }
                inside = i >= n;
                i = Math.min(n, i + 1);
            } else if (Character.isJavaIdentifierStart(c) || Character.isDigit(c)) {
                inside = false;
                int s = i;
                while (i < n && Character.isJavaIdentifierPart(text.charAt(i))) i++;
                out.add(new Token(s, i, true));
            } else {
                inside = false;
                out.add(new Token(i, i + 1, false));
                i++;
            }
        }
        return new JavaTokens(text, List.copyOf(out), inside);
    }

    /** The text of token {@code i}, or "" past the end. */
    String at(int i) {
        if (i < 0 || i >= tokens.size()) return "";
        Token t = tokens.get(i);
        return text.substring(t.start(), t.end());
    }

    /** How many tokens there are. */
    int size() {
        return tokens.size();
    }

    /** Whether token {@code i} is an identifier (a word that is not a reserved keyword nor a number). */
    boolean isIdentifier(int i) {
        if (i < 0 || i >= tokens.size() || !tokens.get(i).word()) return false;
        String w = at(i);
        return !Character.isDigit(w.charAt(0)) && !KEYWORDS.contains(w);
    }

    /**
     * The index after the bracketed group that opens at token {@code i} ({@code <...>},
     * {@code (...)}, {@code [...]}, {@code {...}}), or {@code size()} if it does not close.
     */
    int skipGroup(int i) {
        String open = at(i);
        String close = switch (open) {
            case "<" -> ">";
            case "(" -> ")";
            case "[" -> "]";
            case "{" -> "}";
            default -> throw new IllegalArgumentException("not an opening bracket: " + open);
        };
        int depth = 0;
        for (int j = i; j < tokens.size(); j++) {
            String t = at(j);
            if (t.equals(open)) depth++;
            else if (t.equals(close) && --depth == 0) return j + 1;
        }
        return tokens.size();
    }

    /** How many braces and parentheses are open at the end of the text. */
    int openBrackets() {
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            switch (at(i)) {
                case "{", "(" -> depth++;
                case "}", ")" -> depth--;
                default -> { }
            }
        }
        return depth;
    }

    /** Java's reserved keywords and literals: words that are never a type's or a variable's name. */
    static final java.util.Set<String> KEYWORDS = java.util.Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
            "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
            "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
            "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
            "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null", "_");
}
