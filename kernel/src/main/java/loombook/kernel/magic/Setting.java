package loombook.kernel.magic;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A setting that {@code %settings} shows and changes: the runtime's budget and limits
 * ({@code Node.*}, the same values cells read and set through the runtime API) and the kernel's own.
 * The kernel adds its settings with {@link #register}; they are global, like the runtime's.
 *
 * @param name the name, as typed after {@code %settings}
 * @param meaning what it sets, in a few words
 * @param get its current value, as text
 * @param set changes it from text; throws {@link IllegalArgumentException} with a message for the
 *            learner if the text is not a value it takes
 */
public record Setting(String name, String meaning, Supplier<String> get, Consumer<String> set) {
    private static final Map<String, Setting> ALL = new ConcurrentSkipListMap<>(String.CASE_INSENSITIVE_ORDER);

    /** A setting; see the components. */
    public Setting {
        Objects.requireNonNull(name);
        Objects.requireNonNull(meaning);
        Objects.requireNonNull(get);
        Objects.requireNonNull(set);
    }

    /** Adds (or replaces) a setting. */
    public static void register(Setting s) {
        ALL.put(s.name(), s);
    }

    /** Every setting, by name. */
    public static Collection<Setting> all() {
        RuntimeSettings.registerOnce();
        return ALL.values();
    }

    /** The setting called {@code name} (case does not matter), or null. */
    public static Setting named(String name) {
        RuntimeSettings.registerOnce();
        return ALL.get(name);
    }

    /**
     * Changes a setting from its text form {@code NAME=VALUE}, as {@code %settings} and the kernel's
     * start-up settings take it, and returns {@code "name: before -> after"}.
     *
     * <pre>{@code
     * Setting.change("processLimit=50000")     // "processLimit: 524288 -> 50000"
     * }</pre>
     *
     * @throws IllegalArgumentException with a message for the learner: no such setting, no
     *         {@code =}, or a value the setting does not take
     */
    public static String change(String nameEqualsValue) {
        int eq = nameEqualsValue.indexOf('=');
        if (eq < 0) throw new IllegalArgumentException("'" + nameEqualsValue + "' is not NAME=VALUE");
        String name = nameEqualsValue.substring(0, eq).strip();
        Setting s = named(name);
        if (s == null) throw new IllegalArgumentException(noSuchSetting(name));
        String before = s.get().get();
        s.set().accept(nameEqualsValue.substring(eq + 1));
        return s.name() + ": " + before + " -> " + s.get().get();
    }

    /** What to tell someone who asked for a setting that does not exist: the names there are. */
    static String noSuchSetting(String name) {
        return "there is no setting " + name + "; the settings are " + all().stream().map(Setting::name).collect(Collectors.joining(", "));
    }

    /** Parses a whole number for setting {@code name}, with a clear message if it is not one. */
    public static int wholeNumber(String name, String text) {
        try {
            return Integer.parseInt(text.strip().replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes a whole number, not '" + text + "'");
        }
    }

    /** Parses a number for setting {@code name}, with a clear message if it is not one. */
    public static double number(String name, String text) {
        try {
            return Double.parseDouble(text.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes a number, not '" + text + "'");
        }
    }
}
