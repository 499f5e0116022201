package loombook.kernel.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Interrupts that came before the cell they were meant for. The control channel has a thread of its
 * own, so an {@code interrupt_request} sent just after an {@code execute_request} may be served
 * first: at a kernel's start above all, when both wait in the sockets (a client that does not wait
 * for kernel_info). Such an interrupt reaches no cell. Its date is kept, and the next cell whose
 * request is dated no later than it is stopped before it runs; a cell sent after it runs as usual,
 * and forgets it. Only dates a client wrote are compared (both messages come from one client
 * clock); a message without a readable date changes nothing.
 *
 * <pre>{@code
 * EarlyInterrupts early = new EarlyInterrupts();
 * early.missed(interruptHeader);           // the interrupt found no cell
 * early.stops(executeHeader);              // true: this cell was sent before it
 * }</pre>
 */
final class EarlyInterrupts {
    /** The date of the last interrupt that found no cell, or null. */
    private Instant missed;

    /** An interrupt with this header found no cell to stop. */
    synchronized void missed(JsonObject header) {
        Instant at = dateOf(header);
        if (at != null) missed = at;
    }

    /**
     * Whether the cell of an {@code execute_request} with this header was sent before an interrupt
     * that found no cell: then that interrupt was meant for it, and is used up.
     */
    synchronized boolean stops(JsonObject header) {
        if (missed == null) return false;
        Instant sent = dateOf(header);
        if (sent == null) return false;
        boolean before = !sent.isAfter(missed);
        missed = null;                      // used up, or outdated by a cell sent after it
        return before;
    }

    /** The header's {@code date} (ISO 8601 with an offset, as clients write it), or null. */
    static Instant dateOf(JsonObject header) {
        JsonElement d = header == null ? null : header.get("date");
        if (d == null || !d.isJsonPrimitive() || !d.getAsJsonPrimitive().isString()) return null;
        try {
            return OffsetDateTime.parse(d.getAsString()).toInstant();      // "Z" or "+01:00" alike
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
