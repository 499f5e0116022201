package loombook.kernel.display;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A value rendered for Jupyter: the same thing in several formats, keyed by MIME type
 * ({@code text/plain} always, often {@code text/html}, {@code image/svg+xml}...), plus metadata.
 * The frontend shows the richest format it can. A bundle displayed in a cell is shown as it is.
 *
 * <pre>{@code
 * display(MimeBundle.html("<b>bold</b>", "bold"));
 * }</pre>
 *
 * @param data the renderings by MIME type, in insertion order
 * @param metadata per-type or general metadata (often empty)
 */
public record MimeBundle(Map<String, Object> data, Map<String, Object> metadata) {
    /** Copies the maps; {@code text/plain} is required. */
    public MimeBundle {
        Objects.requireNonNull(data, "data");
        if (!data.containsKey("text/plain")) throw new IllegalArgumentException("a bundle needs a text/plain rendering");
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata == null ? Map.of() : metadata));
    }

    /** Plain text only. */
    public static MimeBundle text(String text) {
        return new MimeBundle(Map.of("text/plain", text), Map.of());
    }

    /** HTML, with {@code text} for frontends that show only text. */
    public static MimeBundle html(String html, String text) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("text/plain", text);
        d.put("text/html", html);
        return new MimeBundle(d, Map.of());
    }

    /** This bundle with one more rendering. */
    public MimeBundle with(String mimeType, Object rendering) {
        Map<String, Object> d = new LinkedHashMap<>(data);
        d.put(mimeType, rendering);
        return new MimeBundle(d, metadata);
    }

    /** The plain-text rendering. */
    public String plainText() {
        return String.valueOf(data.get("text/plain"));
    }
}
