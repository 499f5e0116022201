package loombook.kernel.visual;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import loombook.GroupLeader;
import loombook.HostProcess;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** Session 8's save queue: mailbox [A, B, C, D], receive C: A and B scanned and saved, C taken, D untouched. */
class SaveQueueTest {
    static <T> T inProcess(java.util.concurrent.Callable<T> body) throws Exception {
        try (HostProcess host = HostProcess.start("notebook", GroupLeader.system())) {
            return host.call(body);
        }
    }

    @Test
    void theSeedsPictureFromARealReceive() throws Exception {
        SaveQueue<String> sq = inProcess(() -> {
            for (String m : List.of("A", "B", "C", "D")) send(self(), m);
            SaveQueue<String> q = Visuals.saveQueue(m -> m.equals("C") ? "handled C" : null);
            assertEquals(List.of("A", "B", "D"), messages(), "the save queue went back in front; D stayed");
            flush();
            return q;
        });
        assertEquals("handled C", sq.result());
        assertEquals("C", sq.taken());
        assertTrue(sq.matched());
        assertEquals(List.of("A", "B", "C", "D"), sq.before());
        assertEquals(List.of("A", "B", "C"), sq.checked());
        assertEquals(List.of("A", "B"), sq.saved());
        assertEquals(List.of("A", "B", "D"), sq.after());
        assertTrue(sq.arrived().isEmpty());
        TraceTest.save("savequeue", sq);

        String text = sq.text();
        assertTrue(text.contains("mailbox before: [\"A\", \"B\", \"C\", \"D\"]"), text);
        assertTrue(text.contains("1. check \"A\": no match -> save queue [\"A\"]"), text);
        assertTrue(text.contains("2. check \"B\": no match -> save queue [\"A\", \"B\"]"), text);
        assertTrue(text.contains("3. check \"C\": match -> taken; the clause returns \"handled C\""), text);
        assertTrue(text.contains("mailbox [\"A\", \"B\", \"D\"] (1 message never looked at)"), text);

        Document doc = Xml.parse(sq.svg());
        List<String> texts = Xml.texts(doc);
        assertTrue(texts.contains("1. check \"A\": no match → save queue"), texts.toString());
        assertTrue(texts.contains("3. check \"C\": match → taken"), texts.toString());
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("taken: \"C\" ⇒ \"handled C\"")), texts.toString());
        // rows: before, three checks, after; each with the mailbox's four boxes (three after)
        assertTrue(Xml.count(doc, "rect") >= 4 * 4 + 3, "boxes drawn");
        assertTrue(sq.svg().contains("#dafbe1"), "a taken box");
        assertTrue(sq.svg().contains("#fff1a8"), "saved boxes");
    }

    @Test
    void aReceiveThatTimesOutSavesEverythingAndPutsItBack() throws Exception {
        SaveQueue<Integer> sq = inProcess(() -> {
            send(self(), "x");
            send(self(), "y");
            SaveQueue<Integer> q = Visuals.saveQueue(m -> m instanceof Integer i ? i : null, 30);
            flush();
            return q;
        });
        assertFalse(sq.matched());
        assertNull(sq.result());
        assertEquals(List.of("x", "y"), sq.saved());
        assertEquals(List.of("x", "y"), sq.after());
        assertTrue(sq.text().contains("no message matched within 30 ms"), sq.text());
        Xml.parse(sq.svg());
    }

    @Test
    void aMessageThatArrivesWhileWaitingIsShown() throws Exception {
        SaveQueue<String> sq = inProcess(() -> {
            send(self(), "early");
            var me = self();
            spawn(() -> {
                sleep(30);
                send(me, "late match");
            });
            return Visuals.saveQueue(m -> m instanceof String s && s.startsWith("late") ? s : null);
        });
        assertEquals("late match", sq.result());
        assertEquals(List.of("late match"), sq.arrived());
        assertEquals(List.of("early"), sq.after());
        Xml.parse(sq.svg());
    }

    @Test
    void playedOnAListWithoutAProcess() throws Exception {
        SaveQueue<String> sq = Visuals.saveQueue(List.of("low", "low", "high", "low"), m -> m.equals("high") ? "H" : null);
        assertEquals("H", sq.result());
        assertEquals(List.of("low", "low"), sq.saved());
        assertEquals(List.of("low", "low", "low"), sq.after());
        String svg = sq.svg();
        Xml.parse(svg);
        assertTrue(sq.text().contains("played on a list"));
    }

    @Test
    void aLongMailboxIsCut() throws Exception {
        List<Object> mailbox = new ArrayList<>();
        for (int i = 0; i < 500; i++) mailbox.add("m" + i);
        mailbox.add("<target & \"quoted\">");
        SaveQueue<Object> sq = Visuals.saveQueue(mailbox, m -> m.toString().startsWith("<") ? m : null);
        assertEquals(500, sq.saved().size());
        String text = sq.text();
        assertTrue(text.contains("... 490 more checks, no match"), text);
        Document doc = Xml.parse(sq.svg());
        assertTrue(Xml.texts(doc).stream().anyMatch(t -> t.contains("490 more checks")), Xml.texts(doc).toString());
        assertTrue(Xml.count(doc, "rect") < 400, "the picture stays small");
        TraceTest.save("savequeue-long", sq);
    }
}
