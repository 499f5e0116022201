package loombook.kernel;

import com.google.gson.JsonObject;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import loombook.kernel.notebook.Notebook;
import loombook.kernel.protocol.KernelServer;
import loombook.kernel.protocol.LoopbackClient;
import loombook.kernel.session.JupyterKernel;

/**
 * The training run behind the kernel's ahead-of-time cache: the installer runs it once with
 * {@code -XX:AOTCacheOutput=...}, and the JVM records which classes the kernel loads and links and
 * how its hot methods behave, so that every later kernel start skips that work. It starts a real
 * kernel on loopback ports and drives it like a notebook would: cells of the kind the course has
 * (records, processes, receive, links, errors, output, display, magics), completion, inspection.
 */
public final class Training {
    /** Cells like the course's, so the cache covers what students run. */
    static final List<String> CELLS = List.of(
            "1 + 1",
            "record Greet(String name) {}",
            "Pid greeter = spawn(() -> receive(m -> switch (m) {\n    case Greet(var name) -> { System.out.println(\"Hello, \" + name + \"!\"); yield true; }\n    default -> null;\n}));",
            "send(greeter, new Greet(\"Ada\"));",
            "send(self(), \"ping\");\nreceive()",
            "record Increment() {}\nrecord Get(Pid from) {}\nPid counter = spawn(() -> loop(0, (count, msg) -> switch (msg) {\n    case Increment i -> next(count + 1);\n    case Get(var from) -> { send(from, count); yield next(count); }\n    default -> skip();\n}));",
            "for (int i = 0; i < 10; i++) send(counter, new Increment());\nsend(counter, new Get(self()));\nreceive(m -> m instanceof Integer n ? n : null)",
            "String r = receive(m -> m instanceof String s ? s : null, 10, () -> \"timeout\");\nr",
            "var m = spawnMonitor(() -> { throw new IllegalStateException(\"boom\"); });\nreceive(Down.class)",
            "spawn(() -> { sleep(5); System.out.println(\"late\"); });",
            "info(self())",
            "int f(int a) {\n    return 10 / a;\n}\nf(0)",
            "int y = \"not a number\";",
            "List.of(3, 1, 2).stream().sorted().map(x -> x * 10).toList()",
            "String.format(\"%d processes\", processes().size())",
            "display(html(\"<b>bold</b>\"))",
            "%processes",
            "%%time\nint total = 0;\nfor (int i = 0; i < 1000; i++) total += i;\ntotal",
            "%lsmagic",
            "sleep(20);\n\"done\"");

    private Training() {}

    /** Runs the training. Exit status 0 if the kernel answered everything. */
    public static void main(String[] args) throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Path dir = Files.createTempDirectory("loombook-training");
        String key = UUID.randomUUID().toString();
        Path connection = LoopbackClient.writeConnectionFile(dir, key);
        Notebook notebook = Notebook.builder().log(quiet, quiet).build();
        KernelServer server = KernelServer.start(connection, new JupyterKernel(notebook), m -> { });
        int failures = 0;
        try (LoopbackClient client = new LoopbackClient(connection, key)) {
            client.awaitIoPub();
            for (int round = 0; round < 3; round++) {
                for (String cell : CELLS) {
                    JsonObject reply = client.execute(cell);
                    if (!reply.has("status")) failures++;
                }
                client.drainIoPub();
                for (String[] q : new String[][] {{"complete_request", "Str"}, {"complete_request", "spa"},
                        {"inspect_request", "spawn"}, {"is_complete_request", "void f() {"}}) {
                    JsonObject c = new JsonObject();
                    c.addProperty("code", q[1]);
                    c.addProperty("cursor_pos", q[1].length());
                    c.addProperty("detail_level", 0);
                    client.request("shell", q[0], c);
                }
            }
            JsonObject history = new JsonObject();
            history.addProperty("hist_access_type", "tail");
            history.addProperty("n", 5);
            history.addProperty("output", false);
            history.addProperty("raw", true);
            client.request("shell", "history_request", history);
            JsonObject shutdown = new JsonObject();
            shutdown.addProperty("restart", false);
            client.request("control", "shutdown_request", shutdown);
        }
        server.awaitShutdown();
        server.close();
        Files.deleteIfExists(connection);
        Files.deleteIfExists(dir);
        System.exit(failures == 0 ? 0 : 1);
    }
}
