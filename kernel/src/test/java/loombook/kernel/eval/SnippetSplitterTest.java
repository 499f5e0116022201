package loombook.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Comments between snippets are skipped (JShell would keep them for as long as the snippet lives). */
class SnippetSplitterTest {
    @Test
    void whitespaceAndCommentsBetweenSnippetsAreSkipped() {
        String code = "  // a note\n/* a block\n over lines */ \n/** doc */int x = 1; // after\n";
        int first = SnippetSplitter.skipBlankAndComments(code, 0);
        assertEquals("int x = 1;", code.substring(first, first + 10));
        assertEquals(4, SnippetSplitter.lineOf(code, first), "the snippet keeps its line");
        int after = SnippetSplitter.skipBlankAndComments(code, first + 10);
        assertEquals(code.length(), after, "a trailing comment makes no snippet");
    }

    @Test
    void aCommentCharacterInsideCodeOrAnOpenCommentIsNotSkipped() {
        assertEquals(0, SnippetSplitter.skipBlankAndComments("\"//\" + 1", 0));
        assertEquals(0, SnippetSplitter.skipBlankAndComments("x / y", 0));
        assertEquals(1, SnippetSplitter.skipBlankAndComments(" /* never closed", 0), "JShell reports it");
        assertEquals(6, SnippetSplitter.skipBlankAndComments("// a\r\nx", 0), "a line comment ends at \\r too");
    }
}
