package loombook.kernel.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.zeromq.ZMQ;

/**
 * The stdin channel: asks the frontend for a line of input ({@code input_request}) and waits for
 * its {@code input_reply}. One thread owns the socket; a waiting reader can be interrupted (the cell
 * was interrupted), which cancels the wait without touching the socket from another thread.
 *
 * <p>An answer belongs to the question asked. Before each question, whatever the frontend sent
 * since the last one is dropped unread (a late reply to an interrupted question, typed after the
 * interrupt, would otherwise answer the next question, and every answer after it would be one
 * behind); a reply naming another request as its parent is dropped; and when a request ends
 * ({@link #requestEnded}), its questions still waiting are withdrawn: their readers get an
 * {@link InterruptedException} saying so, and the channel is free for the next request.
 */
final class StdinChannel {
    private final ZMQ.Socket socket;
    private final WireCodec codec;
    private final Headers headers;
    private final Complaints complaints;
    private final LinkedBlockingQueue<Ask> asks = new LinkedBlockingQueue<>();
    private final ZMQ.CancellationToken cancel;
    private volatile Ask current;

    private record Ask(List<byte[]> identities, JsonObject parent, String prompt, boolean password,
                       CompletableFuture<String> answer) {}

    /** Why a question went unanswered: its request ended first. */
    private static final class Withdrawn extends RuntimeException {
        Withdrawn() {
            super("the request that asked for input has ended", null, false, false);
        }
    }

    StdinChannel(ZMQ.Socket socket, WireCodec codec, Headers headers, Complaints complaints) {
        this.socket = socket;
        this.codec = codec;
        this.headers = headers;
        this.complaints = complaints;
        this.cancel = socket.createCancellationToken();
        Thread t = new Thread(this::run, "loombook-stdin");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Asks the frontend behind {@code identities} for a line, for the request {@code parent}.
     *
     * @throws InterruptedException if the calling thread is interrupted while waiting, or the request ended first
     */
    String readLine(List<byte[]> identities, JsonObject parent, String prompt, boolean password) throws InterruptedException {
        Ask ask = new Ask(identities, parent, prompt, password, new CompletableFuture<>());
        asks.put(ask);
        try {
            return ask.answer.get();
        } catch (InterruptedException e) {
            withdraw(ask);
            throw e;
        } catch (CancellationException e) {
            throw new InterruptedException("the request that asked for input has ended");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Withdrawn w) throw new InterruptedException(w.getMessage());
            return null;
        }
    }

    /** The request {@code parent} has ended: its questions still waiting are withdrawn. */
    void requestEnded(JsonObject parent) {
        String id = id(parent);
        for (Ask a : asks) {
            if (id(a.parent).equals(id)) a.answer.completeExceptionally(new Withdrawn());
        }
        Ask now = current;
        if (now != null && id(now.parent).equals(id)) {
            now.answer.completeExceptionally(new Withdrawn());
            cancel.cancel();
        }
    }

    private void withdraw(Ask ask) {
        ask.answer.cancel(false);
        if (current == ask) cancel.cancel();
    }

    private static String id(JsonObject header) {
        JsonElement e = header == null ? null : header.get("msg_id");
        return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
    }

    private void run() {
        while (true) {
            Ask ask;
            try {
                ask = asks.take();
            } catch (InterruptedException e) {
                return;
            }
            if (ask.answer.isDone()) continue;
            current = ask;
            try {
                dropStale();
                exchange(ask);
            } catch (Throwable e) {
                complaints.refused("stdin", "failed", String.valueOf(e));
                ask.answer.completeExceptionally(e);
            } finally {
                current = null;
                cancel.reset();
            }
        }
    }

    /** Drops what the frontend sent while no question was asked: nothing can be its answer. */
    private void dropStale() {
        byte[] f;
        while ((f = socket.recv(ZMQ.DONTWAIT)) != null) {
            while (socket.hasReceiveMore()) socket.recv(0);
            complaints.refused("stdin", "stale", "a message sent while no input was asked for (a late reply to an interrupted"
                    + " or ended request) was dropped");
        }
    }

    private void exchange(Ask ask) {
        JsonObject c = new JsonObject();
        c.addProperty("prompt", ask.prompt);
        c.addProperty("password", ask.password);
        WireMessage request = headers.message("input_request", ask.parent, c, ask.identities);
        List<byte[]> out = codec.encode(request);
        for (int i = 0; i < out.size(); i++) {
            if (i < out.size() - 1) socket.sendMore(out.get(i));
            else socket.send(out.get(i));
        }
        while (!ask.answer.isDone()) {
            List<byte[]> frames = new ArrayList<>();
            byte[] f;
            try {
                f = socket.recv(0, cancel);
            } catch (org.zeromq.ZMQException e) {
                if (!cancel.isCancellationRequested()) throw e;
                f = null;
            }
            if (f == null) {                            // cancelled: the reader was interrupted or the request ended,
                cancel.reset();                         // or a late cancel meant for the question before (then wait on)
                continue;
            }
            frames.add(f);
            while (socket.hasReceiveMore() && frames.size() < RequestLoop.MAX_FRAMES) frames.add(socket.recv(0));
            while (socket.hasReceiveMore()) socket.recv(0);
            try {
                WireMessage reply = codec.decode(frames);
                String answers = id(reply.parentHeader());
                // jupyter_client's input() sends no parent header; a reply to an earlier, cancelled
                // request names that request and is dropped
                if (!reply.type().equals("input_reply")) {
                    complaints.refused("stdin", "not an input reply", reply.type() + " on the stdin channel");
                } else if (!answers.isEmpty() && !answers.equals(request.id())) {
                    complaints.refused("stdin", "stale", "an input reply to " + answers + ", not to the question asked now");
                } else {
                    JsonElement v = reply.contentObject().get("value");
                    ask.answer.complete(v != null && v.isJsonPrimitive() ? v.getAsString() : "");
                }
            } catch (BadMessageException e) {
                complaints.refused("stdin", e.kind(), e.getMessage());
            }
        }
    }
}
