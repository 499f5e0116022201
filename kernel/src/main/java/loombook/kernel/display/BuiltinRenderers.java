package loombook.kernel.display;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessInfo;

/**
 * How the runtime's values look in a notebook: a pid as {@code #PID<0.42.0>} with a dot that says
 * whether it is alive, process info as a table, records with their components rendered in turn.
 */
final class BuiltinRenderers {
    private static final String TABLE = "<table style=\"border-collapse:collapse;font-size:90%\">";
    private static final String CELL = "<td style=\"padding:2px 8px;text-align:left;vertical-align:top\">";
    private static final String HEAD = "<th style=\"padding:2px 8px;text-align:left\">";

    private BuiltinRenderers() {}

    static Renderers registerAll(Renderers r) {
        r.register(MimeBundle.class, (b, all) -> b);
        r.register(DisplayHandle.class, (h, all) -> null);
        r.register(Pid.class, BuiltinRenderers::pid);
        r.register(ProcessInfo.class, BuiltinRenderers::info);
        r.register(ProcessTable.class, BuiltinRenderers::table);
        r.register(Record.class, BuiltinRenderers::record);
        return r;
    }

    static MimeBundle pid(Pid pid, Renderers all) {
        boolean alive = Process.alive(pid);
        String html = "<code title=\"" + (alive ? "alive" : "dead") + "\">" + Html.escape(pid.toString())
                + " <span style=\"color:" + (alive ? "#2e7d32" : "#9e9e9e") + "\">" + (alive ? "&#9679;" : "&#9675;") + "</span></code>";
        return MimeBundle.html(html, pid.toString());
    }

    static MimeBundle info(ProcessInfo i, Renderers all) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"pid", i.pid().toString(), all.inlineHtml(i.pid())});
        if (i.registeredName() != null) rows.add(row("registered name", i.registeredName()));
        if (i.label() != null) rows.add(row("label", String.valueOf(i.label())));
        rows.add(row("status", String.valueOf(i.status())));
        if (i.scheduler() > 0) rows.add(row("scheduler", String.valueOf(i.scheduler())));
        rows.add(row("message queue length", String.valueOf(i.messageQueueLength())));
        rows.add(new String[] {"messages", i.messages().toString(), messagesHtml(i.messages(), all)});
        rows.add(row("links", i.links().toString()));
        rows.add(row("monitors", i.monitors().toString()));
        rows.add(row("monitored by", i.monitoredBy().toString()));
        rows.add(row("trap exit", String.valueOf(i.trapExit())));
        rows.add(row("group leader", String.valueOf(i.groupLeader())));
        rows.add(row("parent", String.valueOf(i.parent())));
        rows.add(row("reductions", String.valueOf(i.reductions())));
        rows.add(row("memory (bytes, estimate)", String.valueOf(i.memory())));
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder(TABLE);
        for (String[] r : rows) {
            text.append(String.format("%-24s %s%n", r[0], r[1]));
            html.append("<tr>").append(HEAD).append(Html.escape(r[0])).append("</th>").append(CELL).append(r[2]).append("</td></tr>");
        }
        html.append("</table>");
        return MimeBundle.html(html.toString(), text.toString().stripTrailing());
    }

    private static String[] row(String name, String value) {
        return new String[] {name, value, Html.escape(value)};
    }

    private static String messagesHtml(List<Object> messages, Renderers all) {
        if (messages.isEmpty()) return "[]";
        StringJoiner j = new StringJoiner("<br>");
        int shown = 0;
        for (Object m : messages) {
            if (shown++ == 20) {
                j.add("... " + (messages.size() - 20) + " more");
                break;
            }
            j.add(all.inlineHtml(m));
        }
        return j.toString();
    }

    static MimeBundle table(ProcessTable t, Renderers all) {
        String[] head = {"pid", "name", "label", "status", "mailbox", "reductions", "memory", "links", "monitors", "output to"};
        List<String[]> rows = new ArrayList<>();
        for (ProcessInfo i : t.rows()) {
            rows.add(new String[] {i.pid().toString(), i.registeredName() == null ? "" : i.registeredName(),
                    i.label() == null ? "" : String.valueOf(i.label()), String.valueOf(i.status()),
                    String.valueOf(i.messageQueueLength()), String.valueOf(i.reductions()), String.valueOf(i.memory()),
                    pids(i.links()), pids(i.monitors()), String.valueOf(i.groupLeader())});
        }
        int[] width = new int[head.length];
        for (int c = 0; c < head.length; c++) {
            width[c] = head[c].length();
            for (String[] r : rows) width[c] = Math.max(width[c], r[c].length());
        }
        StringBuilder text = new StringBuilder();
        appendRow(text, head, width);
        for (String[] r : rows) appendRow(text, r, width);
        text.append(rows.size()).append(rows.size() == 1 ? " process" : " processes");
        StringBuilder html = new StringBuilder(TABLE).append("<thead><tr>");
        for (String h : head) html.append(HEAD).append(h).append("</th>");
        html.append("</tr></thead><tbody>");
        for (int k = 0; k < rows.size(); k++) {
            String[] r = rows.get(k);
            html.append("<tr>").append(CELL).append(all.inlineHtml(t.rows().get(k).pid())).append("</td>");
            for (int c = 1; c < r.length; c++) html.append(CELL).append(Html.escape(r[c])).append("</td>");
            html.append("</tr>");
        }
        html.append("</tbody></table><div style=\"font-size:85%;color:#666\">").append(rows.size())
                .append(rows.size() == 1 ? " process" : " processes").append("</div>");
        return MimeBundle.html(html.toString(), text.toString());
    }

    private static String pids(List<Pid> pids) {
        StringJoiner j = new StringJoiner(" ");
        for (Pid p : pids) j.add(p.toString());
        return j.toString();
    }

    private static void appendRow(StringBuilder sb, String[] cells, int[] width) {
        for (int c = 0; c < cells.length; c++) {
            sb.append(c == cells.length - 1 ? cells[c] : String.format("%-" + width[c] + "s  ", cells[c]));
        }
        sb.append('\n');
    }

    /**
     * A record as {@code Name[a=1, b=2]}: its own text, and, when its text is the default one, HTML
     * with each component rendered (a pid in a record shows as a pid).
     */
    static MimeBundle record(Record rec, Renderers all) {
        String text = ValueText.of(rec);
        RecordComponent[] components = rec.getClass().getRecordComponents();
        String name = rec.getClass().getSimpleName();
        StringJoiner plain = new StringJoiner(", ", name + "[", "]");
        StringJoiner html = new StringJoiner(", ", "<code>" + Html.escape(name) + "[</code>", "<code>]</code>");
        try {
            for (RecordComponent c : components) {
                java.lang.reflect.Method m = c.getAccessor();
                m.setAccessible(true);
                Object v = m.invoke(rec);
                plain.add(c.getName() + "=" + v);
                html.add("<code>" + Html.escape(c.getName()) + "=</code>" + all.inlineHtml(v));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return MimeBundle.text(text);
        }
        if (!plain.toString().equals(text)) return MimeBundle.text(text);   // its own toString: respect it
        return MimeBundle.html("<span>" + html + "</span>", text);
    }
}
