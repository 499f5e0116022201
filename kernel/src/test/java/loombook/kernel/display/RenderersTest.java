package loombook.kernel.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RenderersTest {
    record Temperature(double celsius) {}

    record Custom(int x) {
        @Override
        public String toString() {
            return "custom " + x;
        }
    }

    interface Shape {}

    record Square(int side) implements Shape {}

    @Test
    void theMostSpecificRegistrationWinsAndInterfacesCount() {
        Renderers r = new Renderers();
        r.register(Object.class, (v, all) -> MimeBundle.text("object"));
        r.register(Shape.class, (v, all) -> MimeBundle.text("a shape"));
        assertEquals("a shape", r.render(new Square(2)).plainText());
        r.register(Square.class, (v, all) -> MimeBundle.text("square " + v.side()));
        assertEquals("square 2", r.render(new Square(2)).plainText());
        assertEquals("object", r.render(3).plainText());
    }

    @Test
    void aFailingRendererFallsBackToText() {
        Renderers r = new Renderers();
        r.register(Temperature.class, (v, all) -> {
            throw new IllegalStateException("bad renderer");
        });
        String text = r.render(new Temperature(20)).plainText();
        assertTrue(text.startsWith("Temperature[celsius=20.0]") && text.contains("bad renderer"), text);
    }

    @Test
    void standardRenderingOfValuesRecordsAndHandles() {
        Renderers s = Renderers.standard();
        assertEquals("\"a\\\"b\\n\"", s.render("a\"b\n").plainText());
        assertEquals("'x'", s.render('x').plainText());
        assertEquals("int[3] { 1, 2, 3 }", s.render(new int[] {1, 2, 3}).plainText());
        assertEquals("null", s.render(null).plainText());
        MimeBundle rec = s.render(new Temperature(21.5));
        assertEquals("Temperature[celsius=21.5]", rec.plainText());
        assertTrue(String.valueOf(rec.data().get("text/html")).contains("celsius=</code>"));
        MimeBundle own = s.render(new Custom(3));
        assertEquals("custom 3", own.plainText());
        assertNull(own.data().get("text/html"), "a record with its own toString is shown by it");
        assertNull(s.render(new DisplayHandle("id")));
        assertEquals("<b>x</b>", s.render(Display.html("<b>x</b>")).data().get("text/html"));
        assertTrue(s.render(new ProcessTable(List.of())).plainText().endsWith("0 processes"));
    }

    @Test
    void htmlIsEscaped() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", Html.escape("<a href=\"x\">&'"));
    }
}
