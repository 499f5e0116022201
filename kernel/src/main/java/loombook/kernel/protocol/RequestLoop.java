package loombook.kernel.protocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonSyntaxException;
import io.github.spencerpark.jupyter.messages.request.CompleteRequest;
import io.github.spencerpark.jupyter.messages.request.ExecuteRequest;
import io.github.spencerpark.jupyter.messages.request.HistoryRequest;
import io.github.spencerpark.jupyter.messages.request.InspectRequest;
import io.github.spencerpark.jupyter.messages.request.IsCompleteRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.zeromq.ZMQ;

/**
 * The loop of one ROUTER channel, shell or control: it waits for a message (a blocking receive, no
 * polling), checks it, publishes busy, handles it, replies, publishes idle. A message that is
 * malformed or badly signed is logged and dropped, and the loop goes on: a forged message never
 * makes the kernel deaf. A handler that throws gets an error reply; the loop goes on, even after an
 * {@link OutOfMemoryError}.
 */
final class RequestLoop implements Runnable {
    private final String name;
    private final ZMQ.Socket socket;
    private final WireCodec codec;
    private final Headers headers;
    private final IoPub iopub;
    private final StdinChannel stdin;
    private final KernelHandler handler;
    private final Runnable onShutdown;
    private final Consumer<String> log;
    private volatile boolean stopping;

    RequestLoop(String name, ZMQ.Socket socket, WireCodec codec, Headers headers, IoPub iopub, StdinChannel stdin,
                KernelHandler handler, Runnable onShutdown, Consumer<String> log) {
        this.name = name;
        this.socket = socket;
        this.codec = codec;
        this.headers = headers;
        this.iopub = iopub;
        this.stdin = stdin;
        this.handler = handler;
        this.onShutdown = onShutdown;
        this.log = log;
    }

    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        while (!stopping) {
            try {
                List<byte[]> frames;
                try {
                    frames = receive(0);
                } catch (RuntimeException e) {
                    if (!stopping) log.accept(name + ": receive failed, channel closed: " + e);
                    return;
                }
                if (frames == null) {
                    if (stopping) return;
                    continue;
                }
                handle(frames, false);
            } catch (OutOfMemoryError e) {
                // a cell filled the heap and the error landed here (building a reply, say): this request
                // may go unanswered, but the loop must live on, or the kernel would never answer again
                outOfMemory(e);
            }
        }
    }

    private void outOfMemory(OutOfMemoryError e) {
        try {
            log.accept(name + ": out of memory while handling a request: " + e);
        } catch (OutOfMemoryError again) {
            // nothing to say it with
        }
    }

    /** All frames of the next message, or null if there is none (non-blocking) or the socket closed. */
    private List<byte[]> receive(int flags) {
        byte[] first = socket.recv(flags);
        if (first == null) return null;
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) frames.add(socket.recv(0));
        return frames;
    }

    private void handle(List<byte[]> frames, boolean aborting) {
        WireMessage m;
        try {
            m = codec.decode(frames);
        } catch (BadMessageException e) {
            log.accept(name + ": ignored a message: " + e.getMessage());
            return;
        }
        status("busy", m);
        try {
            if (aborting && m.type().equals("execute_request")) {
                JsonObject c = new JsonObject();
                c.addProperty("status", "aborted");
                reply(m, "execute_reply", c);
            } else {
                dispatch(m);
            }
        } catch (Throwable t) {
            log.accept(name + ": " + m.type() + " failed: " + t);
            if (m.type().endsWith("_request")) {
                JsonObject c = new JsonObject();
                c.addProperty("status", "error");
                c.addProperty("ename", t.getClass().getSimpleName());
                c.addProperty("evalue", String.valueOf(t.getMessage()));
                c.add("traceback", new JsonArray());
                reply(m, m.type().replace("_request", "_reply"), c);
            }
        } finally {
            status("idle", m);
        }
    }

    private void dispatch(WireMessage m) {
        JsonObject c = m.contentObject();
        switch (m.type()) {
            case "kernel_info_request" -> reply(m, "kernel_info_reply", handler.kernelInfo());
            case "execute_request" -> execute(m, c);
            case "complete_request" -> reply(m, "complete_reply", handler.complete(Json.GSON.fromJson(c, CompleteRequest.class)));
            case "inspect_request" -> reply(m, "inspect_reply", handler.inspect(Json.GSON.fromJson(c, InspectRequest.class)));
            case "is_complete_request" -> reply(m, "is_complete_reply", handler.isComplete(Json.GSON.fromJson(c, IsCompleteRequest.class)));
            case "history_request" -> reply(m, "history_reply", handler.history(history(c)));
            case "comm_info_request" -> {
                JsonObject r = new JsonObject();
                r.add("comms", new JsonObject());
                reply(m, "comm_info_reply", r);
            }
            case "comm_open" -> {              // no comm targets: close it, as the protocol asks
                JsonObject close = new JsonObject();
                close.add("comm_id", c.get("comm_id"));
                close.add("data", new JsonObject());
                iopub.publish("comm_close", m.header(), close);
            }
            case "comm_msg", "comm_close" -> { }
            case "interrupt_request" -> {
                handler.interrupt();
                reply(m, "interrupt_reply", new JsonObject());
            }
            case "shutdown_request" -> {
                boolean restart = c.has("restart") && c.get("restart").getAsBoolean();
                JsonObject r = new JsonObject();
                r.addProperty("restart", restart);
                reply(m, "shutdown_reply", r);
                iopub.publish("shutdown_reply", m.header(), r);     // protocol 5.4 asks for it on iopub too
                handler.shutdown(restart);
                onShutdown.run();
            }
            default -> log.accept(name + ": ignored an unsupported message type: " + m.type());
        }
    }

    private static HistoryRequest history(JsonObject c) {
        if (!c.has("hist_access_type")) c.addProperty("hist_access_type", "tail");
        if (!c.has("n")) c.addProperty("n", 10);
        try {
            return Json.GSON.fromJson(c, HistoryRequest.class);
        } catch (JsonSyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a history request: " + e.getMessage(), e);
        }
    }

    private void execute(WireMessage m, JsonObject c) {
        boolean silent = bool(c, "silent", false);
        ExecuteRequest request = new ExecuteRequest(c.has("code") ? c.get("code").getAsString() : "", silent,
                bool(c, "store_history", !silent), userExpressions(c), bool(c, "allow_stdin", true), bool(c, "stop_on_error", true));
        ExecuteResult result = handler.execute(request, new Request(m, iopub, stdin, request.isStdinEnabled()));
        JsonObject r = new JsonObject();
        r.addProperty("status", result.isError() ? "error" : "ok");
        r.addProperty("execution_count", result.executionCount());
        if (result.isError()) {
            r.addProperty("ename", result.ename());
            r.addProperty("evalue", result.evalue());
            r.add("traceback", Json.GSON.toJsonTree(result.traceback()));
        } else {
            r.add("user_expressions", Json.GSON.toJsonTree(result.userExpressions()));
            r.add("payload", new JsonArray());
        }
        reply(m, "execute_reply", r);
        if (result.isError() && request.shouldStopOnError()) abortQueued();
    }

    /** After an error with stop_on_error: the execute requests already queued are answered "aborted". */
    private void abortQueued() {
        List<byte[]> frames;
        while ((frames = receive(ZMQ.DONTWAIT)) != null) handle(frames, true);
    }

    private static boolean bool(JsonObject c, String key, boolean dflt) {
        JsonElement e = c.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsBoolean() : dflt;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> userExpressions(JsonObject c) {
        JsonElement e = c.get("user_expressions");
        if (e == null || !e.isJsonObject()) return Map.of();
        return Json.GSON.fromJson(e, Map.class);
    }

    private void reply(WireMessage request, String type, Object content) {
        JsonElement json = Json.GSON.toJsonTree(content);
        if (json.isJsonObject() && !json.getAsJsonObject().has("status")) json.getAsJsonObject().addProperty("status", "ok");
        List<byte[]> frames = codec.encode(headers.message(type, request.header(), json, request.identities()));
        for (int i = 0; i < frames.size(); i++) {
            if (i < frames.size() - 1) socket.sendMore(frames.get(i));
            else socket.send(frames.get(i));
        }
    }

    private void status(String state, WireMessage parent) {
        JsonObject c = new JsonObject();
        c.addProperty("execution_state", state);
        iopub.publish("status", parent.header(), c);
    }
}
