package loombook.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.messages.reply.CompleteReply;
import io.github.spencerpark.jupyter.messages.reply.HistoryReply;
import io.github.spencerpark.jupyter.messages.reply.InspectReply;
import io.github.spencerpark.jupyter.messages.reply.IsCompleteReply;
import io.github.spencerpark.jupyter.messages.reply.KernelInfoReply;
import io.github.spencerpark.jupyter.messages.request.CompleteRequest;
import io.github.spencerpark.jupyter.messages.request.ExecuteRequest;
import io.github.spencerpark.jupyter.messages.request.HistoryRequest;
import io.github.spencerpark.jupyter.messages.request.InspectRequest;
import io.github.spencerpark.jupyter.messages.request.IsCompleteRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The protocol floor alone, with a stub kernel: what it answers, and what it refuses to be broken by. */
class KernelServerTest {
    static KernelServer server;
    static LoopbackClient client;
    static Path connection;
    static final AtomicInteger interrupts = new AtomicInteger();
    static final AtomicInteger nextCellInterrupts = new AtomicInteger();
    static final AtomicInteger executed = new AtomicInteger();

    static class Stub implements KernelHandler {
        @Override
        public KernelInfoReply kernelInfo() {
            return new KernelInfoReply("5.3", "stub", "0", new LanguageInfo.Builder("java").build(), "", List.of());
        }

        @Override
        public ExecuteResult execute(ExecuteRequest content, Request request) {
            int n = executed.incrementAndGet();
            if (content.getCode().equals("boom")) throw new IllegalStateException("the handler failed");
            request.stream("stdout", "ran " + content.getCode());
            if (content.getCode().startsWith("fail")) return ExecuteResult.error(n, "Oops", "it failed", List.of("tb"));
            return ExecuteResult.ok(n, Map.of());
        }

        @Override
        public CompleteReply complete(CompleteRequest c) {
            return new CompleteReply(List.of("x"), 0, c.getCursorPos(), Map.of());
        }

        @Override
        public InspectReply inspect(InspectRequest c) {
            return new InspectReply(false, new io.github.spencerpark.jupyter.kernel.display.DisplayData());
        }

        @Override
        public IsCompleteReply isComplete(IsCompleteRequest c) {
            return IsCompleteReply.VALID_CODE;
        }

        @Override
        public HistoryReply history(HistoryRequest c) {
            return new HistoryReply(List.of());
        }

        @Override
        public boolean interrupt() {
            interrupts.incrementAndGet();
            return false;
        }

        @Override
        public void interruptNextCell() {
            nextCellInterrupts.incrementAndGet();
        }

        @Override
        public void shutdown(boolean restart) {
        }
    }

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        connection = LoopbackClient.writeConnectionFile(dir, "right-key");
        server = KernelServer.start(connection, new Stub(), m -> System.err.println("server: " + m));
        client = new LoopbackClient(connection, "right-key");
        client.awaitIoPub();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void everyReplyHasAStatus() {
        assertEquals("ok", client.request("shell", "kernel_info_request", new JsonObject()).get("status").getAsString());
        assertEquals("ok", client.request("control", "kernel_info_request", new JsonObject()).get("status").getAsString());
        JsonObject comm = client.request("shell", "comm_info_request", new JsonObject());
        assertEquals("ok", comm.get("status").getAsString());
        assertTrue(comm.get("comms").isJsonObject());
        JsonObject hist = new JsonObject();
        hist.addProperty("hist_access_type", "tail");
        hist.addProperty("n", 3);
        assertEquals("ok", client.request("shell", "history_request", hist).get("status").getAsString());
        assertEquals("ok", client.request("control", "interrupt_request", new JsonObject()).get("status").getAsString());
        assertTrue(interrupts.get() >= 1);
    }

    @Test
    void aForgedMessageIsIgnoredAndTheKernelStillAnswers() throws Exception {
        try (LoopbackClient forger = new LoopbackClient(connection, "wrong-key")) {
            JsonObject c = new JsonObject();
            c.addProperty("code", "forged");
            forger.send("shell", "execute_request", c);
            forger.send("control", "shutdown_request", new JsonObject());
            Thread.sleep(200);
        }
        client.sendRawToShell(List.of("<IDS|MSG>".getBytes(StandardCharsets.US_ASCII), "x".getBytes(StandardCharsets.US_ASCII)));
        client.sendRawToShell(List.of("garbage".getBytes(StandardCharsets.US_ASCII)));
        int before = executed.get();
        JsonObject reply = client.execute("after the forgery");
        assertEquals("ok", reply.get("status").getAsString());
        assertEquals(before + 1, executed.get(), "the forged execute request must not have run");
    }

    @Test
    void aHandlerThatThrowsGetsAnErrorReplyAndTheLoopGoesOn() {
        JsonObject reply = client.execute("boom");
        assertEquals("error", reply.get("status").getAsString());
        assertEquals("IllegalStateException", reply.get("ename").getAsString());
        assertEquals("ok", client.execute("fine").get("status").getAsString());
    }

    @Test
    void executeRepliesCarryTheErrorAndStreamsArePublishedUnderTheRequest() throws Exception {
        client.drainIoPub();
        JsonObject reply = client.execute("fail please");
        assertEquals("error", reply.get("status").getAsString());
        assertEquals("Oops", reply.get("ename").getAsString());
        assertTrue(reply.has("execution_count"));
        // collect what iopub published until the kernel says idle (waited for, not guessed)
        List<WireMessage> pub = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline && pub.stream().noneMatch(m -> m.type().equals("status")
                && m.contentObject().get("execution_state").getAsString().equals("idle"))) {
            Thread.sleep(10);
            pub.addAll(client.drainIoPub());
        }
        assertTrue(pub.stream().anyMatch(m -> m.type().equals("stream") && m.contentObject().get("text").getAsString().equals("ran fail please")));
        List<String> states = pub.stream().filter(m -> m.type().equals("status")).map(m -> m.contentObject().get("execution_state").getAsString()).toList();
        assertTrue(states.contains("busy") && states.contains("idle"), states.toString());
        assertFalse(pub.stream().anyMatch(m -> m.parentHeader().size() == 0 && m.type().equals("stream")), "streams have a parent");
    }

    @Test
    void aCommOpenIsClosedAtOnce() throws Exception {
        client.drainIoPub();
        JsonObject c = new JsonObject();
        c.addProperty("comm_id", "c1");
        c.addProperty("target_name", "jupyter.widget");
        c.add("data", new JsonObject());
        client.send("shell", "comm_open", c);       // not a request: no reply, a comm_close on iopub
        long deadline = System.currentTimeMillis() + 5000;
        boolean closed = false;
        while (!closed && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            closed = client.drainIoPub().stream().anyMatch(m -> m.type().equals("comm_close")
                    && m.contentObject().get("comm_id").getAsString().equals("c1"));
        }
        assertTrue(closed);
    }

    @Test
    void aPortAnotherProcessHoldsIsNamedInTheError() {
        // the same connection file again: its ports are this test's server's, as a port another process
        // took between Jupyter choosing it and the kernel binding it would be
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KernelServer.start(connection, new Stub(), m -> { }));
        assertTrue(e.getMessage().matches("cannot bind tcp://127\\.0\\.0\\.1:\\d+: another process took this port after Jupyter chose it.*"),
                e.getMessage());
        assertEquals("ok", client.execute("still serving").get("status").getAsString());
    }
}
