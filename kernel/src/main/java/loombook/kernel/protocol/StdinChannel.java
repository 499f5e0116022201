package loombook.kernel.protocol;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.zeromq.ZMQ;

/**
 * The stdin channel: asks the frontend for a line of input ({@code input_request}) and waits for
 * its {@code input_reply}. One thread owns the socket; a waiting reader can be interrupted (the cell
 * was interrupted), which cancels the wait without touching the socket from another thread.
 */
final class StdinChannel {
    private final ZMQ.Socket socket;
    private final WireCodec codec;
    private final Headers headers;
    private final Consumer<String> log;
    private final LinkedBlockingQueue<Ask> asks = new LinkedBlockingQueue<>();
    private final ZMQ.CancellationToken cancel;
    private volatile Ask current;

    private record Ask(List<byte[]> identities, JsonObject parent, String prompt, boolean password,
                       CompletableFuture<String> answer) {}

    StdinChannel(ZMQ.Socket socket, WireCodec codec, Headers headers, Consumer<String> log) {
        this.socket = socket;
        this.codec = codec;
        this.headers = headers;
        this.log = log;
        this.cancel = socket.createCancellationToken();
        Thread t = new Thread(this::run, "loombook-stdin");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Asks the frontend behind {@code identities} for a line, for the request {@code parent}.
     *
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    String readLine(List<byte[]> identities, JsonObject parent, String prompt, boolean password) throws InterruptedException {
        Ask ask = new Ask(identities, parent, prompt, password, new CompletableFuture<>());
        asks.put(ask);
        try {
            return ask.answer.get();
        } catch (InterruptedException e) {
            ask.answer.cancel(false);
            if (current == ask) cancel.cancel();
            throw e;
        } catch (ExecutionException e) {
            return null;
        }
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
                exchange(ask);
            } catch (RuntimeException e) {
                log.accept("stdin: " + e);
                ask.answer.completeExceptionally(e);
            } finally {
                current = null;
                cancel.reset();
            }
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
                if (cancel.isCancellationRequested()) return;
                throw e;
            }
            if (f == null) return;                      // cancelled: the reader was interrupted
            frames.add(f);
            while (socket.hasReceiveMore()) frames.add(socket.recv(0));
            try {
                WireMessage reply = codec.decode(frames);
                String answers = reply.parentHeader().has("msg_id") ? reply.parentHeader().get("msg_id").getAsString() : "";
                // jupyter_client's input() sends no parent header; a reply to an earlier, cancelled
                // request names that request and is dropped
                if (reply.type().equals("input_reply") && (answers.isEmpty() || answers.equals(request.id()))) {
                    JsonObject rc = reply.contentObject();
                    ask.answer.complete(rc.has("value") ? rc.get("value").getAsString() : "");
                }
            } catch (BadMessageException e) {
                log.accept("stdin: ignored a message: " + e.getMessage());
            }
        }
    }
}
