package loombook;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The save queue (docs/decisions/0010-the-save-queue.md): messages a receive looked at and left move
 * out of the list into arrays, and the mailbox must still read as one sequence in arrival order,
 * whatever mix of receives, nested receives, growth and compaction it goes through; another
 * process's look at it sees that sequence too.
 */
@Isolated
@ExtendWith(KeepsSchedulers.class)
class SaveQueueTest {
    sealed interface Tagged permits B, C {}
    record A(int n) {}
    record B(int n) implements Tagged {}
    record C(int n) implements Tagged {}

    @Test
    void messagesOneReceiveLeftComeBeforeThoseStillInTheList() throws Exception {
        Rt.inProcess(() -> {
            send(self(), new A(1));
            send(self(), new B(1));
            send(self(), new A(2));
            send(self(), new C(1));
            assertEquals(new C(1), receive(C.class));          // A1, B1, A2 move to the save queue
            send(self(), new A(3));
            assertEquals(List.of(new A(1), new B(1), new A(2), new A(3)), messages());
            assertEquals(new B(1), receive(m -> m instanceof B b ? b : null));
            assertEquals(new A(1), receive());
            assertEquals(new A(2), receive());
            assertEquals(new A(3), receive());
            assertEquals(0, info(self()).messageQueueLength());
        });
    }

    @Test
    void aReceiveByAnInterfaceFindsItsImplementationsInTheSaveQueue() throws Exception {
        Rt.inProcess(() -> {
            send(self(), new A(1));
            send(self(), new C(1));
            send(self(), new B(1));
            assertEquals(new B(1), receive(B.class));            // A1 and C1 are saved
            assertEquals(new C(1), receive(Tagged.class));
            assertEquals(new A(1), receive(Record.class));
            assertTrue(messages().isEmpty());
        });
    }

    @Test
    void aNestedReceiveThatFillsTheSaveQueueLeavesTheOuterSlotWhereItWas() throws Exception {
        Rt.inProcess(() -> {
            for (int i = 0; i < 5; i++) send(self(), new A(i));
            send(self(), new C(0));
            receive(C.class);                                   // A0..A4 are saved
            receive(m -> m instanceof A(int n) && n == 1 ? m : null);  // a hole before A2
            // the outer receive looks at A2 in the save queue; its body skips 5,000 messages, which
            // fills and grows the queue while the outer slot must not move (sliding the messages
            // over the hole would move it); then it leaves A2 where it was and takes B1
            List<Object> inner = new ArrayList<>();
            int outer = receive(m -> switch (m) {
                case A(int n) when n == 2 -> {
                    for (int i = 0; i < 5_000; i++) send(self(), new B(i));
                    send(self(), new C(1));
                    inner.add(receive(C.class));
                    inner.add(receive(m2 -> m2 instanceof A(int k) && k == 4 ? m2 : null));
                    inner.add(receive(B.class));
                    yield null;
                }
                case B(int n) when n == 1 -> n;
                default -> null;
            });
            assertEquals(1, outer);
            assertEquals(List.of(new C(1), new A(4), new B(0)), inner);
            List<Object> expected = new ArrayList<>(List.of(new A(0), new A(2), new A(3)));
            for (int i = 2; i < 5_000; i++) expected.add(new B(i));
            assertEquals(expected, messages());
            assertEquals(expected.size(), info(self()).messageQueueLength());
            assertEquals(expected, flush());
        });
    }

    @Test
    void takingMostMessagesFromTheMiddleKeepsTheRestInOrder() throws Exception {
        Rt.inProcess(() -> {
            int n = 20_000;
            for (int i = 0; i < n; i++) send(self(), i % 3 == 0 ? new A(i) : new B(i));
            for (int i = 0; i < n; i++) {
                if (i % 3 != 0) assertEquals(new B(i), receive(B.class));
            }
            for (int i = 0; i < n; i += 3) assertEquals(new A(i), receive());
            assertEquals(0, info(self()).messageQueueLength());
            // and the queue works again after it emptied and gave its long arrays back
            send(self(), new A(-1));
            send(self(), new B(-1));
            assertEquals(new B(-1), receive(B.class));
            assertEquals(List.of(new A(-1)), messages());
        });
    }

    @Test
    void anotherProcessSeesTheSavedMessagesFirstAndInOrder() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            Pid owner = spawn(() -> {
                receive(C.class);                               // leaves A0..A9 in the save queue
                send(me, "saved");
                receive(m -> "stop".equals(m) ? m : null);
            });
            for (int i = 0; i < 10; i++) send(owner, new A(i));
            send(owner, new C(0));
            Rt.await("saved", m -> "saved".equals(m) ? m : null);
            send(owner, new B(0));
            Rt.eventually("the owner waits again", () -> info(owner).messageQueueLength() == 11
                    && info(owner).status() == ProcessInfo.Status.WAITING);
            List<Object> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) expected.add(new A(i));
            expected.add(new B(0));
            assertEquals(expected, info(owner).messages());
            send(owner, "stop");
        });
    }

    /**
     * A random mix of sends, receives by type, by clause with a guard, of the oldest, polls and
     * nested receives, checked step by step against a plain list: the mailbox must behave as one.
     */
    @Test
    void anyMixOfReceivesBehavesAsOneListInArrivalOrder() throws Exception {
        for (long seed = 1; seed <= 30; seed++) {
            long s = seed;
            Rt.inProcess(() -> replay(new Random(s), 3_000, "seed " + s));
        }
    }

    private static void replay(Random rnd, int steps, String what) {
        List<Object> model = new ArrayList<>();
        int next = 0;
        for (int step = 0; step < steps; step++) {
            String at = what + ", step " + step;
            int op = rnd.nextInt(10);
            if (op < 4 || model.isEmpty()) {
                int burst = 1 + rnd.nextInt(op == 0 ? 40 : 3);
                for (int i = 0; i < burst; i++) {
                    Object m = switch (rnd.nextInt(3)) {
                        case 0 -> new A(next++);
                        case 1 -> new B(next++);
                        default -> new C(next++);
                    };
                    send(self(), m);
                    model.add(m);
                }
            } else if (op == 4) {
                Class<?> type = List.of(A.class, B.class, C.class, Tagged.class).get(rnd.nextInt(4));
                Object want = firstOf(model, type::isInstance);
                Object got = receive(m -> type.isInstance(m) ? m : null, 0, () -> null);
                assertEquals(want, got, at + ": receive of " + type.getSimpleName() + " after 0");
                model.remove(want);
            } else if (op == 5) {
                Class<?> type = List.of(A.class, B.class, C.class, Tagged.class).get(rnd.nextInt(4));
                Object want = firstOf(model, type::isInstance);
                if (want != null) {
                    assertEquals(want, receive(type), at + ": receive(" + type.getSimpleName() + ")");
                    model.remove(want);
                }
            } else if (op == 6) {
                assertEquals(model.remove(0), receive(), at + ": receive()");
            } else if (op == 7) {
                int mod = 2 + rnd.nextInt(5);
                Object want = firstOf(model, m -> number(m) % mod == 0);
                Object got = receive(m -> number(m) % mod == 0 ? m : null, 0, () -> null);
                assertEquals(want, got, at + ": receive of a multiple of " + mod);
                model.remove(want);
            } else if (op == 8) {
                // a nested receive: the outer looks at the first B; its body takes the first C
                // (looked for past the B) and sends one more message
                Object outer = firstOf(model, m -> m instanceof B);
                if (outer == null) continue;
                int atOuter = model.indexOf(outer);
                Object inner = firstOf(model.subList(atOuter + 1, model.size()), m -> m instanceof C);
                Object before = firstOf(model.subList(0, atOuter), m -> m instanceof C);
                Object wantInner = before != null ? before : inner;
                A extra = new A(next++);
                Object[] gotInner = new Object[1];
                Object got = receive(m -> {
                    if (!(m instanceof B)) return null;
                    gotInner[0] = receive(x -> x instanceof C ? x : null, 0, () -> null);
                    send(self(), extra);
                    return m;
                });
                assertEquals(outer, got, at + ": the outer receive");
                assertEquals(wantInner, gotInner[0], at + ": the nested receive");
                model.remove(outer);
                model.remove(wantInner);
                model.add(extra);
            } else {
                assertSameSequence(model, messages(), at + ": messages()");
                assertEquals(model.size(), info(self()).messageQueueLength(), at + ": the length");
            }
        }
        assertSameSequence(model, flush(), what + ": flush() at the end");
    }

    /** Like assertEquals on two lists, but says where they part instead of printing both whole. */
    private static void assertSameSequence(List<Object> expected, List<Object> actual, String what) {
        int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                fail(what + ": at index " + i + " expected " + expected.get(i) + " but was " + actual.get(i)
                        + " (expected " + expected.subList(i, Math.min(n, i + 5)) + "..., was "
                        + actual.subList(i, Math.min(n, i + 5)) + "...)");
            }
        }
        assertEquals(expected.size(), actual.size(), what + ": the length (the first " + n + " agree)");
    }

    private static Object firstOf(List<Object> list, java.util.function.Predicate<Object> test) {
        for (Object m : list) if (test.test(m)) return m;
        return null;
    }

    private static int number(Object m) {
        return switch (m) {
            case A(int n) -> n;
            case B(int n) -> n;
            case C(int n) -> n;
            default -> -1;
        };
    }

    /** Senders on other schedulers append while the receiver moves messages into its save queue. */
    @ParameterizedTest(name = "{0} schedulers")
    @ValueSource(ints = {1, 2, 4})
    void selectiveReceivesKeepEachSendersOrderWithSendersOnEveryScheduler(int n) throws Exception {
        Node.schedulers(n);
        Rt.inProcess(() -> {
            int senders = 6, each = 5_000;
            Pid me = self();
            for (int s = 0; s < senders; s++) {
                int id = s;
                spawn(() -> {
                    for (int i = 0; i < each; i++) send(me, id % 2 == 0 ? new B(id * each + i) : new C(id * each + i));
                });
            }
            int[] nextOf = new int[senders];
            // take every C first (each such receive leaves the Bs before it in the save queue), then the Bs
            for (int got = 0; got < senders / 2 * each; got++) {
                C c = receive(C.class);
                int id = c.n() / each;
                assertEquals(id * each + nextOf[id]++, c.n(), "sender " + id + " out of order");
            }
            for (int got = 0; got < senders / 2 * each; got++) {
                B b = (B) Rt.await("a B", m -> m instanceof B x ? x : null);
                int id = b.n() / each;
                assertEquals(id * each + nextOf[id]++, b.n(), "sender " + id + " out of order");
            }
            for (int s = 0; s < senders; s++) assertEquals(each, nextOf[s]);
            assertTrue(messages().isEmpty());
        });
    }
}
