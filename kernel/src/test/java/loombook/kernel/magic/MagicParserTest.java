package loombook.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class MagicParserTest {
    @Test
    void aCellMagicTakesTheRestOfTheCellKeepingLineNumbers() {
        ParsedCell c = MagicParser.parse("%%time  \nint x = 1;\nx");
        assertEquals("time", c.cellMagic());
        assertEquals("", c.cellMagicArgs());
        assertEquals("\nint x = 1;\nx", c.cellMagicBody());
    }

    @Test
    void lineMagicsSplitTheCodeAndKeepTheirLines() {
        ParsedCell c = MagicParser.parse("int a = 1;\n%maven org.x:y:1  \n\nint b = a;\n%lsmagic");
        assertNull(c.cellMagic());
        assertEquals(List.of(new MagicLine(null, "int a = 1;", 1), new MagicLine("maven", "org.x:y:1", 2),
                new MagicLine(null, "int b = a;", 4), new MagicLine("lsmagic", "", 5)), c.parts());
    }

    @Test
    void percentInsideTextBlocksCommentsAndExpressionsIsJava() {
        String code = "String s = \"\"\"\n%notmagic\n\"\"\";\n/*\n%alsonot\n*/\nint r = 7\n% 3;";
        ParsedCell c = MagicParser.parse(code);
        assertEquals(1, c.parts().size());
        assertNull(c.parts().getFirst().magic());
    }

    @Test
    void codeAfterBlankLinesStartsAtItsOwnLine() {
        ParsedCell c = MagicParser.parse("\n\n  x + 1");
        assertEquals(new MagicLine(null, "  x + 1", 3), c.parts().getFirst());
    }
}
