package loombook.kernel.visual;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import loombook.Pid;
import loombook.ProcessInfo;
import loombook.kernel.display.Html;
import loombook.kernel.display.MimeBundle;

/**
 * A snapshot of the process table as the live table shows it: one row per process with its
 * registered name, behaviour (its label: a GenServer's class, {@code Supervisor}, {@code Task},
 * {@code notebook}), status, mailbox, memory, reductions and a summary (a server's state when
 * asked for, otherwise the first messages waiting in its mailbox). {@link Visuals#processTable()}
 * makes one; {@link LiveTable} shows one after another in place.
 *
 * <pre>{@code
 * processTable().sortBy("mailbox")    // every live process now, the longest mailboxes first
 * }</pre>
 */
public final class ProcessView extends Visual {
    /** How many rows are drawn at most (the header says how many processes there are). */
    public static final int DEFAULT_LIMIT = 40;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /**
     * One process.
     *
     * @param info its snapshot
     * @param reductionsPerSecond its reductions per second since the previous snapshot, or -1
     * @param summary its state (for a server asked for) or its first messages, or ""
     * @param stateShown whether {@code summary} is a state
     */
    public record Row(ProcessInfo info, long reductionsPerSecond, String summary, boolean stateShown) {}

    private final List<Row> rows;
    private final int total;
    private final String header;
    private final LocalTime at;

    ProcessView(List<Row> rows, int total, String header, LocalTime at) {
        this.rows = List.copyOf(rows);
        this.total = total;
        this.header = header;
        this.at = at;
    }

    /** The rows shown. */
    public List<Row> rows() {
        return rows;
    }

    /** How many processes were alive (the rows may be fewer). */
    public int total() {
        return total;
    }

    /** Builds rows from infos: sorts, limits, adds summaries. */
    static ProcessView of(List<ProcessInfo> infos, String sortBy, int limit, Map<Pid, Long> previousReductions, double secondsSince,
            Map<Pid, String> states, String header) {
        List<ProcessInfo> sorted = new ArrayList<>(infos);
        sorted.sort(comparator(sortBy));
        List<Row> rows = new ArrayList<>();
        for (ProcessInfo i : sorted.subList(0, Math.min(limit, sorted.size()))) {
            long rps = -1;
            Long before = previousReductions == null ? null : previousReductions.get(i.pid());
            if (before != null && secondsSince > 0) rps = Math.round(Math.max(0, i.reductions() - before) / secondsSince);
            String state = states == null ? null : states.get(i.pid());
            rows.add(new Row(i, rps, state != null ? state : messagesSummary(i), state != null));
        }
        return new ProcessView(rows, infos.size(), header, LocalTime.now());
    }

    static Comparator<ProcessInfo> comparator(String sortBy) {
        Comparator<ProcessInfo> byPid = Comparator.comparing(ProcessInfo::pid);
        return switch (sortBy == null ? "pid" : sortBy) {
            case "mailbox" -> Comparator.comparingInt(ProcessInfo::messageQueueLength).reversed().thenComparing(byPid);
            case "memory" -> Comparator.comparingLong(ProcessInfo::memory).reversed().thenComparing(byPid);
            case "reductions" -> Comparator.comparingLong(ProcessInfo::reductions).reversed().thenComparing(byPid);
            case "name" -> Comparator.comparing((ProcessInfo i) -> i.registeredName() == null ? "\uffff" : i.registeredName()).thenComparing(byPid);
            default -> byPid;
        };
    }

    /** The sort keys {@link LiveTable#sortBy} and {@link #sortBy} accept. */
    static final List<String> SORT_KEYS = List.of("pid", "mailbox", "memory", "reductions", "name");

    /** This snapshot's processes in another order: pid, mailbox, memory, reductions or name. */
    public ProcessView sortBy(String key) {
        if (!SORT_KEYS.contains(key)) throw new IllegalArgumentException("sortBy: one of " + SORT_KEYS + ", not '" + key + "'");
        List<Row> copy = new ArrayList<>(rows);
        Comparator<ProcessInfo> c = comparator(key);
        copy.sort((a, b) -> c.compare(a.info(), b.info()));
        return new ProcessView(copy, total, header, at);
    }

    private static String messagesSummary(ProcessInfo i) {
        if (i.messageQueueLength() == 0) return "";
        StringJoiner j = new StringJoiner(", ");
        int shown = 0;
        for (Object m : i.messages()) {
            if (shown++ == 3) break;
            j.add(Svg.shorten(Messages.label(m), 24));
        }
        String more = i.messageQueueLength() > 3 ? ", …" : "";
        return "mailbox: " + j + more;
    }

    static String bytes(long b) {
        if (b < 1024) return b + " B";
        if (b < 1024 * 1024) return String.format("%.1f KB", b / 1024.0);
        return String.format("%.1f MB", b / (1024.0 * 1024));
    }

    private static String behaviour(ProcessInfo i) {
        return i.label() == null ? "" : Svg.shorten(String.valueOf(i.label()), 28);
    }

    private String headline() {
        return (header == null ? "Processes" : header);
    }

    private String counts() {
        return total + (total == 1 ? " process" : " processes") + (rows.size() < total ? " (" + rows.size() + " shown)" : "");
    }

    // ------------------------------------------------------------------ renderings

    @Override
    public String text() {
        String[] head = {"pid", "name", "behaviour", "status", "mailbox", "memory", "reductions", "summary"};
        List<String[]> cells = new ArrayList<>();
        for (Row r : rows) {
            ProcessInfo i = r.info();
            cells.add(new String[] {i.pid().toString(), i.registeredName() == null ? "" : i.registeredName(), behaviour(i),
                    String.valueOf(i.status()), String.valueOf(i.messageQueueLength()), bytes(i.memory()),
                    String.format("%,d", i.reductions()) + (r.reductionsPerSecond() > 0 ? String.format(" (+%,d/s)", r.reductionsPerSecond()) : ""),
                    Svg.shorten((r.stateShown() ? "state: " : "") + r.summary(), 50)});
        }
        int[] w = new int[head.length];
        for (int c = 0; c < head.length; c++) {
            w[c] = head[c].length();
            for (String[] r : cells) w[c] = Math.max(w[c], r[c].length());
        }
        StringBuilder sb = new StringBuilder(headline()).append(" · ").append(counts()).append(" · ").append(at.format(TIME)).append('\n');
        line(sb, head, w);
        for (String[] r : cells) line(sb, r, w);
        return sb.toString().stripTrailing();
    }

    private static void line(StringBuilder sb, String[] cells, int[] w) {
        StringBuilder l = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            l.append(cells[c]).append(" ".repeat(Math.max(0, w[c] - cells[c].length() + 2)));
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    /** The table as HTML with inline styles (no classes, no script). */
    public String html() {
        String th = "<th style=\"padding:3px 10px;text-align:left;font-weight:600;border-bottom:1px solid #d0d7de;white-space:nowrap\">";
        String td = "<td style=\"padding:2px 10px;text-align:left;vertical-align:top;white-space:nowrap\">";
        String tdNum = "<td style=\"padding:2px 10px;text-align:right;vertical-align:top;white-space:nowrap;font-variant-numeric:tabular-nums\">";
        StringBuilder h = new StringBuilder();
        h.append("<div style=\"font-family:").append(Html.escape(Svg.SANS)).append(";font-size:12px;color:#1f2328;background:#ffffff;")
                .append("border:1px solid #d0d7de;border-radius:6px;padding:8px 10px;display:inline-block;max-width:100%;overflow-x:auto\">");
        h.append("<div style=\"margin-bottom:6px\"><b style=\"font-size:13px\">").append(Html.escape(headline())).append("</b>")
                .append("<span style=\"color:#656d76\"> · ").append(Html.escape(counts())).append(" · ").append(at.format(TIME)).append("</span></div>");
        h.append("<table style=\"border-collapse:collapse;font-size:12px;color:#1f2328;background:#ffffff\"><thead><tr>");
        for (String c : new String[] {"pid", "name", "behaviour", "status", "mailbox", "memory", "reductions", "summary"}) {
            h.append(th).append(c).append("</th>");
        }
        h.append("</tr></thead><tbody>");
        long maxBox = 1;
        for (Row r : rows) maxBox = Math.max(maxBox, r.info().messageQueueLength());
        for (Row r : rows) {
            ProcessInfo i = r.info();
            h.append("<tr style=\"border-bottom:1px solid #eaeef2\">");
            h.append(td).append("<span style=\"font-family:").append(Html.escape(Svg.MONO)).append(";font-size:11px\">")
                    .append(Html.escape(i.pid().toString())).append("</span></td>");
            h.append(td).append(i.registeredName() == null ? "" : "<b>" + Html.escape(i.registeredName()) + "</b>").append("</td>");
            h.append(td).append(Html.escape(behaviour(i))).append("</td>");
            String colour = switch (i.status()) {
                case RUNNING -> Svg.GREEN;
                case RUNNABLE -> Svg.AMBER;
                case WAITING -> Svg.FAINT;
                case EXITING -> Svg.RED;
            };
            h.append(td).append("<span style=\"color:").append(colour).append("\">&#9679;</span> ").append(i.status()).append("</td>");
            int len = i.messageQueueLength();
            h.append(tdNum);
            if (len > 0) {
                int w = (int) Math.max(2, Math.round(40.0 * len / maxBox));
                h.append("<span style=\"display:inline-block;vertical-align:middle;height:8px;width:").append(w).append("px;background:")
                        .append(len >= 1000 ? Svg.RED : Svg.BLUE).append(";border-radius:2px;margin-right:6px\"></span>");
            }
            h.append(len >= 1000 ? "<b style=\"color:" + Svg.RED + "\">" + String.format("%,d", len) + "</b>" : String.format("%,d", len)).append("</td>");
            h.append(tdNum).append(bytes(i.memory())).append("</td>");
            h.append(tdNum).append(String.format("%,d", i.reductions()));
            if (r.reductionsPerSecond() > 0) h.append(" <span style=\"color:").append(Svg.GREEN).append("\">+").append(String.format("%,d", r.reductionsPerSecond())).append("/s</span>");
            h.append("</td>");
            h.append("<td style=\"padding:2px 10px;text-align:left;vertical-align:top;white-space:normal;min-width:160px;max-width:320px;overflow-wrap:anywhere\">")
                    .append("<span style=\"font-family:").append(Html.escape(Svg.MONO)).append(";font-size:11px;color:")
                    .append(r.stateShown() ? Svg.INK : Svg.MUTED).append("\" title=\"").append(Html.escape(r.summary())).append("\">")
                    .append(Html.escape(Svg.shorten((r.stateShown() ? "state: " : "") + r.summary(), 90))).append("</span></td>");
            h.append("</tr>");
        }
        h.append("</tbody></table></div>");
        return h.toString();
    }

    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.html(html(), text());
    }

    /** A copy with another headline (the live table's "refreshing every 1 s"). */
    ProcessView withHeader(String h) {
        return new ProcessView(rows, total, h, at);
    }
}
