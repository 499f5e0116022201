package loombook.kernel.notebook;

import java.util.List;

/**
 * Completion candidates for a cursor: texts that may replace {@code code[start, end)}.
 *
 * @param matches the candidates, best first
 * @param start where the text to replace starts ({@code char} index)
 * @param end where it ends (the cursor)
 */
public record Completions(List<String> matches, int start, int end) {}
