package loombook;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Selective receive as Erlang defines it: arrival order, the save queue, nested receive. */
class SelectiveReceiveTest {
    record Normal(String text) {}
    record Urgent(String text) {}
    record Tagged(Ref ref, int value) {}

    @Test
    void takesTheFirstMatchingMessageInArrivalOrderAndKeepsTheRestInOrder() throws Exception {
        Rt.inProcess(() -> {
            send(self(), new Normal("1"));
            send(self(), new Normal("2"));
            send(self(), new Urgent("!"));
            send(self(), new Normal("3"));
            send(self(), new Urgent("!!"));
            String u = receive(m -> m instanceof Urgent(var t) ? t : null);
            assertEquals("!", u);
            assertEquals(List.of(new Normal("1"), new Normal("2"), new Normal("3"), new Urgent("!!")), messages());
            assertEquals(new Normal("1"), receive());
        });
    }

    @Test
    void firstClauseThatMatchesDecidesBetweenClauses() throws Exception {
        Rt.inProcess(() -> {
            send(self(), 5);
            send(self(), "five");
            // both clauses match something; the first message in arrival order wins, whatever the clause order
            Object got = receive(m -> switch (m) {
                case String s -> "string " + s;
                case Integer i -> "int " + i;
                default -> null;
            });
            assertEquals("int 5", got);
        });
    }

    @Test
    void guardsSelectAmongMessagesOfOneType() throws Exception {
        Rt.inProcess(() -> {
            for (int i = 1; i <= 5; i++) send(self(), i);
            int even = receive(m -> switch (m) {
                case Integer i when i % 2 == 0 -> i;
                default -> null;
            });
            assertEquals(2, even);
            assertEquals(List.of(1, 3, 4, 5), messages());
        });
    }

    @Test
    void aReplyCarryingOneRefIsPickedAmongOthers() throws Exception {
        Rt.inProcess(() -> {
            Ref mine = Ref.make();
            send(self(), new Tagged(Ref.make(), 1));
            send(self(), new Tagged(mine, 2));
            send(self(), new Tagged(Ref.make(), 3));
            int v = receive(m -> m instanceof Tagged(Ref r, int value) && r.equals(mine) ? value : null);
            assertEquals(2, v);
            assertEquals(2, messages().size());
        });
    }

    @Test
    void nestedReceiveInABodyNeverSeesTheMessageBeingHandled() throws Exception {
        Rt.inProcess(() -> {
            send(self(), new Urgent("outer"));
            send(self(), new Normal("a"));
            send(self(), new Urgent("inner"));
            List<String> log = new ArrayList<>();
            receive(m -> switch (m) {
                case Urgent(var t) -> {
                    log.add("outer got " + t);
                    // the body receives again: it must see the other Urgent, not the one being handled
                    String inner = receive(x -> x instanceof Urgent(var t2) ? t2 : null, 0, () -> "none");
                    log.add("inner got " + inner);
                    Object any = receive(x -> x, 0, () -> "empty");
                    log.add("then " + any);
                    yield true;
                }
                default -> null;
            });
            assertEquals(List.of("outer got outer", "inner got inner", "then Normal[text=a]"), log);
            assertTrue(messages().isEmpty(), "the handled message must be gone: " + messages());
        });
    }

    @Test
    void nestedReceiveThatTakesNeighboursLeavesTheMailboxConsistent() throws Exception {
        Rt.inProcess(() -> {
            for (int i = 0; i < 10; i++) send(self(), i);
            // handle 5; inside, take 4 and 6 (its neighbours) and 0 (the head)
            List<Integer> inner = new ArrayList<>();
            int outer = receive(m -> switch (m) {
                case Integer i when i == 5 -> {
                    inner.add(receive(x -> x instanceof Integer j && j == 4 ? j : null));
                    inner.add(receive(x -> x instanceof Integer j && j == 6 ? j : null));
                    inner.add(receive(x -> x instanceof Integer j && j == 0 ? j : null));
                    yield i;
                }
                default -> null;
            });
            assertEquals(5, outer);
            assertEquals(List.of(4, 6, 0), inner);
            assertEquals(List.of(1, 2, 3, 7, 8, 9), messages());
            assertEquals(List.of(1, 2, 3, 7, 8, 9), flush());
            assertEquals(0, info(self()).messageQueueLength());
        });
    }

    @Test
    void sessionEightPriorityLoopHandlesUrgentFirst() throws Exception {
        Rt.inProcess(() -> {
            Pid me = self();
            // the messages are queued before the loop starts, as in session 8's demo
            Pid p = spawn(() -> {
                receive(m -> m.equals("go") ? true : null);
                List<String> seen = new ArrayList<>();
                boolean running = true;
                while (running) {
                    String urgent = receive(m -> m instanceof Urgent(var t) ? t : null, 0, () -> null);
                    if (urgent != null) {
                        seen.add("URGENT " + urgent);
                        continue;
                    }
                    running = receive(m -> switch (m) {
                        case Normal(var t) -> seen.add("normal " + t);
                        case Urgent(var t) -> seen.add("URGENT " + t);
                        case String s when s.equals("stop") -> false;
                        default -> null;
                    }, 5000, () -> false);
                }
                send(me, List.copyOf(seen));
            });
            send(p, new Normal("1"));
            send(p, new Normal("2"));
            send(p, new Urgent("x"));
            send(p, new Normal("3"));
            send(p, new Urgent("y"));
            send(p, "stop");
            send(p, "go");
            Object seen = Rt.await("the loop's log", m -> m instanceof List<?> l ? l : null);
            assertEquals(List.of("URGENT x", "URGENT y", "normal 1", "normal 2", "normal 3"), seen);
        });
    }

    @Test
    void aNestedReceiveByTypeAlsoSkipsTheMessageBeingHandled() throws Exception {
        Rt.inProcess(() -> {
            send(self(), 1);
            send(self(), 2);
            int[] inner = new int[1];
            int outer = receive(m -> switch (m) {
                case Integer i -> {
                    inner[0] = receive(Integer.class);
                    yield i;
                }
                default -> null;
            });
            assertEquals(1, outer);
            assertEquals(2, inner[0]);
            assertTrue(messages().isEmpty());
        });
    }

    @Test
    void aClauseThatThrowsConsumesTheMessage() throws Exception {
        Rt.inProcess(() -> {
            send(self(), "bad");
            send(self(), "good");
            assertThrows(IllegalStateException.class, () -> receive(m -> {
                throw new IllegalStateException("body failed");
            }));
            assertEquals(List.of("good"), messages());
        });
    }

    @Test
    void receiveByTypeSkipsOtherTypes() throws Exception {
        Rt.inProcess(() -> {
            send(self(), "text");
            send(self(), 42L);
            assertEquals(42L, receive(Long.class));
            assertEquals(List.of("text"), messages());
        });
    }

    @Test
    void skippedMessagesAreNotRescannedWhenNewOnesArrive() throws Exception {
        Rt.inProcess(() -> {
            int[] offered = new int[1];
            for (int i = 0; i < 100; i++) send(self(), "junk");
            Pid me = self();
            spawn(() -> {
                sleep(50);
                for (int i = 0; i < 10; i++) send(me, "more junk");
                send(me, 7);
            });
            int got = receive(m -> {
                offered[0]++;
                return m instanceof Integer i ? i : null;
            });
            assertEquals(7, got);
            // each message is offered once per receive: 100 + 10 + 1, however many wake-ups there were
            assertEquals(111, offered[0]);
        });
    }

    @Test
    void aNullMessageIsRefusedWithAClearError() throws Exception {
        Rt.inProcess(() -> {
            NullPointerException e = assertThrows(NullPointerException.class, () -> send(self(), null));
            assertTrue(e.getMessage().contains("must not be null"), e.getMessage());
        });
    }

    @Test
    void receiveOutsideAProcessSaysWhatToDo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> receive());
        assertTrue(e.getMessage().contains("inside a process"), e.getMessage());
    }
}
