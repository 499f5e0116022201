package loombook.kernel.eval;

import java.util.List;

/**
 * Completions for a cursor: the texts that may replace {@code code[start, end)}, with what each one
 * is where that is known.
 *
 * <pre>{@code
 * Completion c = evaluator.questions().complete("String s = \"x\"; s.len", 21);
 * c.texts();   // [length()]
 * c.start();   // 18: "len" is replaced
 * }</pre>
 *
 * @param matches the candidates, best first
 * @param start where the replaced text starts ({@code char} index in the code)
 * @param end where it ends (the cursor)
 */
public record Completion(List<Match> matches, int start, int end) {
    /** Copies the list. */
    public Completion {
        matches = List.copyOf(matches);
    }

    /** The candidates' texts, in order. */
    public List<String> texts() {
        return matches.stream().map(Match::text).toList();
    }

    /**
     * One candidate.
     *
     * @param text what replaces the word at the cursor ({@code length()}, {@code substring(})
     * @param kind what it names
     * @param signature its declaration ({@code String substring(int beginIndex, int endIndex)},
     *                  {@code PrintStream out}), or "" when not known
     */
    public record Match(String text, Kind kind, String signature) {}

    /** What a candidate names. */
    public enum Kind {
        /** A method or constructor. */
        METHOD,
        /** A field, variable or parameter. */
        VARIABLE,
        /** A class, interface, enum or record. */
        TYPE,
        /** A package. */
        PACKAGE,
        /** A keyword or primitive type. */
        KEYWORD,
        /** Not worked out. */
        UNKNOWN
    }
}
