package loombook.kernel.session;

import io.github.spencerpark.jupyter.kernel.history.HistoryEntry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The cells executed in this kernel session, for Jupyter's {@code history_request} (consoles use it
 * for the up arrow). Kept in memory; a new kernel starts a new history. Thread-safe.
 */
final class History {
    /** The session number entries carry: this kernel keeps a single session. */
    static final int SESSION = 1;

    private record Entry(int line, String input, String output) {}

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(int line, String input, String output) {
        entries.add(new Entry(line, input, output));
    }

    /** The last {@code n} entries. */
    synchronized List<HistoryEntry> tail(int n, boolean withOutput) {
        int from = Math.max(0, entries.size() - Math.max(0, n));
        return convert(entries.subList(from, entries.size()), withOutput);
    }

    /** The entries with line numbers in {@code [start, stop)} (a stop of 0 or less means to the end). */
    synchronized List<HistoryEntry> range(int start, int stop, boolean withOutput) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.line >= start && (stop <= 0 || e.line < stop)) out.add(e);
        }
        return convert(out, withOutput);
    }

    /** The last {@code n} entries whose input matches the glob {@code pattern} ({@code *} and {@code ?}). */
    synchronized List<HistoryEntry> search(String pattern, int n, boolean unique, boolean withOutput) {
        Pattern p = glob(pattern == null || pattern.isEmpty() ? "*" : pattern);
        List<Entry> found = new ArrayList<>();
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (int i = entries.size() - 1; i >= 0 && (n <= 0 || found.size() < n); i--) {
            Entry e = entries.get(i);
            if (!p.matcher(e.input).matches()) continue;
            if (unique && !seen.add(e.input)) continue;
            found.addFirst(e);
        }
        return convert(found, withOutput);
    }

    private static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    private static List<HistoryEntry> convert(List<Entry> list, boolean withOutput) {
        List<HistoryEntry> out = new ArrayList<>();
        for (Entry e : list) {
            out.add(withOutput ? new HistoryEntry(SESSION, e.line, e.input, e.output == null ? "" : e.output)
                    : new HistoryEntry(SESSION, e.line, e.input));
        }
        return out;
    }
}
