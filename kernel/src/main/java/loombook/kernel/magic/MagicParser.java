package loombook.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds magics in a cell. A cell magic is a first line {@code %%name args}. A line magic is a line
 * that starts with {@code %name} (after spaces), outside text blocks and block comments; Java has
 * no statement that starts so. Everything else is Java code, kept with the line it starts at.
 */
public final class MagicParser {
    private static final Pattern LINE_MAGIC = Pattern.compile("^\\s*%([A-Za-z][A-Za-z0-9_]*)(?:\\s+(.*))?\\s*$");
    private static final Pattern CELL_MAGIC = Pattern.compile("^\\s*%%([A-Za-z][A-Za-z0-9_]*)(?:[ \\t]+(.*))?[ \\t]*$");

    private MagicParser() {}

    /** Splits {@code cell} into code and magics. */
    public static ParsedCell parse(String cell) {
        String[] lines = cell.split("\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) first++;
        if (first < lines.length) {
            Matcher m = CELL_MAGIC.matcher(lines[first]);
            if (m.matches()) {
                StringBuilder body = new StringBuilder();
                for (int i = first + 1; i < lines.length; i++) {
                    body.append(lines[i]);
                    if (i < lines.length - 1) body.append('\n');
                }
                // keep line numbers: the body's first line is line first+2 of the cell
                String padded = "\n".repeat(first + 1) + body;
                return new ParsedCell(m.group(1), m.group(2) == null ? "" : m.group(2).strip(), padded, List.of());
            }
        }
        List<MagicLine> parts = new ArrayList<>();
        StringBuilder code = new StringBuilder();
        int codeStart = 1;
        boolean inTextBlock = false, inComment = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher m = LINE_MAGIC.matcher(line);
            if (!inTextBlock && !inComment && m.matches() && !line.strip().startsWith("%%")) {
                if (!code.toString().isBlank()) parts.add(new MagicLine(null, code.toString(), codeStart));
                code.setLength(0);
                parts.add(new MagicLine(m.group(1), m.group(2) == null ? "" : m.group(2).strip(), i + 1));
                codeStart = i + 2;
                continue;
            }
            if (code.isEmpty() && line.isBlank()) {
                codeStart = i + 2;
            } else {
                if (!code.isEmpty()) code.append('\n');
                code.append(line);
            }
            int[] state = scan(line, inTextBlock, inComment);
            inTextBlock = state[0] == 1;
            inComment = state[1] == 1;
        }
        if (!code.toString().isBlank()) parts.add(new MagicLine(null, code.toString(), codeStart));
        return new ParsedCell(null, null, null, parts);
    }

    /** Whether a text block or a block comment is still open after {@code line}. */
    private static int[] scan(String line, boolean textBlock, boolean comment) {
        for (int i = 0; i < line.length(); i++) {
            if (comment) {
                if (line.startsWith("*/", i)) {
                    comment = false;
                    i++;
                }
            } else if (textBlock) {
                if (line.startsWith("\"\"\"", i)) {
                    textBlock = false;
                    i += 2;
                } else if (line.charAt(i) == '\\') {
                    i++;
                }
            } else if (line.startsWith("//", i)) {
                break;
            } else if (line.startsWith("/*", i)) {
                comment = true;
                i++;
            } else if (line.startsWith("\"\"\"", i)) {
                textBlock = true;
                i += 2;
            } else if (line.charAt(i) == '"' || line.charAt(i) == '\'') {
                char q = line.charAt(i);
                i++;
                while (i < line.length() && line.charAt(i) != q) {
                    if (line.charAt(i) == '\\') i++;
                    i++;
                }
            }
        }
        return new int[] {textBlock ? 1 : 0, comment ? 1 : 0};
    }
}
