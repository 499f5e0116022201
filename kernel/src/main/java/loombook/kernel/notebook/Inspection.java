package loombook.kernel.notebook;

import java.util.Map;

/**
 * Help for what is under the cursor (Jupyter's inspect, shift-tab): renderings by MIME type.
 *
 * @param found whether there was anything to say
 * @param data the help by MIME type ({@code text/plain}, with ANSI bold for signatures)
 */
public record Inspection(boolean found, Map<String, Object> data) {
    /** Nothing to say. */
    public static Inspection none() {
        return new Inspection(false, Map.of());
    }
}
