package loombook.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An interrupt that found no cell stops the one cell sent before it, and no other. */
class EarlyInterruptsTest {
    private static JsonObject dated(String date) {
        JsonObject h = new JsonObject();
        if (date != null) h.addProperty("date", date);
        return h;
    }

    @Test
    void aCellSentBeforeTheInterruptIsStoppedOnce() {
        EarlyInterrupts early = new EarlyInterrupts();
        early.missed(dated("2026-12-06T02:30:00.500000Z"));
        assertTrue(early.stops(dated("2026-12-06T02:30:00.400000Z")), "sent 100 ms before the interrupt");
        assertFalse(early.stops(dated("2026-12-06T02:30:00.450000Z")), "the interrupt is used up");
    }

    @Test
    void aCellSentAfterTheInterruptRunsAndTheInterruptIsForgotten() {
        EarlyInterrupts early = new EarlyInterrupts();
        early.missed(dated("2026-12-06T02:30:00.500000Z"));
        assertFalse(early.stops(dated("2026-12-06T02:30:05.000000Z")), "the student pressed ■ on an idle kernel, then ran a cell");
        assertFalse(early.stops(dated("2026-12-06T02:30:00.100000Z")), "forgotten: an old interrupt never stops a later request");
    }

    @Test
    void datesWithAnOffsetOrWithoutOneAreReadAndOthersChangeNothing() {
        assertEquals(Instant.parse("2026-12-06T02:30:00.5Z"), EarlyInterrupts.dateOf(dated("2026-12-06T02:30:00.500000+00:00")));
        assertEquals(Instant.parse("2026-12-06T01:30:00.5Z"), EarlyInterrupts.dateOf(dated("2026-12-06T02:30:00.5+01:00")));
        assertNull(EarlyInterrupts.dateOf(dated("yesterday")));
        assertNull(EarlyInterrupts.dateOf(dated(null)));
        assertNull(EarlyInterrupts.dateOf(null));
        EarlyInterrupts early = new EarlyInterrupts();
        early.missed(dated("not a date"));
        assertFalse(early.stops(dated("2026-12-06T02:30:00.400000Z")), "an unreadable interrupt date is not kept");
        early.missed(dated("2026-12-06T02:30:00.500000Z"));
        assertFalse(early.stops(dated(null)), "a request without a date runs");
    }
}
