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
import java.util.Set;
import java.util.function.Consumer;
import org.zeromq.ZMQ;

/**
 * The loop of one ROUTER channel, shell or control: it waits for a message (a blocking receive, no
 * polling), checks it, publishes busy, handles it, replies, publishes idle. A message that is
 * malformed, badly signed, replayed or too large is refused: logged once per kind (then counted),
 * and answered with an error reply when its header is sound and it is a request; the loop goes on,
 * whatever a message holds: a forged or broken message never makes the kernel deaf. A handler that
 * throws gets an error reply; the loop goes on, even after an {@link OutOfMemoryError}.
 *
 * <p>The control channel runs no user code, so that an interrupt is always heard: it answers
 * {@code kernel_info}, {@code interrupt}, {@code shutdown} and {@code comm_info} requests, and
 * refuses every other request (an {@code execute_request} above all) with an error reply that
 * says to send it on the shell channel.
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
    private final Complaints complaints;
    /** Interrupts that found no cell, shared by the shell and control loops. */
    private final EarlyInterrupts early;
    private final long keepBytes;
    private final long maxMessageBytes;
    private volatile boolean stopping;
    private static final Object RECLAIM = new Object();
    private static long lastReclaim;

    /** The requests the control channel answers; it refuses the others, which may run user code. */
    static final Set<String> CONTROL_REQUESTS = Set.of("kernel_info_request", "interrupt_request", "shutdown_request", "comm_info_request");
    /** Frames of one message beyond this many are not kept (the message is refused as too large). */
    static final int MAX_FRAMES = 64;

    RequestLoop(String name, ZMQ.Socket socket, WireCodec codec, Headers headers, IoPub iopub, StdinChannel stdin,
                KernelHandler handler, Runnable onShutdown, Consumer<String> log, Complaints complaints, MessageLimits limits,
                EarlyInterrupts early) {
        this.early = early;
        this.name = name;
        this.socket = socket;
        this.codec = codec;
        this.headers = headers;
        this.iopub = iopub;
        this.stdin = stdin;
        this.handler = handler;
        this.onShutdown = onShutdown;
        this.log = log;
        this.complaints = complaints;
        this.keepBytes = limits.frameCap() + limits.maxMessageBytes();
        this.maxMessageBytes = limits.maxMessageBytes();
    }

    void stop() {
        stopping = true;
    }

    /**
     * Serves the channel until {@link #stop()}. It returns only when stopping; if the socket itself
     * fails, it throws, and the server's supervisor starts the loop again on the same socket.
     */
    @Override
    public void run() {
        while (!stopping) {
            List<byte[]> frames;
            try {
                frames = receive(0);
            } catch (RuntimeException e) {
                if (stopping) return;
                throw e;
            }
            if (frames == null) continue;
            try {
                long size = size(frames);
                handle(frames, false);
                frames = null;
                if (size > maxMessageBytes) reclaim();
            } catch (OutOfMemoryError e) {
                // a cell filled the heap and the error landed here (building a reply, say): this request
                // may go unanswered, but the loop must live on, or the kernel would never answer again
                outOfMemory(e);
            } catch (Throwable t) {
                complaints.refused(name, "failed while handling", String.valueOf(t));
            }
        }
    }

    private static long size(List<byte[]> frames) {
        long n = 0;
        for (byte[] f : frames) n += f.length;
        return n;
    }

    /**
     * After a message over the maximum (refused: unsigned or too large), its copies (ZeroMQ's
     * buffer, the frames) are garbage, but the serial collector gives the heap they grew back to
     * the system only after full collections, and in steps (none at the first, all by the fourth):
     * up to four, while the committed heap is more than twice what is used, at most once a second,
     * so that a refused 50 MB message does not leave the kernel hundreds of MB larger (measured
     * without: 77 to 341 MB resident; see docs/decisions/0106).
     */
    private static void reclaim() {
        synchronized (RECLAIM) {
            long now = System.nanoTime();
            if (lastReclaim != 0 && now - lastReclaim < 1_000_000_000L) return;
            lastReclaim = now;
        }
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            long used = r.totalMemory() - r.freeMemory();
            if (r.totalMemory() <= 2 * used + (16 << 20)) return;
        }
    }

    private void outOfMemory(OutOfMemoryError e) {
        try {
            log.accept(name + ": out of memory while handling a request: " + e);
        } catch (OutOfMemoryError again) {
            // nothing to say it with
        }
    }

    /**
     * All frames of the next message, or null if there is none (non-blocking) or the socket closed.
     * Frames past {@link #MAX_FRAMES} or past the size the limits allow are read but not kept: the
     * message is refused as too large (logged) and comes back as no frames at all.
     */
    private List<byte[]> receive(int flags) {
        byte[] first = socket.recv(flags);
        if (first == null) return null;
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        long kept = first.length;
        boolean dropped = false;
        while (socket.hasReceiveMore()) {
            byte[] f = socket.recv(0);
            if (f == null) break;
            if (dropped || frames.size() >= MAX_FRAMES || kept + f.length > keepBytes) {
                dropped = true;
                continue;
            }
            frames.add(f);
            kept += f.length;
        }
        if (dropped) {
            complaints.refused(name, "too large", "a message of more than " + MAX_FRAMES + " frames or "
                    + MessageLimits.mb(keepBytes) + "; its extra frames were dropped unread");
            return List.of();
        }
        return frames;
    }

    private void handle(List<byte[]> frames, boolean aborting) {
        if (frames.isEmpty()) return;               // refused as it was read
        WireMessage m;
        try {
            m = codec.decode(frames);
        } catch (BadMessageException e) {
            complaints.refused(name, e.kind(), e.getMessage());
            WireMessage answerable = e.answerable();
            if (answerable != null && answerable.type().endsWith("_request")) refuse(answerable, "BadMessage", e.getMessage());
            return;
        }
        if (!isControl() || CONTROL_REQUESTS.contains(m.type()) || !m.type().endsWith("_request")) {
            serve(m, aborting);
        } else {
            complaints.refused(name, "not a control request", m.type() + " on the control channel");
            refuse(m, "NotAControlRequest", m.type() + " is not answered on the control channel, which only interrupts, shuts down "
                    + "and says what the kernel is (so that an interrupt is always heard): send it on the shell channel");
        }
    }

    private boolean isControl() {
        return name.equals("control");
    }

    /** Answers {@code m} with an error reply saying {@code why} (and, for a cell, an error on IOPub the notebook shows). */
    private void refuse(WireMessage m, String ename, String why) {
        status("busy", m);
        try {
            JsonObject c = new JsonObject();
            c.addProperty("status", "error");
            c.addProperty("ename", ename);
            c.addProperty("evalue", why);
            JsonArray tb = new JsonArray();
            tb.add(ename + ": " + why);
            c.add("traceback", tb);
            if (m.type().equals("execute_request")) iopub.publish("error", m.header(), c);
            reply(m, m.type().substring(0, m.type().length() - "_request".length()) + "_reply", c);
        } finally {
            status("idle", m);
        }
    }

    private void serve(WireMessage m, boolean aborting) {
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
                if (!handler.interrupt()) early.missed(m.header());
                reply(m, "interrupt_reply", new JsonObject());
            }
            case "shutdown_request" -> {
                boolean restart = bool(c, "restart", false);
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
        JsonElement code = c.get("code");
        if (code != null && !(code.isJsonPrimitive() && code.getAsJsonPrimitive().isString())) {
            throw new IllegalArgumentException("the execute request's code is not a string");
        }
        ExecuteRequest request = new ExecuteRequest(code != null ? code.getAsString() : "", silent,
                bool(c, "store_history", !silent), userExpressions(c), bool(c, "allow_stdin", true), bool(c, "stop_on_error", true));
        ExecuteResult result;
        if (early.stops(m.header())) handler.interruptNextCell();
        try {
            result = handler.execute(request, new Request(m, iopub, stdin, request.isStdinEnabled()));
        } finally {
            stdin.requestEnded(m.header());         // an input box of this request no longer answers anything
        }
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

    private static Map<String, String> userExpressions(JsonObject c) {
        JsonElement e = c.get("user_expressions");
        if (e == null || !e.isJsonObject()) return Map.of();
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> x : e.getAsJsonObject().entrySet()) {
            JsonElement v = x.getValue();
            if (!(v.isJsonPrimitive() && v.getAsJsonPrimitive().isString())) {
                throw new IllegalArgumentException("the user expression " + x.getKey() + " is not a string");
            }
            out.put(x.getKey(), v.getAsString());
        }
        return out;
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
