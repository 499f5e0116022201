package loombook.kernel.notebook;

import java.util.ArrayList;
import java.util.List;
import loombook.kernel.magic.Setting;

/**
 * The {@code %settings} a kernel starts with, given to its JVM as
 * {@code -Dloombook.settings="processLimit=50000 quietAfterMinutes=30"}: how an installer (its
 * {@code --setting NAME=VALUE}) or a teacher's hub sets every kernel of a class alike. They are
 * applied when the notebook is built, after the kernel's own defaults, in the order given.
 */
public final class StartupSettings {
    /** The system property that holds them, {@code NAME=VALUE} words separated by spaces. */
    public static final String PROPERTY = "loombook.settings";

    private StartupSettings() {}

    /**
     * Applies {@code line} ({@code "processLimit=50000 quietAfterMinutes=30"}; null or blank is
     * nothing) and returns what went wrong, one message per word that could not be applied; the
     * others are applied.
     */
    public static List<String> apply(String line) {
        List<String> problems = new ArrayList<>();
        if (line == null || line.isBlank()) return problems;
        Notebook.registerSettings();                            // the kernel's own, beside the runtime's
        for (String word : line.strip().split("\\s+")) {
            try {
                Setting.change(word);
            } catch (IllegalArgumentException e) {
                problems.add(word + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /** The settings of {@link #PROPERTY}, or an empty list if there are none. */
    static List<String> applyFromProperty() {
        return apply(System.getProperty(PROPERTY));
    }
}
