package loombook.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The replay history: a signature is accepted once, the oldest are forgotten, memory stays fixed. */
class SeenSignaturesTest {
    private static byte[] hex(long v) {
        return String.format("%016x%048x", v, 0).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aSignatureIsAcceptedOnceAndTheOldestAreForgotten() {
        SeenSignatures seen = new SeenSignatures(4);
        for (long v = 1; v <= 4; v++) assertTrue(seen.add(hex(v)));
        assertFalse(seen.add(hex(3)), "a replay is refused");
        assertTrue(seen.add(hex(5)), "a new one pushes out the oldest");
        assertEquals(4, seen.size());
        assertTrue(seen.add(hex(1)), "the oldest was forgotten");
        assertFalse(seen.add(hex(5)));
    }

    @Test
    void itAgreesWithASetAndAQueueOverManyRandomSignatures() {
        // linear probing with deletions is easy to get wrong: compare with the obvious model, keys
        // crowded into few slots so that runs wrap around the table
        SeenSignatures seen = new SeenSignatures(64);
        HashSet<Long> set = new HashSet<>();
        ArrayDeque<Long> order = new ArrayDeque<>();
        Random r = new Random(16);
        for (int i = 0; i < 200_000; i++) {
            long v = 1 + r.nextInt(300);
            boolean expected = !set.contains(v);
            assertEquals(expected, seen.add(hex(v)), "step " + i);
            if (expected) {
                if (order.size() == 64) set.remove(order.removeFirst());
                order.addLast(v);
                set.add(v);
            }
        }
    }

    @Test
    void realSignaturesAreToldApart() throws Exception {
        Signer s = Signer.of("key");
        SeenSignatures seen = new SeenSignatures();
        for (int i = 0; i < 100_000; i++) {
            assertTrue(seen.add(s.sign(("message " + i).getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII)));
        }
        assertEquals(SeenSignatures.CAPACITY, seen.size());
        assertFalse(seen.add(s.sign("message 99999".getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII)));
    }
}
