package loombook.kernel.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a raw Javadoc comment (as JShell returns it: HTML and inline tags) into what a notebook's
 * help pane shows: plain text (paragraphs reflowed, code examples kept as indented blocks) and
 * HTML (the comment's own markup, sanitised), with {@code @param} and friends gathered under
 * headings. {@code {@link #reply(Object, Object) reply(value, state)}} shows its label,
 * {@code {@link Process#receive}} shows {@code Process.receive}, {@code {@code x}} is code.
 *
 * <pre>{@code
 * JavadocText.toText("Sends {@code message}; see {@link Process#receive}.");   // Sends message; see Process.receive.
 * }</pre>
 */
final class JavadocText {
    private static final Pattern BLOCK_TAG = Pattern.compile("^@(\\w+)\\s*(.*)", Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("<(/?)([A-Za-z][A-Za-z0-9]*)\\b[^>]*?(/?)>");
    private static final Pattern ENTITY = Pattern.compile("&(#\\d+|#x[0-9a-fA-F]+|[A-Za-z]+);");
    /** The HTML elements kept in the HTML rendering (without their attributes); others become text. */
    private static final Set<String> KEPT = Set.of("p", "ul", "ol", "li", "b", "i", "em", "strong", "code", "br", "dl", "dt",
            "dd", "table", "thead", "tbody", "tr", "td", "th", "blockquote", "sup", "sub", "h2", "h3", "h4", "h5", "h6", "var", "tt");

    private JavadocText() {}

    /** Plain text for {@code javadoc}. */
    static String toText(String javadoc) {
        return render(javadoc, false);
    }

    /** HTML for {@code javadoc}: only the markup that help panes need, nothing active. */
    static String toHtml(String javadoc) {
        return render(javadoc, true);
    }

    private static String render(String javadoc, boolean html) {
        if (javadoc == null || javadoc.isBlank()) return "";
        String body = unindent(javadoc);
        // split off the block tags (@param, @return...) that start lines
        List<String> blocks = new ArrayList<>();
        StringBuilder main = new StringBuilder();
        StringBuilder current = null;
        boolean inPre = false;
        for (String line : body.split("\n", -1)) {
            if (line.contains("<pre")) inPre = true;
            if (!inPre && line.strip().startsWith("@") && BLOCK_TAG.matcher(line.strip()).matches()) {
                if (current != null) blocks.add(current.toString());
                current = new StringBuilder(line.strip());
            } else if (current != null) {
                current.append('\n').append(line);
            } else {
                main.append(line).append('\n');
            }
            if (line.contains("</pre>")) inPre = false;
        }
        if (current != null) blocks.add(current.toString());

        List<String[]> params = new ArrayList<>();
        List<String[]> other = new ArrayList<>();
        String returns = null;
        for (String b : blocks) {
            Matcher m = BLOCK_TAG.matcher(b);
            if (!m.matches()) continue;
            String tag = m.group(1);
            String raw = m.group(2).strip();
            switch (tag) {
                case "param" -> {
                    String[] nameAndText = raw.split("\\s+", 2);      // the name first: <E> is a type parameter, not HTML
                    params.add(new String[] {nameAndText[0], nameAndText.length > 1 ? inlineBlock(nameAndText[1], html) : ""});
                }
                case "return" -> returns = inlineBlock(raw, html);
                case "throws", "exception" -> {
                    String[] typeAndText = raw.split("\\s+", 2);
                    other.add(new String[] {"Throws", code(typeAndText[0], html) + (typeAndText.length > 1 ? " - " + inlineBlock(typeAndText[1], html) : "")});
                }
                case "see" -> other.add(new String[] {"See", raw.startsWith("<") || raw.startsWith("\"") ? inlineBlock(raw, html) : code(reference(raw).label(), html)});
                case "author", "serial", "serialData", "serialField", "hidden" -> { }
                default -> other.add(new String[] {capitalize(tag), inlineBlock(raw, html)});
            }
        }
        return html ? assembleHtml(main.toString(), params, returns, other) : assembleText(main.toString(), params, returns, other);
    }

    private static String assembleText(String main, List<String[]> params, String returns, List<String[]> other) {
        StringBuilder out = new StringBuilder(text(main).strip());
        if (!params.isEmpty()) {
            out.append("\n\nParameters:");
            for (String[] p : params) out.append("\n  ").append(p[0]).append(" - ").append(p[1]);
        }
        if (returns != null) out.append("\n\nReturns: ").append(returns);
        if (!other.isEmpty()) {
            out.append("\n");
            for (String[] o : other) out.append("\n").append(o[0]).append(": ").append(o[1]);
        }
        return out.toString().strip();
    }

    private static String assembleHtml(String main, List<String[]> params, String returns, List<String[]> other) {
        StringBuilder out = new StringBuilder(html(main).strip());
        if (params.isEmpty() && returns == null && other.isEmpty()) return out.toString();
        out.append("\n<dl>");
        if (!params.isEmpty()) {
            out.append("<dt>Parameters:</dt>");
            for (String[] p : params) out.append("<dd><code>").append(escape(p[0])).append("</code> - ").append(p[1]).append("</dd>");
        }
        if (returns != null) out.append("<dt>Returns:</dt><dd>").append(returns).append("</dd>");
        for (String[] o : other) out.append("<dt>").append(o[0]).append(":</dt><dd>").append(o[1]).append("</dd>");
        return out.append("</dl>").toString();
    }

    /** A block tag's text, on one line. */
    private static String inlineBlock(String raw, boolean html) {
        return html ? sanitize(inline(raw, true)).strip().replaceAll("\\s+", " ") : text(raw).strip().replaceAll("\\s+", " ");
    }

    private static String code(String s, boolean html) {
        return html ? "<code>" + escape(s) + "</code>" : s;
    }

    /** Javadoc lines keep the space after the {@code *}; take one off every line. */
    private static String unindent(String s) {
        StringBuilder sb = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            sb.append(line.startsWith(" ") ? line.substring(1) : line).append('\n');
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ plain text

    /** Renders inline tags and HTML as text; reflows paragraphs; keeps {@code <pre>} blocks, indented. */
    private static String text(String source) {
        StringBuilder out = new StringBuilder();
        for (Part p : parts(source)) {
            if (p.pre()) {
                out.append("\n\n");
                for (String line : p.text().strip().split("\n")) out.append("    ").append(line).append('\n');
                out.append('\n');
            } else {
                out.append(flow(p.text()));
            }
        }
        return out.toString().replaceAll("\n{3,}", "\n\n");
    }

    /** Text outside {@code <pre>}: tags out, paragraphs reflowed. */
    private static String flow(String source) {
        String s = inline(source, false);
        s = s.replaceAll("(?i)<p\\s*/?>|</p>|<br\\s*/?>|</?ul>|</?ol>|</?dl>|</?blockquote>|</?table>|</?tr>", "\n\n");
        s = s.replaceAll("(?i)<li>", "\n\n- ").replaceAll("(?i)<dt>", "\n\n").replaceAll("(?i)<dd>", "\n  ");
        s = TAG.matcher(s).replaceAll("");
        s = entities(s);
        StringBuilder out = new StringBuilder();
        for (String para : s.split("\n\\s*\n")) {
            String p = para.strip().replaceAll("\\s+", " ");
            if (!p.isEmpty()) out.append(p).append("\n\n");
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ HTML

    /** The comment as sanitised HTML; {@code <pre>} blocks keep their lines. */
    private static String html(String source) {
        StringBuilder out = new StringBuilder();
        for (Part p : parts(source)) {
            if (p.pre()) out.append("<pre>").append(escape(p.text().strip())).append("</pre>\n");
            else out.append(sanitize(inline(p.text(), true)));
        }
        return out.toString();
    }

    /**
     * Keeps the elements of {@link #KEPT} (without attributes) and known entities; every other
     * {@code <} and {@code &} becomes text.
     */
    private static String sanitize(String html) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        Matcher tag = TAG.matcher(html);
        Matcher entity = ENTITY.matcher(html);
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<' && tag.find(i) && tag.start() == i) {
                String name = tag.group(2).toLowerCase(Locale.ROOT);
                if (KEPT.contains(name)) out.append('<').append(tag.group(1)).append(name).append(name.equals("br") ? "/" : "").append('>');
                i = tag.end();
            } else if (c == '&' && entity.find(i) && entity.start() == i) {
                out.append(entity.group());
                i = entity.end();
            } else {
                out.append(c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : String.valueOf(c));
                i++;
            }
        }
        return out.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    // ------------------------------------------------------------------ shared

    /**
     * A stretch of the comment: prose (HTML with inline tags), or the code of a {@code <pre>} block
     * (its {@code {@code ...}} unwrapped and its entities decoded: plain code).
     */
    private record Part(String text, boolean pre) {}

    private static List<Part> parts(String source) {
        List<Part> out = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            int pre = source.indexOf("<pre", i);
            int open = pre < 0 ? -1 : source.indexOf('>', pre);
            int close = open < 0 ? -1 : source.indexOf("</pre>", open);
            if (close < 0) {
                out.add(new Part(source.substring(i), false));
                break;
            }
            out.add(new Part(source.substring(i, pre), false));
            String code = source.substring(open + 1, close);
            String stripped = code.strip();
            if (stripped.startsWith("{@code")) {
                int end = closingBrace(stripped, 0);
                code = stripped.substring("{@code".length(), end < 0 ? stripped.length() : end);
                if (code.startsWith(" ") || code.startsWith("\n")) code = code.substring(1);
            } else {
                code = entities(TAG.matcher(code).replaceAll(""));
            }
            out.add(new Part(code, true));
            i = close + "</pre>".length();
        }
        return out;
    }

    /**
     * Replaces the inline tags of {@code s} ({@code {@code}}, {@code {@link}}, {@code {@literal}}...),
     * whose content may hold balanced braces, by their text, or for HTML by their markup.
     */
    private static String inline(String s, boolean html) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int at = s.indexOf("{@", i);
            if (at < 0) {
                sb.append(s, i, s.length());
                break;
            }
            int end = closingBrace(s, at);
            if (end < 0) {
                sb.append(s, i, s.length());
                break;
            }
            sb.append(s, i, at);
            int nameEnd = at + 2;
            while (nameEnd < end && Character.isLetter(s.charAt(nameEnd))) nameEnd++;
            String tag = s.substring(at + 2, nameEnd);
            String arg = s.substring(nameEnd, end).strip();
            // escaped in both renderings: text drops the tags of the comment and decodes entities after this
            sb.append(switch (tag) {
                case "code" -> html ? "<code>" + escape(arg) + "</code>" : escape(arg);
                case "literal" -> escape(arg);
                case "link" -> html ? "<code>" + escape(reference(arg).label()) + "</code>" : escape(reference(arg).label());
                case "linkplain", "value" -> escape(reference(arg).label());
                case "inheritDoc" -> "";
                default -> html ? inline(arg, true) : inline(arg, false);      // {@summary ...}, {@index ...}
            });
            i = end + 1;
        }
        return sb.toString();
    }

    /** The index of the brace that closes the one at {@code open}, or -1. */
    private static int closingBrace(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') depth++;
            else if (c == '}' && --depth == 0) return i;
        }
        return -1;
    }

    /**
     * A {@code {@link}} target and its label: the reference runs to the first space outside
     * parentheses ({@code #reply(Object, Object) reply(value, state)}); without a label it shows as
     * {@code Process.receive} or {@code reply(Object, Object)}.
     */
    record Reference(String target, String label) {}

    static Reference reference(String arg) {
        int depth = 0;
        int i = 0;
        for (; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (Character.isWhitespace(c) && depth <= 0) break;
        }
        String target = arg.substring(0, i);
        String label = arg.substring(i).strip();
        if (label.isEmpty()) label = target.startsWith("#") ? target.substring(1) : target.replace('#', '.');
        return new Reference(target, label);
    }

    private static String entities(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#64;", "@")
                .replace("&nbsp;", " ").replace("&amp;", "&");
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
