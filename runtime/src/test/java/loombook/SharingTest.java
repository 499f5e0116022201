package loombook;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Share nothing: detecting mutable state in messages. */
@Isolated
class SharingTest {
    record Point(int x, int y) {}
    record Order(String id, List<String> items) {}
    record Holder(Object payload) {}

    static final class Box {
        int value;
    }

    static final class Frozen {
        final int value;
        final String name;

        Frozen(int value, String name) {
            this.value = value;
            this.name = name;
        }
    }

    @AfterEach
    void reset() {
        Node.sharingPolicy(SharingPolicy.WARN);
    }

    private static String problem(Object message) {
        return Sharing.find(message, message.getClass().getSimpleName(), 0, null);
    }

    @Test
    void immutableValuesPass() {
        assertNull(problem("text"));
        assertNull(problem(42));
        assertNull(problem(new Point(1, 2)));
        assertNull(problem(new Order("o1", List.of("a", "b"))));
        assertNull(problem(Map.of("k", List.of(1, 2))));
        assertNull(problem(new Frozen(1, "x")));
        assertNull(problem(Reason.NORMAL));
        assertNull(problem(new Holder(new Point(0, 0))));
        assertNull(problem(java.util.Optional.of("x")));
    }

    @Test
    void mutableStateIsFoundAndNamed() {
        assertTrue(problem(new int[] {1}).contains("an array (int[])"));
        assertTrue(problem(new ArrayList<>(List.of(1))).contains("non-final field"));
        assertTrue(problem(new Box()).contains("Box.value"));
        String path = problem(new Order("o1", new ArrayList<>()));
        assertTrue(path.startsWith("Order.items is"), path);
        String nested = problem(new Holder(List.of(new Holder(new StringBuilder()))));
        assertTrue(nested.startsWith("Holder.payload[0].payload is"), nested);
        assertTrue(problem(Collections.unmodifiableList(new ArrayList<>())).contains("unmodifiable view"));
    }

    @Test
    void rejectRefusesWithAClearErrorAndWarnWarnsOnce() throws Exception {
        Capture cell = new Capture();
        Rt.inProcess(cell, () -> {
            Node.sharingPolicy(SharingPolicy.REJECT);
            var e = assertThrows(IllegalArgumentException.class, () -> send(self(), new Order("o", new ArrayList<>())));
            assertTrue(e.getMessage().contains("Order.items"), e.getMessage());
            assertTrue(e.getMessage().contains("List.copyOf"), e.getMessage());
            assertTrue(messages().isEmpty(), "a refused message is not delivered");

            Node.sharingPolicy(SharingPolicy.WARN);
            send(self(), new Order("a", new ArrayList<>()));
            send(self(), new Order("b", new ArrayList<>()));
            assertEquals(2, flush().size(), "warned messages are still delivered");
            String text = cell.text();
            assertEquals(1, text.split("warning:", -1).length - 1, "one warning per type and problem: " + text);

            Node.sharingPolicy(SharingPolicy.ALLOW);
            send(self(), new int[] {1});
            assertEquals(1, flush().size());
        });
    }

    @Test
    void cyclesDoNotLoop() {
        List<Object> list = new ArrayList<>();
        record Node2(List<Object> next) {}
        Node2 n = new Node2(List.of());
        assertNull(problem(n));
        list.add(list);
        assertNotNull(problem(list));
    }
}
