package loombook.kernel.visual;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import loombook.Exploration;
import loombook.Pid;
import loombook.Races;
import loombook.Schedule;
import loombook.kernel.display.MimeBundle;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The picture of a failing schedule, with its critical choice marked, and its replay, frame by frame. */
class RaceDiagramTest {
    record Get(Pid from) {}
    record Put(int value) {}

    static Pid racy() {
        Pid c = spawn(() -> loop(0, (n, m) -> switch (m) {
            case Get(var from) -> {
                send(from, n);
                yield next(n);
            }
            case Put(var v) -> next(v);
            default -> skip();
        }));
        register("counter", c);
        Runnable increment = () -> {
            send(c, new Get(self()));
            send(c, new Put(receive(Integer.class) + 1));
        };
        spawn(increment);
        spawn(increment);
        return c;
    }

    static boolean two(Pid c) {
        send(c, new Get(self()));
        return receive(Integer.class) == 2;
    }

    @Test
    void aFailingScheduleIsDrawnWithTheChoiceThatMadeItFailMarked() throws Exception {
        Exploration e = Races.explore(RaceDiagramTest::racy, RaceDiagramTest::two);
        RaceDiagram picture = RaceDiagram.of(e);
        SequenceDiagram d = picture.diagram();
        assertNotNull(d);
        assertEquals(1, d.marks().size());
        assertTrue(d.marks().get(0).alert());
        assertTrue(d.marks().get(0).text().contains("the choice that made it fail"), d.marks().get(0).text());
        assertTrue(d.participants().stream().anyMatch(p -> "counter".equals(p.name())), "the counter is named by its registered name");

        MimeBundle b = picture.toMimeBundle();
        String svg = String.valueOf(b.data().get("image/svg+xml"));
        Document doc = Xml.parse(svg);
        List<String> texts = Xml.texts(doc);
        assertTrue(texts.contains("⚑"), "the flag of the mark");
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("⚑ the choice that made it fail")), texts.toString());
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("✗ the check returned false")), texts.toString());
        String html = String.valueOf(b.data().get("text/html"));
        assertTrue(html.contains("Found a failing schedule") && html.contains(e.failure().orElseThrow().trace()), html);
        assertTrue(html.contains("<img src=\"data:image/svg+xml;base64,") && !html.contains("<svg"),
                "the HTML holds the diagram as an image, which untrusted notebooks keep (0401): " + html);
        String text = b.plainText();
        assertTrue(text.contains(">>> the choice that made it fail"), text);
        assertTrue(text.contains("schedule: " + e.failure().orElseThrow().trace()), text);
        assertTrue(String.valueOf(b.data().get("text/vnd.mermaid")).startsWith("sequenceDiagram"));
    }

    @Test
    void aPassingExplorationShowsItsSummaryOnly() {
        Exploration e = Races.explore(() -> {
            Pid me = self();
            spawn(() -> send(me, "hi"));
            return receive(String.class);
        }, s -> s.equals("hi"));
        RaceDiagram picture = RaceDiagram.of(e);
        assertNull(picture.diagram());
        MimeBundle b = picture.toMimeBundle();
        assertFalse(b.data().containsKey("image/svg+xml"));
        assertTrue(b.plainText().startsWith("No failing schedule in"), b.plainText());
    }

    @Test
    void aReplayShowsEachStepWithEveryMailbox() throws Exception {
        Exploration e = Races.explore(RaceDiagramTest::racy, RaceDiagramTest::two);
        Schedule s = e.failure().orElseThrow();
        Replay r = Visuals.replay(e);
        assertEquals(-1, r.position());
        assertTrue(r.frame().caption().startsWith("Before step 1 of " + s.steps().size()));
        boolean sawAMessageWaiting = false;
        for (int k = 0; k < s.steps().size(); k++) {
            ReplayFrame f = r.step();
            assertEquals(k, f.index());
            assertTrue(f.caption().startsWith("Step " + (k + 1) + " of " + s.steps().size() + ": "), f.caption());
            Document doc = Xml.parse(f.diagram().svg());
            if (!f.diagram().marks().isEmpty()) assertEquals(k == s.critical(), f.diagram().marks().get(0).alert());
            for (var box : f.mailboxes().values()) sawAMessageWaiting |= !box.isEmpty();
            if (!f.mailboxes().isEmpty()) {
                assertTrue(Xml.texts(doc).contains("mailbox"), "a box under each column: " + Xml.texts(doc));
                assertTrue(f.text().contains("mailbox:"), f.text());
            }
        }
        assertTrue(sawAMessageWaiting, "some step leaves a message waiting in a mailbox");
        assertEquals(s.steps().size() - 1, r.step().index(), "stays at the last step");
        assertTrue(r.frame().caption().contains("That is the last step: ✗"), r.frame().caption());
        assertEquals(s.critical(), r.toCritical().index());
        assertTrue(r.toCritical().critical());
        assertEquals(s.critical() - 1, r.back().index());
        assertEquals(0, r.at(0).index());
        assertEquals(-1, r.back().index());
    }

    @Test
    void aReplayNeedsAFailingSchedule() {
        Exploration e = Races.explore(() -> null, x -> true);
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Visuals.replay(e));
        assertTrue(x.getMessage().contains("found no failing schedule"), x.getMessage());
    }
}
