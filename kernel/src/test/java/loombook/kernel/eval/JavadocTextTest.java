package loombook.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void linksWithParameterListsShowTheirLabelOrTheirMember() {
        String raw = " <li>{@link #handleCall}: {@link #reply(Object, Object) reply(value, state)},\n"
                + " {@link #noreply noreply(state)}; answer with a {@link #reply(From, Object)} action\n"
                + " or {@linkplain GenServer#call(Object, Object, long) a call with a timeout}.</li>";
        String text = JavadocText.toText(raw);
        assertEquals("- handleCall: reply(value, state), noreply(state); answer with a reply(From, Object) action or a call with a timeout.", text);
        String html = JavadocText.toHtml(raw);
        assertTrue(html.contains("<code>reply(value, state)</code>"), html);
        assertTrue(html.contains("answer with a <code>reply(From, Object)</code> action"), html);
        assertTrue(html.contains("or a call with a timeout."), html);
        assertFalse(html.contains("{@"), html);
    }

    @Test
    void codeWithBracesAndGenerics() {
        assertEquals("a Map<String, List<int[]>> or new int[] {1, 2}", JavadocText.toText("a {@code Map<String, List<int[]>>} or {@code new int[] {1, 2}}"));
        assertEquals("a <code>Map&lt;String, List&lt;int[]&gt;&gt;</code>", JavadocText.toHtml("a {@code Map<String, List<int[]>>}"));
    }

    @Test
    void htmlKeepsTheCommentsMarkupAndNothingActive() {
        String raw = " Starts a <b>process</b>:\n <pre>{@code\n Pid p = spawn(() -> System.out.println(\"a < b && c\"));\n }</pre>\n"
                + " <p>See <a href=\"https://example.org\" onclick=\"x()\">this</a> and <script>alert(1)</script> &lt;T&gt;.\n"
                + " @param body what it runs, {@code Runnable}\n @throws SystemLimitException past the {@link Node#processLimit() limit}\n";
        String html = JavadocText.toHtml(raw);
        assertTrue(html.contains("Starts a <b>process</b>:"), html);
        assertTrue(html.contains("<pre>Pid p = spawn(() -&gt; System.out.println(&quot;a &lt; b &amp;&amp; c&quot;));</pre>"), html);
        assertTrue(html.contains("<p>See this and alert(1) &lt;T&gt;."), "links and scripts lose their tags, entities stay: " + html);
        assertFalse(html.contains("onclick") || html.contains("<script") || html.contains("href"), html);
        assertTrue(html.contains("<dt>Parameters:</dt><dd><code>body</code> - what it runs, <code>Runnable</code></dd>"), html);
        assertTrue(html.contains("<dt>Throws:</dt><dd><code>SystemLimitException</code> - past the <code>limit</code></dd>"), html);
        String text = JavadocText.toText(raw);
        assertTrue(text.contains("    Pid p = spawn(() -> System.out.println(\"a < b && c\"));"), text);
        assertTrue(text.contains("Throws: SystemLimitException - past the limit"), text);
    }

    @Test
    void references() {
        assertEquals(new JavadocText.Reference("#reply(Object, Object)", "reply(value, state)"), JavadocText.reference("#reply(Object, Object) reply(value, state)"));
        assertEquals("Process.receive", JavadocText.reference("Process#receive").label());
        assertEquals("reply(From, Object)", JavadocText.reference("#reply(From, Object)").label());
    }
}
