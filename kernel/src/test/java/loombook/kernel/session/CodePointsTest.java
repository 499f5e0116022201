package loombook.kernel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CodePointsTest {
    @Test
    void jupyterCountsCodePointsJavaCountsChars() {
        String s = "\"😀\" + Str";
        assertEquals(s.length(), CodePoints.toCharIndex(s, s.codePointCount(0, s.length())));
        assertEquals(2, s.indexOf('"', 1) - 1, "the emoji is two chars");
        assertEquals(3, CodePoints.toCharIndex(s, 2), "code point 2 (the closing quote) is char 3");
        assertEquals(2, CodePoints.toCodePoint(s, 3));
        assertEquals(s.codePointCount(0, s.length()), CodePoints.toCodePoint(s, 99));
    }
}
