package loombook.kernel.visual;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessInfo;
import loombook.kernel.display.MimeBundle;
import loombook.otp.ChildSpec;
import loombook.otp.Supervisor;
import loombook.otp.GenServer;

/**
 * A supervision tree, drawn: the supervisor at the top, its children below it (supervisors in
 * blue, workers in grey, left to right in start order), each with its id or registered name, its
 * pid, what it is and its restart type. Solid lines are supervision; dotted lines are the other
 * links of the processes in the tree (to each other, or to a process outside it, such as the
 * notebook that started the supervisor with {@code startLink}). {@link Visuals#supervisionTree}
 * makes one; {@link Visuals#liveSupervisionTree} keeps one up to date, so that a killed child
 * is seen coming back with a new pid.
 *
 * <pre>{@code
 * Pid sup = Supervisor.start(List.of(
 *         ChildSpec.worker("cache", () -> spawnLink(() -> receive())),
 *         ChildSpec.worker("logger", () -> spawnLink(() -> receive()))),
 *     Supervisor.ONE_FOR_ONE);
 * supervisionTree(sup)
 * }</pre>
 */
public final class SupervisionTree extends Visual {
    /**
     * One process of the tree.
     *
     * @param key where it sits: the ids from the root down, e.g. {@code root/db/pool}
     * @param id its child id (null for the root)
     * @param pid its process, or null while its supervisor has not (re)started it
     * @param name its registered name, or null
     * @param behaviour its label ({@code Supervisor}, a GenServer's class...), or null
     * @param supervisor whether it is a supervisor
     * @param restart its restart type, lowercase ({@code permanent}...), or null for the root
     * @param strategy a supervisor's strategy, lowercase ({@code one_for_one}), or null when not known
     *     (asking a supervisor for its state would copy its child specs, whose start functions the
     *     runtime's sharing check may warn about, so the tree does not ask)
     * @param children its children, in start order
     */
    public record Node(String key, Object id, Pid pid, String name, String behaviour, boolean supervisor, String restart,
            String strategy, List<Node> children) {
        /** The name shown: the registered name, the child id, or the behaviour. */
        public String title() {
            if (name != null) return name;
            if (id != null) return String.valueOf(id);
            return behaviour != null ? behaviour : "supervisor";
        }
    }

    /**
     * A link that is not a supervision edge.
     *
     * @param a one end (in the tree)
     * @param b the other end (in the tree, or one of {@link #outside()})
     */
    public record Link(Pid a, Pid b) {}

    /**
     * A process outside the tree that a process in it is linked to.
     *
     * @param pid the process
     * @param title its registered name, its label, or its short pid
     */
    public record Outside(Pid pid, String title) {}

    /** How the live tree marks a child: restarted lately, with its earlier pid. */
    record Mark(int restarts, Pid was, boolean fresh) {}

    private final Node root;
    private final List<Link> links;
    private final List<Outside> outside;
    private final Map<String, Mark> marks;
    private final List<String> log;
    private final String status;

    SupervisionTree(Node root, List<Link> links, List<Outside> outside, Map<String, Mark> marks, List<String> log, String status) {
        this.root = root;
        this.links = List.copyOf(links);
        this.outside = List.copyOf(outside);
        this.marks = Map.copyOf(marks);
        this.log = List.copyOf(log);
        this.status = status;
    }

    /**
     * The tree of {@code supervisor} (a pid or a registered name) now. Must be called from a
     * process (in a cell it is): asking a supervisor for its children is a call.
     */
    public static SupervisionTree of(Object supervisor) {
        Objects.requireNonNull(supervisor, "supervisor");
        Node root = node(whereis(supervisor, "supervisionTree"), "root", null, null, true, 0);
        return withLinks(root, Map.of(), List.of(), null);
    }

    /**
     * The pid of a supervisor named as OTP names a server (a pid, a registered name, a via-name),
     * or an error for {@code function} that says what was wrong.
     */
    static Pid whereis(Object supervisor, String function) {
        Pid pid;
        try {
            pid = GenServer.whereis(supervisor);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(function + ": " + e.getMessage(), e);
        }
        if (pid == null) throw new IllegalArgumentException(function + ": no process " + supervisor + " (not alive, or no such name)");
        return pid;
    }

    private static Node node(Pid pid, String key, Object id, String restart, boolean supervisor, int depth) {
        ProcessInfo info = pid == null ? null : Process.info(pid);
        String name = info == null ? null : info.registeredName();
        String behaviour = info == null || info.label() == null ? null : String.valueOf(info.label());
        String strategy = null;
        List<Node> children = new ArrayList<>();
        if (supervisor && info != null && depth < 8) {
            List<Supervisor.Child> kids;
            try {
                kids = Supervisor.whichChildren(pid);
            } catch (RuntimeException e) {
                kids = List.of();
            }
            int k = 0;
            for (Supervisor.Child c : kids) {
                String childKey = key + "/" + (c.id() == null ? "#" + k : String.valueOf(c.id()));
                children.add(node(c.pid(), childKey, c.id(), c.restart() == null ? null : c.restart().name().toLowerCase(Locale.ROOT),
                        c.type() == ChildSpec.Type.SUPERVISOR, depth + 1));
                k++;
            }
        }
        return new Node(key, id, pid, name, behaviour, supervisor, restart, strategy, children);
    }

    static SupervisionTree withLinks(Node root, Map<String, Mark> marks, List<String> log, String status) {
        Map<Pid, Node> byPid = new LinkedHashMap<>();
        Map<Pid, Pid> parentOf = new HashMap<>();
        index(root, null, byPid, parentOf);
        List<Link> links = new ArrayList<>();
        Map<Pid, Outside> outside = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Node n : byPid.values()) {
            ProcessInfo info = Process.info(n.pid());
            if (info == null) continue;
            for (Pid other : info.links()) {
                if (Trace.INTERNAL.contains(other)) continue;
                if (other.equals(parentOf.get(n.pid())) || n.pid().equals(parentOf.get(other))) continue;    // supervision edge
                String pair = n.pid().compareTo(other) < 0 ? n.pid() + "-" + other : other + "-" + n.pid();
                if (!seen.add(pair)) continue;
                if (!byPid.containsKey(other)) {
                    if (outside.size() >= 6) continue;
                    ProcessInfo o = Process.info(other);
                    String title = o == null ? SequenceDiagram.shortPid(other)
                            : o.registeredName() != null ? o.registeredName() : o.label() != null ? String.valueOf(o.label()) : SequenceDiagram.shortPid(other);
                    outside.put(other, new Outside(other, title));
                }
                links.add(new Link(n.pid(), other));
            }
        }
        return new SupervisionTree(root, links, new ArrayList<>(outside.values()), marks, log, status);
    }

    private static void index(Node n, Pid parent, Map<Pid, Node> byPid, Map<Pid, Pid> parentOf) {
        if (n.pid() != null) {
            byPid.put(n.pid(), n);
            if (parent != null) parentOf.put(n.pid(), parent);
        }
        for (Node c : n.children()) index(c, n.pid(), byPid, parentOf);
    }

    /** The root supervisor. */
    public Node root() {
        return root;
    }

    /** Links other than supervision edges. */
    public List<Link> links() {
        return links;
    }

    /** Processes outside the tree that are linked to it. */
    public List<Outside> outside() {
        return outside;
    }

    /** Every node, root first, depth first. */
    public List<Node> nodes() {
        List<Node> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<Node> out) {
        out.add(n);
        for (Node c : n.children()) collect(c, out);
    }

    Map<String, Mark> marks() {
        return marks;
    }

    List<String> log() {
        return log;
    }

    String status() {
        return status;
    }

    // ------------------------------------------------------------------ renderings

    /** The tree as a self-contained SVG document. */
    public String svg() {
        return TreeSvg.render(this);
    }

    /** The tree as a Mermaid flowchart. */
    public String mermaid() {
        StringBuilder sb = new StringBuilder("graph TD\n");
        Map<Pid, String> ids = new HashMap<>();
        List<Node> all = nodes();
        for (int i = 0; i < all.size(); i++) {
            Node n = all.get(i);
            String id = "N" + i;
            if (n.pid() != null) ids.put(n.pid(), id);
            String text = SequenceDiagram.mermaidText(n.title() + " " + (n.pid() == null ? "(restarting)" : SequenceDiagram.shortPid(n.pid())));
            sb.append("    ").append(id).append(n.supervisor() ? "[[\"" : "(\"").append(text.replace("\"", "#quot;")).append(n.supervisor() ? "\"]]" : "\")").append('\n');
        }
        for (int i = 0; i < all.size(); i++) {
            for (Node c : all.get(i).children()) sb.append("    N").append(i).append(" --> N").append(all.indexOf(c)).append('\n');
        }
        for (int i = 0; i < outside.size(); i++) {
            Outside o = outside.get(i);
            ids.put(o.pid(), "X" + i);
            sb.append("    X").append(i).append("(\"").append(SequenceDiagram.mermaidText(o.title()).replace("\"", "#quot;")).append("\")\n");
        }
        for (Link l : links) {
            String a = ids.get(l.a()), b = ids.get(l.b());
            if (a != null && b != null) sb.append("    ").append(a).append(" -.- ").append(b).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String text() {
        StringBuilder sb = new StringBuilder(status == null ? "Supervision tree" : "Supervision tree (" + status + ")").append('\n');
        text(root, "", true, true, sb);
        for (Link l : links) {
            sb.append("link: ").append(title(l.a())).append(" ··· ").append(title(l.b())).append('\n');
        }
        for (String line : log) sb.append(line).append('\n');
        return sb.toString().stripTrailing();
    }

    private String title(Pid p) {
        for (Node n : nodes()) if (p.equals(n.pid())) return n.title() + " " + p;
        for (Outside o : outside) if (p.equals(o.pid())) return o.title() + " " + p;
        return p.toString();
    }

    private void text(Node n, String indent, boolean last, boolean top, StringBuilder sb) {
        sb.append(indent).append(top ? "" : last ? "└─ " : "├─ ").append(n.title()).append("  ")
                .append(n.pid() == null ? "(not running)" : n.pid().toString());
        List<String> about = new ArrayList<>();
        if (n.supervisor()) about.add(n.strategy() != null ? "supervisor, " + n.strategy() : "supervisor");
        else if (n.behaviour() != null) about.add(n.behaviour());
        if (n.restart() != null) about.add(n.restart());
        Mark m = marks.get(n.key());
        if (m != null && m.restarts() > 0) about.add("restarted " + m.restarts() + (m.restarts() == 1 ? " time" : " times") + (m.was() != null ? ", was " + m.was() : ""));
        if (!about.isEmpty()) sb.append("  (").append(String.join("; ", about)).append(')');
        sb.append('\n');
        String childIndent = top ? "" : indent + (last ? "   " : "│  ");
        for (int i = 0; i < n.children().size(); i++) text(n.children().get(i), childIndent, i == n.children().size() - 1, false, sb);
    }

    @Override
    public MimeBundle toMimeBundle() {
        return diagram(text(), svg(), mermaid());
    }
}
