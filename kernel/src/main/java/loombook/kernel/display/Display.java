package loombook.kernel.display;

import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Rich output from code in a cell: every cell imports these methods, so a cell writes
 * {@code display(pid)} or {@code display(html("<b>hi</b>"))}. Values are rendered by the
 * {@link Renderers#standard() standard renderers}; output goes to the cell that owns the calling
 * thread (for a process, the cell that spawned it, even after that cell has finished).
 *
 * <pre>{@code
 * DisplayHandle progress = display("0 of 3");
 * for (int i = 1; i <= 3; i++) { sleep(500); progress.update(i + " of 3"); }
 * }</pre>
 */
public final class Display {
    private static volatile Supplier<DisplaySink> sinks = () -> null;

    private Display() {}

    /**
     * Shows {@code value} as a new output of the current cell and returns a handle to update it.
     * Throws {@link IllegalStateException} outside a notebook.
     */
    public static DisplayHandle display(Object value) {
        return display(value, newId());
    }

    /** Shows {@code value} with the given display id (outputs with the same id update together). */
    public static DisplayHandle display(Object value, String displayId) {
        Objects.requireNonNull(displayId, "displayId");
        MimeBundle bundle = Renderers.standard().renderOrText(value);
        sink().display(bundle, displayId, false);
        return new DisplayHandle(displayId);
    }

    /** Replaces the outputs shown with {@code displayId} by {@code value}. */
    public static void updateDisplay(String displayId, Object value) {
        Objects.requireNonNull(displayId, "displayId");
        sink().display(Renderers.standard().renderOrText(value), displayId, true);
    }

    /** Replaces the output of {@code handle} by {@code value}. */
    public static void updateDisplay(DisplayHandle handle, Object value) {
        updateDisplay(handle.id(), value);
    }

    /** A value that displays as the given HTML. */
    public static MimeBundle html(String html) {
        return MimeBundle.html(html, html.replaceAll("<[^>]*>", ""));
    }

    /** A value that displays as the given Markdown. */
    public static MimeBundle markdown(String markdown) {
        return MimeBundle.text(markdown).with("text/markdown", markdown);
    }

    /** A value that displays as the given SVG image. */
    public static MimeBundle svg(String svg) {
        return MimeBundle.text("[SVG image]").with("image/svg+xml", svg);
    }

    /**
     * Sets how the sink for the calling thread is found. The notebook installs this once; it is not
     * for cells.
     */
    public static void sinks(Supplier<DisplaySink> resolver) {
        sinks = Objects.requireNonNull(resolver);
    }

    private static DisplaySink sink() {
        DisplaySink s = sinks.get();
        if (s == null) throw new IllegalStateException("display(...) shows output in a Loombook notebook, and this code does not run in one");
        return s;
    }

    private static String newId() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }
}
