package loombook.kernel.eval;

import java.util.List;

/**
 * Completions for a cursor: the texts that may replace {@code code[start, end)}.
 *
 * @param matches the candidates, best first
 * @param start where the replaced text starts ({@code char} index in the code)
 * @param end where it ends (the cursor)
 */
public record Completion(List<String> matches, int start, int end) {}
