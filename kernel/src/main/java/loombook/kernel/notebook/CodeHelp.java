package loombook.kernel.notebook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import loombook.kernel.eval.CodeQuestions;
import loombook.kernel.eval.Completeness;
import loombook.kernel.eval.Completion;
import loombook.kernel.display.Html;
import loombook.kernel.eval.Doc;
import loombook.kernel.magic.CellMagic;
import loombook.kernel.magic.LineMagic;
import loombook.kernel.magic.MagicLine;
import loombook.kernel.magic.MagicParser;
import loombook.kernel.magic.Magics;
import loombook.kernel.magic.ParsedCell;

/**
 * The editor's questions about a cell, answered for a notebook: completion (magic names on a magic
 * line, Java elsewhere), help for what is under the cursor (a magic's usage, a variable's value, a
 * Java element's Javadoc as text and HTML), and whether the cell is ready to run. Magic lines are
 * blanked before Java sees the cell, keeping every offset.
 *
 * <pre>{@code
 * notebook.help().complete("String s = \"x\";\ns.len", 20).matches();   // [length()]
 * }</pre>
 */
public final class CodeHelp {
    private static final Pattern MAGIC_PREFIX = Pattern.compile("^\\s*(%%?)(\\w*)$");

    private final Magics magics;
    private final Supplier<CodeQuestions> questions;

    CodeHelp(Magics magics, Supplier<CodeQuestions> questions) {
        this.magics = magics;
        this.questions = questions;
    }

    /** Completion at {@code cursor} ({@code char} index): magic names on a magic line, Java otherwise. */
    public Completions complete(String code, int cursor) {
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
        Matcher m = MAGIC_PREFIX.matcher(code.substring(lineStart, cursor));
        if (m.matches()) {
            List<Completions.Candidate> names = new ArrayList<>();
            if (m.group(1).equals("%%")) {
                for (CellMagic c : magics.cellMagics()) {
                    if (c.name().startsWith(m.group(2))) names.add(new Completions.Candidate("%%" + c.name(), "magic", c.usage()));
                }
            } else {
                for (LineMagic l : magics.lineMagics()) {
                    if (l.name().startsWith(m.group(2))) names.add(new Completions.Candidate("%" + l.name(), "magic", l.usage()));
                }
            }
            return new Completions(names, cursor - m.group(1).length() - m.group(2).length(), cursor);
        }
        Completion c = questions.get().complete(withoutMagics(code), cursor);
        List<Completions.Candidate> out = new ArrayList<>();
        for (Completion.Match match : c.matches()) {
            String kind = match.kind() == Completion.Kind.UNKNOWN ? "" : match.kind().name().toLowerCase(Locale.ROOT);
            out.add(new Completions.Candidate(match.text(), kind, match.signature()));
        }
        return new Completions(out, c.start(), c.end());
    }

    /** Help for what is at {@code cursor}: a magic's usage, a variable's value, a Java element's Javadoc. */
    public Inspection inspect(String code, int cursor) {
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
        int lineEnd = code.indexOf('\n', cursor);
        String line = code.substring(lineStart, lineEnd < 0 ? code.length() : lineEnd).strip();
        if (line.startsWith("%")) {
            String name = line.replaceFirst("^%%?(\\w*).*", "$1");
            Optional<String> help = magics.line(name).map(l -> l.usage() + "\n\n" + l.help())
                    .or(() -> magics.cell(name).map(c -> c.usage() + "\n\n" + c.help()));
            return help.map(h -> new Inspection(true, Map.of("text/plain", (Object) h))).orElse(Inspection.none());
        }
        List<Doc> docs = questions.get().documentation(withoutMagics(code), cursor);
        if (docs.isEmpty()) return Inspection.none();
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder();
        for (Doc d : docs) {
            if (!text.isEmpty()) {
                text.append("\n\n");
                html.append("<hr/>\n");
            }
            text.append(Tracebacks.BOLD).append(d.signature()).append(Tracebacks.RESET);
            if (!d.text().isEmpty()) text.append("\n\n").append(d.text());
            html.append("<p><code><b>").append(Html.escape(d.signature())).append("</b></code></p>\n");
            if (!d.html().isEmpty()) html.append("<div>").append(d.html()).append("</div>\n");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text/plain", text.toString());
        data.put("text/html", html.toString());
        return new Inspection(true, data);
    }

    /** Whether {@code code} is ready to run: for consoles deciding what Enter does. */
    public Readiness readiness(String code) {
        ParsedCell cell = MagicParser.parse(code);
        if (cell.cellMagic() != null) return new Readiness("complete", "");
        Completeness c = questions.get().completeness(withoutMagics(code));
        return new Readiness(c.status().name().toLowerCase(Locale.ROOT), c.indent());
    }

    /**
     * {@code code} with its magic lines blanked out, keeping every offset; for a cell magic, its
     * first line (the body is Java for {@code %%time} and {@code %%trace}).
     */
    static String withoutMagics(String code) {
        ParsedCell cell = MagicParser.parse(code);
        String[] lines = code.split("\n", -1);
        if (cell.cellMagic() != null) {
            int first = 0;
            while (lines[first].isBlank()) first++;
            lines[first] = " ".repeat(lines[first].length());
        } else {
            for (MagicLine part : cell.parts()) {
                if (!part.isCode()) lines[part.firstLine() - 1] = " ".repeat(lines[part.firstLine() - 1].length());
            }
        }
        return String.join("\n", lines);
    }
}
