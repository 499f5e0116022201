package loombook.kernel.visual;

import static loombook.Process.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import loombook.GroupLeader;
import loombook.HostProcess;
import loombook.Pid;
import loombook.otp.ChildSpec;
import loombook.otp.GenServer;
import loombook.otp.Supervisor;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** Supervision trees: the model from a real supervisor, and its SVG, text and Mermaid. */
class SupervisionTreeTest {
    @Test
    void aTreeWithANestedSupervisorWorkersAndLinks() throws Exception {
        try (HostProcess host = HostProcess.start("notebook", GroupLeader.system())) {
            host.call(() -> {
                Pid[] peer = new Pid[1];
                Pid sup = Supervisor.startLink(List.of(
                        ChildSpec.worker("counter", () -> GenServer.startLink(new TraceTest.Counter(), 0, "tree-counter")),
                        Supervisor.childSpec("pool", List.of(
                                ChildSpec.worker("w1", () -> spawnLink(() -> receive())),
                                ChildSpec.worker("w2", () -> spawnLink(() -> { peer[0] = self(); receive(); }))),
                                Supervisor.flags(Supervisor.Strategy.ONE_FOR_ALL)),
                        ChildSpec.worker("logger", () -> spawnLink(() -> {
                            sleep(20);
                            link(peer[0]);      // a link that is not supervision
                            receive();
                        }))),
                        Supervisor.Strategy.ONE_FOR_ONE);
                sleep(80);
                SupervisionTree t = Visuals.supervisionTree(sup);
                TraceTest.save("tree", t);

                SupervisionTree.Node root = t.root();
                assertTrue(root.supervisor());
                assertEquals(List.of("counter", "pool", "logger"), root.children().stream().map(n -> String.valueOf(n.id())).toList());
                SupervisionTree.Node counter = root.children().get(0);
                assertEquals("tree-counter", counter.title());
                assertEquals("Counter", counter.behaviour());
                assertEquals("permanent", counter.restart());
                SupervisionTree.Node pool = root.children().get(1);
                assertTrue(pool.supervisor());
                assertEquals(2, pool.children().size());
                assertEquals(7 - 1, t.nodes().size());
                assertTrue(t.links().stream().anyMatch(l -> l.b().equals(peer[0]) || l.a().equals(peer[0])), "the logger's link to w2: " + t.links());
                assertTrue(t.outside().stream().anyMatch(o -> o.pid().equals(self()) && o.title().equals("notebook")),
                        "startLink links the supervisor to its starter: " + t.outside());

                Document doc = Xml.parse(t.svg());
                List<String> texts = Xml.texts(doc);
                for (String s : List.of("tree-counter", "pool", "w1", "w2", "logger", "notebook", sup.toString())) {
                    assertTrue(texts.contains(s), s + " in " + texts);
                }
                assertTrue(texts.contains("Counter · permanent"), texts.toString());
                assertTrue(t.svg().contains("stroke-dasharray=\"1 4\""), "links are dotted");
                String text = t.text();
                assertTrue(text.contains("├─ tree-counter"), text);
                assertTrue(text.contains("│  ├─ w1"), text);
                assertTrue(text.contains("└─ logger"), text);
                assertTrue(text.contains("link: "), text);
                String mm = t.mermaid();
                assertTrue(mm.startsWith("graph TD"), mm);
                assertTrue(mm.contains(" -.- "), mm);
                assertTrue(mm.contains("N0 --> N1"), mm);

                unlink(sup);
                Supervisor.stop(sup);
                return null;
            });
        }
    }
}
