package loombook.kernel.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a raw Javadoc comment (as JShell returns it: HTML and inline tags) into plain text for a
 * notebook's help pane: paragraphs reflowed, code examples kept as indented blocks, {@code @param}
 * and friends gathered under headings.
 */
final class JavadocText {
    private static final Pattern INLINE = Pattern.compile("\\{@(\\w+)\\s*([^{}]*(?:\\{[^{}]*}[^{}]*)*)}");
    private static final Pattern TAG = Pattern.compile("<(/?)(\\w+)[^>]*>");
    private static final Pattern BLOCK_TAG = Pattern.compile("^@(\\w+)\\s*(.*)", Pattern.DOTALL);

    private JavadocText() {}

    /** Plain text for {@code javadoc}. */
    static String toText(String javadoc) {
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

        StringBuilder out = new StringBuilder(render(main.toString()).strip());
        List<String> params = new ArrayList<>();
        List<String> other = new ArrayList<>();
        String returns = null;
        for (String b : blocks) {
            Matcher m = BLOCK_TAG.matcher(b);
            if (!m.matches()) continue;
            String tag = m.group(1);
            String raw = m.group(2).strip();
            String text = render(raw).strip().replaceAll("\\s+", " ");
            switch (tag) {
                case "param" -> {
                    String[] nameAndText = raw.split("\\s+", 2);      // the name first: <E> is a type parameter, not HTML
                    String desc = nameAndText.length > 1 ? render(nameAndText[1]).strip().replaceAll("\\s+", " ") : "";
                    params.add("  " + nameAndText[0] + " - " + desc);
                }
                case "return" -> returns = text;
                case "throws", "exception" -> other.add("Throws: " + text.replaceFirst("^(\\S+)\\s*", "$1 - "));
                case "since" -> other.add("Since: " + text);
                case "see" -> other.add("See: " + text);
                case "author", "serial", "serialData", "serialField", "hidden" -> { }
                default -> other.add(capitalize(tag) + ": " + text);
            }
        }
        if (!params.isEmpty()) out.append("\n\nParameters:\n").append(String.join("\n", params));
        if (returns != null) out.append("\n\nReturns: ").append(returns);
        if (!other.isEmpty()) out.append("\n\n").append(String.join("\n", other));
        return out.toString().strip();
    }

    /** Javadoc lines keep the space after the {@code *}; take one off every line. */
    private static String unindent(String s) {
        StringBuilder sb = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            sb.append(line.startsWith(" ") ? line.substring(1) : line).append('\n');
        }
        return sb.toString();
    }

    /** Renders inline tags and HTML; reflows paragraphs; keeps {@code <pre>} blocks as they are. */
    private static String render(String html) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < html.length()) {
            int pre = html.indexOf("<pre", i);
            if (pre < 0) {
                out.append(flow(html.substring(i)));
                break;
            }
            out.append(flow(html.substring(i, pre)));
            int open = html.indexOf('>', pre);
            int close = html.indexOf("</pre>", open);
            if (open < 0 || close < 0) {
                out.append(flow(html.substring(pre)));
                break;
            }
            String code = html.substring(open + 1, close);
            code = code.replaceFirst("^\\s*\\{@code\\s?", "").replaceFirst("}\\s*$", "");
            out.append("\n\n");
            for (String line : entities(code).strip().split("\n")) out.append("    ").append(line).append('\n');
            out.append('\n');
            i = close + "</pre>".length();
        }
        return out.toString().replaceAll("\n{3,}", "\n\n");
    }

    /** Text outside {@code <pre>}: tags out, paragraphs reflowed. */
    private static String flow(String html) {
        String s = inline(html);
        s = s.replaceAll("(?i)<p\\s*/?>|</p>|<br\\s*/?>|</?ul>|</?ol>|</?dl>|</?blockquote>", "\n\n");
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

    private static String inline(String s) {
        Matcher m = INLINE.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String tag = m.group(1), arg = m.group(2).strip();
            String text = switch (tag) {
                case "code", "literal" -> arg;
                case "link", "linkplain" -> {
                    int space = arg.indexOf(' ');
                    yield space > 0 ? arg.substring(space + 1).strip() : arg.replaceFirst("^#", "").replace('#', '.');
                }
                case "inheritDoc" -> "";
                default -> arg;
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(text));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String entities(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#64;", "@")
                .replace("&nbsp;", " ").replace("&amp;", "&");
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
