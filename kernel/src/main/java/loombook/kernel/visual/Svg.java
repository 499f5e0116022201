package loombook.kernel.visual;

import java.util.Locale;

/**
 * A small SVG writer for the diagrams: self-contained output (presentation attributes only, no
 * {@code <style>}, no ids, no fonts or scripts from outside), so that a diagram looks the same
 * inline in classic Notebook and nbconvert HTML, as an image in JupyterLab and VS Code, and next
 * to other diagrams on the same page. Every text goes through {@link #escape}.
 */
final class Svg {
    static final String MONO = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace";
    static final String SANS = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif";
    /** Width of one monospace character per pixel of font size (0.6 for the usual faces, a little spare). */
    static final double MONO_WIDTH = 0.62;

    // colours: a light card that reads the same in light and dark themes
    static final String BG = "#ffffff";
    static final String BORDER = "#d0d7de";
    static final String INK = "#1f2328";
    static final String MUTED = "#656d76";
    static final String FAINT = "#8c959f";
    static final String BLUE = "#0969da";
    static final String PURPLE = "#8250df";
    static final String RED = "#cf222e";
    static final String ORANGE = "#bc4c00";
    static final String GREEN = "#1a7f37";
    static final String AMBER = "#9a6700";
    static final String BOX = "#f6f8fa";
    static final String ROOT_BOX = "#ddf4ff";
    static final String ROOT_BORDER = "#54aeff";

    private final StringBuilder sb = new StringBuilder(4096);

    private Svg() {}

    /** Starts a document of the given size on a rounded card with a border. */
    static Svg document(double width, double height, String title) {
        Svg s = new Svg();
        s.sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(n(width))
                .append("\" height=\"").append(n(height)).append("\" viewBox=\"0 0 ").append(n(width)).append(' ').append(n(height))
                .append("\" font-family=\"").append(escape(SANS)).append("\" font-size=\"12\" role=\"img\" aria-label=\"")
                .append(escape(title)).append("\">");
        s.sb.append("<title>").append(escape(title)).append("</title>");
        s.rect(0.5, 0.5, width - 1, height - 1, 6, BG, BORDER, 1, null);
        return s;
    }

    String end() {
        return sb.append("</svg>").toString();
    }

    Svg raw(String xml) {
        sb.append(xml);
        return this;
    }

    Svg rect(double x, double y, double w, double h, double r, String fill, String stroke, double strokeWidth, String dash) {
        sb.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append('"');
        if (r > 0) sb.append(" rx=\"").append(n(r)).append('"');
        sb.append(" fill=\"").append(fill == null ? "none" : fill).append('"');
        if (stroke != null) {
            sb.append(" stroke=\"").append(stroke).append("\" stroke-width=\"").append(n(strokeWidth)).append('"');
            if (dash != null) sb.append(" stroke-dasharray=\"").append(dash).append('"');
        }
        return close();
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, double width, String dash) {
        sb.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append("\" stroke=\"").append(stroke).append("\" stroke-width=\"").append(n(width)).append('"');
        if (dash != null) sb.append(" stroke-dasharray=\"").append(dash).append('"');
        return close();
    }

    Svg path(String d, String fill, String stroke, double width, String dash) {
        sb.append("<path d=\"").append(d).append("\" fill=\"").append(fill == null ? "none" : fill).append('"');
        if (stroke != null) sb.append(" stroke=\"").append(stroke).append("\" stroke-width=\"").append(n(width)).append("\" stroke-linejoin=\"round\" stroke-linecap=\"round\"");
        if (dash != null) sb.append(" stroke-dasharray=\"").append(dash).append('"');
        return close();
    }

    Svg circle(double cx, double cy, double r, String fill, String stroke, double width) {
        sb.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r))
                .append("\" fill=\"").append(fill == null ? "none" : fill).append('"');
        if (stroke != null) sb.append(" stroke=\"").append(stroke).append("\" stroke-width=\"").append(n(width)).append('"');
        return close();
    }

    /** An arrowhead at (x, y) pointing along (dx, dy): filled, or open (two strokes). */
    Svg arrowhead(double x, double y, double dx, double dy, String colour, boolean filled) {
        double len = Math.hypot(dx, dy);
        if (len == 0) return this;
        double ux = dx / len, uy = dy / len;
        double size = 8, half = 4;
        double bx = x - ux * size, by = y - uy * size;
        double lx = bx - uy * half, ly = by + ux * half, rx = bx + uy * half, ry = by - ux * half;
        if (filled) {
            return path("M" + n(x) + "," + n(y) + " L" + n(lx) + "," + n(ly) + " L" + n(rx) + "," + n(ry) + " Z", colour, colour, 1, null);
        }
        return path("M" + n(lx) + "," + n(ly) + " L" + n(x) + "," + n(y) + " L" + n(rx) + "," + n(ry), null, colour, 1.5, null);
    }

    /** A cross centred on (x, y). */
    Svg cross(double x, double y, double half, String colour, double width) {
        line(x - half, y - half, x + half, y + half, colour, width, null);
        return line(x - half, y + half, x + half, y - half, colour, width, null);
    }

    /**
     * Text; {@code anchor} is start, middle or end. With {@code halo}, the text gets an outline in
     * the background colour so that it stays readable where it crosses a line.
     */
    Svg text(double x, double y, String text, String anchor, String fill, double size, boolean mono, boolean bold, boolean halo) {
        sb.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append('"');
        if (!"start".equals(anchor)) sb.append(" text-anchor=\"").append(anchor).append('"');
        sb.append(" fill=\"").append(fill).append('"');
        if (size != 12) sb.append(" font-size=\"").append(n(size)).append('"');
        if (mono) sb.append(" font-family=\"").append(escape(MONO)).append('"');
        if (bold) sb.append(" font-weight=\"600\"");
        if (halo) sb.append(" stroke=\"").append(BG).append("\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"");
        sb.append('>').append(escape(text)).append("</text>");
        return this;
    }

    /** Opens a group with a tooltip (the {@code <title>} a browser shows on hover). */
    Svg group(String tooltip) {
        sb.append("<g>");
        if (tooltip != null) sb.append("<title>").append(escape(tooltip)).append("</title>");
        return this;
    }

    Svg groupEnd() {
        sb.append("</g>");
        return this;
    }

    private Svg close() {
        sb.append("/>");
        return this;
    }

    /** How wide {@code text} is in the monospace face at {@code size}. */
    static double monoWidth(String text, double size) {
        return text.codePointCount(0, text.length()) * size * MONO_WIDTH;
    }

    /** How wide {@code text} is, about, in the sans-serif face at {@code size}. */
    static double sansWidth(String text, double size) {
        return text.codePointCount(0, text.length()) * size * 0.6;
    }

    /** {@code text} escaped for XML text and attribute values; characters XML 1.0 forbids are dropped. */
    static String escape(String text) {
        if (text == null) return "null";
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\t', '\n', '\r' -> out.append(' ');
                default -> {
                    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) out.append('?');
                    else if (Character.isSurrogate(c)) {
                        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                            out.append(c).append(text.charAt(++i));
                        } else {
                            out.append('?');
                        }
                    } else out.append(c);
                }
            }
        }
        return out.toString();
    }

    /** {@code text} cut to {@code max} characters with an ellipsis. */
    static String shorten(String text, int max) {
        if (text == null) return "null";
        text = text.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
        if (text.codePointCount(0, text.length()) <= max) return text;
        int end = text.offsetByCodePoints(0, Math.max(1, max - 1));
        return text.substring(0, end) + "…";
    }

    static String n(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
