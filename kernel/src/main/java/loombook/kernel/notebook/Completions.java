package loombook.kernel.notebook;

import java.util.List;

/**
 * Completion candidates for a cursor: texts that may replace {@code code[start, end)}, with what
 * each one names where that is known.
 *
 * @param candidates the candidates, best first
 * @param start where the text to replace starts ({@code char} index)
 * @param end where it ends (the cursor)
 */
public record Completions(List<Candidate> candidates, int start, int end) {
    /** Copies the list. */
    public Completions {
        candidates = List.copyOf(candidates);
    }

    /** The candidates' texts, in order. */
    public List<String> matches() {
        return candidates.stream().map(Candidate::text).toList();
    }

    /**
     * One candidate.
     *
     * @param text what replaces the word at the cursor
     * @param kind {@code method}, {@code variable}, {@code type}, {@code package}, {@code keyword},
     *             {@code magic}, or "" when not known
     * @param signature its declaration ({@code String substring(int beginIndex)}), or ""
     */
    public record Candidate(String text, String kind, String signature) {}
}
