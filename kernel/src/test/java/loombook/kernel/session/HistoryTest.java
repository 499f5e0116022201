package loombook.kernel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HistoryTest {
    @Test
    void tailRangeAndSearch() {
        History h = new History();
        h.add(1, "int a = 1;", null);
        h.add(2, "a + 1", "2");
        h.add(3, "spawn(() -> {})", "#PID<0.3.0>");
        h.add(4, "a + 1", "2");
        assertEquals(2, h.tail(2, false).size());
        assertEquals("spawn(() -> {})", h.tail(2, false).getFirst().getInput());
        assertEquals(2, h.range(2, 4, true).size());
        assertEquals("2", h.range(2, 3, true).getFirst().getOutput());
        assertEquals(2, h.search("a*", 10, false, false).size());
        assertEquals(1, h.search("a + ?", 10, true, false).size(), "unique");
        assertEquals(4, h.search("a + ?", 10, true, false).getFirst().getCellNumber(), "the latest of the duplicates");
    }
}
