package loombook.kernel.display;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        return show(Renderers.standard().renderOrText(value), newId());
    }

    /**
     * Shows {@code value} as the requested MIME types only, IJava's and JJava's
     * {@code display(Object, String...)}: a string is taken as the content of each type it is
     * asked for (and its plain text, unquoted); any other value keeps the renderings it has of
     * those types. {@code text/plain} is always there too. A type that the value cannot be shown as is an
     * {@link IllegalArgumentException} that names the types it has; so is a string that is not a
     * MIME type.
     *
     * <pre>{@code
     * display("<b>bold</b>", "text/html");
     * var h = display("*0 of 3*", "text/markdown");
     * updateDisplay(h, "*3 of 3*", "text/markdown");
     * }</pre>
     */
    public static DisplayHandle display(Object value, String... mimeTypes) {
        return show(renderAs(value, mimeTypes, "display"), newId());
    }

    /**
     * Shows {@code value} with the given display id (outputs with the same id update together), or,
     * when the string is a MIME type, as that type: IJava's {@code display(value, "text/html")}. A
     * MIME type has a {@code /} ({@code type/subtype}); a display id has none (Loombook's and
     * IJava's are hexadecimal).
     *
     * <pre>{@code
     * display("<b>bold</b>", "text/html");     // text/html
     * display("again", h.id());                // a second output that h.update(...) changes too
     * }</pre>
     */
    public static DisplayHandle display(Object value, String displayIdOrMimeType) {
        Objects.requireNonNull(displayIdOrMimeType, "display: the display id (or MIME type) is null");
        if (displayIdOrMimeType.indexOf('/') >= 0) return display(value, new String[] {displayIdOrMimeType});
        return show(Renderers.standard().renderOrText(value), displayIdOrMimeType);
    }

    private static DisplayHandle show(MimeBundle bundle, String displayId) {
        sink().display(bundle, displayId, false);
        return new DisplayHandle(displayId);
    }

    /**
     * Replaces the outputs shown with {@code displayId} by {@code value}, as the requested MIME
     * types if any are given (see {@link #display(Object, String...)}).
     */
    public static void updateDisplay(String displayId, Object value, String... mimeTypes) {
        Objects.requireNonNull(displayId, "updateDisplay: the display id is null");
        sink().display(renderAs(value, mimeTypes, "updateDisplay"), displayId, true);
    }

    /** Replaces the output of {@code handle} by {@code value}, as the requested MIME types if any are given. */
    public static void updateDisplay(DisplayHandle handle, Object value, String... mimeTypes) {
        Objects.requireNonNull(handle, "updateDisplay: the display handle is null");
        updateDisplay(handle.id(), value, mimeTypes);
    }

    /** {@code value} rendered as {@code mimeTypes} (all its renderings when there are none), for the messages of {@code caller}. */
    static MimeBundle renderAs(Object value, String[] mimeTypes, String caller) {
        MimeBundle all = Renderers.standard().renderOrText(value);
        if (mimeTypes == null || mimeTypes.length == 0) return all;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text/plain", value instanceof CharSequence text ? text.toString() : all.plainText());
        List<String> missing = new ArrayList<>();
        for (String type : mimeTypes) {
            if (type == null || !type.matches("[\\w.+-]+/[\\w.+-]+")) {
                throw new IllegalArgumentException(caller + "(value, " + (type == null ? "null" : "\"" + type + "\"")
                        + "): the strings after the value are MIME types, like \"text/html\" or \"text/markdown\""
                        + (caller.equals("display") ? " (a single one without a '/' is a display id); to change an output later, keep what"
                                + " display(...) returns: var h = display(value); h.update(newValue)" : ""));
            }
            if (value instanceof CharSequence text && !type.equals("text/plain")) data.put(type, text.toString());
            else if (all.data().containsKey(type)) data.put(type, all.data().get(type));
            else missing.add(type);
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(caller + ": " + (value == null ? "null" : "a " + value.getClass().getSimpleName()) + " cannot be shown as " + String.join(", ", missing)
                    + "; it can be shown as " + String.join(", ", all.data().keySet())
                    + " (a string can be shown as any type: display(\"<b>hi</b>\", \"text/html\"))");
        }
        return new MimeBundle(data, all.metadata());
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
