package loombook.kernel.visual;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import loombook.kernel.display.Html;
import loombook.kernel.display.MimeBundle;
import loombook.kernel.display.Renderers;

/**
 * A picture of the runtime that a notebook shows: a message sequence diagram, a supervision tree,
 * a save queue, a process table. A cell whose last value is one shows it; {@code display(v)} shows
 * it too. Each has an SVG or HTML rendering (no JavaScript, no network) and a plain-text one, and
 * diagrams also give their source in Mermaid.
 *
 * <p>Loading this class registers it with the {@link Renderers#standard() standard renderers}, so
 * every subclass renders through {@link #toMimeBundle()} wherever values are shown.
 */
public abstract class Visual {
    static {
        Renderers.standard().register(Visual.class, (v, all) -> v.toMimeBundle());
    }

    Visual() {}

    /** The renderings by MIME type (null for a live handle, which shows itself). */
    public abstract MimeBundle toMimeBundle();

    /** The plain-text rendering. */
    public abstract String text();

    /**
     * A diagram's bundle: its SVG as {@code image/svg+xml}; the same SVG as an image in
     * {@code text/html}; its Mermaid source if it has one; and text. Frontends prefer HTML, and
     * the HTML survives where an SVG would not: nbconvert 6.5 to 7.6 strips the elements of an
     * {@code image/svg+xml} output when it writes HTML, and JupyterLab, Notebook 7 and classic
     * Notebook sanitize the HTML of a notebook that is not trusted (one opened from a course
     * repository), which removes inline SVG but keeps an image with a {@code data:} URI
     * (decision record 0401).
     */
    static MimeBundle diagram(String text, String svg, String mermaid) {
        MimeBundle b = MimeBundle.text(text)
                .with("text/html", svgImage(svg, text.lines().findFirst().orElse("diagram")))
                .with("image/svg+xml", svg);
        return mermaid == null ? b : b.with("text/vnd.mermaid", mermaid);
    }

    /**
     * The HTML of a diagram: its SVG as an image with a {@code data:} URI, in a box that scrolls
     * sideways when it is wider than the cell (see {@link #diagram}: untrusted notebooks keep it).
     */
    static String svgImage(String svg, String alt) {
        String img = "<img src=\"data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8))
                + "\" alt=\"" + Html.escape(alt) + "\" style=\"max-width:none\">";
        return "<div style=\"max-width:100%;overflow-x:auto\">" + img + "</div>";
    }

    @Override
    public String toString() {
        return text();
    }
}
