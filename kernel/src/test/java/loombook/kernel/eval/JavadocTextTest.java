package loombook.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JavadocTextTest {
    @Test
    void rendersTagsParagraphsCodeBlocksAndBlockTags() {
        String raw = " Sends {@code message} to {@link Pid pid}; see {@link Process#receive}.\n <p>\n Never blocks.\n"
                + " <pre>{@code\n send(p, \"hi\");\n }</pre>\n @param <T> the type\n @param to where &amp; whom\n @return nothing\n @since 1\n";
        assertEquals("""
                Sends message to pid; see Process.receive.

                Never blocks.

                    send(p, "hi");

                Parameters:
                  <T> - the type
                  to - where & whom

                Returns: nothing

                Since: 1""", JavadocText.toText(raw));
    }
}
