package loombook.kernel.notebook;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which cell showed each display id, so that an update goes out as that cell's output, with its
 * request as parent, whichever cell or process asks for it. VS Code applies an
 * {@code update_display_data} only under the cell its parent names (and only to the last output
 * shown with that id); JupyterLab and classic Notebook follow the id wherever it is. A handle
 * updated from a later cell ({@code h.update(x)} in cell 5 for {@code var h = display(...)} of
 * cell 3) therefore updates cell 3 in every frontend.
 *
 * <p>The ids of the last {@value #KEPT} displays are kept; an older id is forgotten and updating
 * it is an error like an id never shown.
 */
final class DisplayIds {
    static final int KEPT = 20_000;

    private final Map<String, CellOutput> owners = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CellOutput> eldest) {
            return size() > KEPT;
        }
    };

    /** Records that {@code output}'s cell showed {@code displayId} (the latest cell wins). */
    synchronized void shown(String displayId, CellOutput output) {
        owners.put(displayId, output);
    }

    /**
     * The output of the cell that last showed {@code displayId}.
     *
     * @throws IllegalArgumentException if no cell of this kernel showed it (or too long ago)
     */
    synchronized CellOutput owner(String displayId) {
        CellOutput o = owners.get(displayId);
        if (o == null) {
            throw new IllegalArgumentException("no output with display id '" + displayId + "' was shown by this kernel"
                    + " (display(value, \"" + displayId + "\") shows one; the ids of the last " + String.format("%,d", KEPT)
                    + " displays are kept)");
        }
        return o;
    }
}
