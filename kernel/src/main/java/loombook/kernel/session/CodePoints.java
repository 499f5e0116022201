package loombook.kernel.session;

/**
 * Jupyter counts cursor positions in Unicode code points (protocol 5.2 and later); Java strings
 * count UTF-16 chars. They differ as soon as a cell holds an emoji or another character outside the
 * Basic Multilingual Plane.
 */
final class CodePoints {
    private CodePoints() {}

    /** The char index of code point {@code cp} in {@code s} (clamped to the string). */
    static int toCharIndex(String s, int cp) {
        int max = s.codePointCount(0, s.length());
        return s.offsetByCodePoints(0, Math.max(0, Math.min(cp, max)));
    }

    /** The code point index of char index {@code i} in {@code s}. */
    static int toCodePoint(String s, int i) {
        return s.codePointCount(0, Math.max(0, Math.min(i, s.length())));
    }
}
