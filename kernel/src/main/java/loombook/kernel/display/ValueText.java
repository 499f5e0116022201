package loombook.kernel.display;

import java.lang.reflect.Array;

/**
 * The plain-text form of a value, as JShell prints it: strings and characters quoted and escaped
 * ({@code "a\tb"}), arrays with their type and length ({@code int[3] { 1, 2, 3 }}), anything else
 * by {@code toString()}. A {@code toString()} that throws is reported, not propagated.
 */
public final class ValueText {
    private static final int MAX_ARRAY = 1000;

    private ValueText() {}

    /** The text of {@code value}. */
    public static String of(Object value) {
        if (value == null) return "null";
        if (value instanceof String s) return quote(s, '"');
        if (value instanceof Character c) return quote(String.valueOf(c), '\'');
        if (value.getClass().isArray()) return array(value);
        try {
            return String.valueOf(value);
        } catch (RuntimeException | StackOverflowError e) {
            String name = value.getClass().getSimpleName().isEmpty() ? value.getClass().getName() : value.getClass().getSimpleName();
            return name + " (its toString() threw " + e + ")";
        }
    }

    private static String array(Object array) {
        Class<?> t = array.getClass();
        int dims = 0;
        while (t.isArray()) {
            t = t.getComponentType();
            dims++;
        }
        int len = Array.getLength(array);
        StringBuilder sb = new StringBuilder(t.getSimpleName()).append('[').append(len).append(']');
        sb.append("[]".repeat(dims - 1)).append(" { ");
        for (int i = 0; i < Math.min(len, MAX_ARRAY); i++) {
            if (i > 0) sb.append(", ");
            sb.append(of(Array.get(array, i)));
        }
        if (len > MAX_ARRAY) sb.append(", ... ").append(len - MAX_ARRAY).append(" more");
        return sb.append(" }").toString();
    }

    private static String quote(String s, char q) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c == q) sb.append('\\').append(c);
                    else if (Character.isISOControl(c)) sb.append(String.format("\\%03o", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append(q).toString();
    }
}
