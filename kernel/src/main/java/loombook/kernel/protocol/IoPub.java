package loombook.kernel.protocol;

import com.google.gson.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.zeromq.ZMQ;

/**
 * The IOPub channel: one thread owns the PUB socket and sends, in order, everything the kernel
 * publishes. Stream text is coalesced: writes to the same stream of the same request within a few
 * milliseconds go out as one message (a process printing in a loop does not flood the frontend with
 * one message per line), and any other message of that request first pushes out the text written
 * before it, so order is kept. The thread sleeps until there is something to send: no polling.
 */
final class IoPub {
    /** How long stream text may wait for more text before it is sent. */
    static final long STREAM_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Stream text beyond this is sent at once. */
    static final int STREAM_MAX_CHARS = 64 * 1024;

    private final ZMQ.Socket socket;
    private final WireCodec codec;
    private final Headers headers;
    private final Consumer<String> log;
    private final Object lock = new Object();
    private final ArrayDeque<WireMessage> queue = new ArrayDeque<>();
    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
    private boolean closing;
    private boolean closed;
    private final Thread thread;

    /** Text waiting to go out as one stream message. */
    private static final class Pending {
        final JsonObject parent;
        final String name;
        final StringBuilder text = new StringBuilder();
        final long deadline;

        Pending(JsonObject parent, String name, long deadline) {
            this.parent = parent;
            this.name = name;
            this.deadline = deadline;
        }
    }

    IoPub(ZMQ.Socket socket, WireCodec codec, Headers headers, Consumer<String> log) {
        this.socket = socket;
        this.codec = codec;
        this.headers = headers;
        this.log = log;
        this.thread = new Thread(this::run, "loombook-iopub");
        thread.setDaemon(true);
        thread.start();
    }

    /** Publishes a message of {@code type} for the request {@code parent}, after that request's pending stream text. */
    void publish(String type, JsonObject parent, Object content) {
        WireMessage m = headers.message(type, parent, Json.GSON.toJsonTree(content), List.of());
        synchronized (lock) {
            if (closed) return;
            flushParent(parentId(parent));
            queue.add(m);
            lock.notifyAll();
        }
    }

    /** Appends {@code text} to the stream {@code name} ({@code stdout} or {@code stderr}) of the request {@code parent}. */
    void stream(JsonObject parent, String name, String text) {
        if (text.isEmpty()) return;
        String id = parentId(parent);
        synchronized (lock) {
            if (closed) return;
            Pending other = pending.remove(key(id, name.equals("stdout") ? "stderr" : "stdout"));
            if (other != null) queue.add(streamMessage(other));       // keep stdout/stderr order
            String key = key(id, name);
            Pending p = pending.get(key);
            if (p == null) {
                p = new Pending(parent, name, System.nanoTime() + STREAM_DELAY_NANOS);
                pending.put(key, p);
            }
            p.text.append(text);
            if (p.text.length() >= STREAM_MAX_CHARS) {
                pending.remove(key);
                queue.add(streamMessage(p));
            }
            lock.notifyAll();
        }
    }

    /** Sends everything queued, then stops the thread; the socket is the caller's to close. */
    void close() {
        synchronized (lock) {
            if (closed) return;
            closing = true;
            lock.notifyAll();
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void flushParent(String id) {
        Pending out = pending.remove(key(id, "stdout"));
        Pending err = pending.remove(key(id, "stderr"));
        // at most one of the two is pending (writing to one flushes the other)
        if (out != null) queue.add(streamMessage(out));
        if (err != null) queue.add(streamMessage(err));
    }

    private WireMessage streamMessage(Pending p) {
        JsonObject c = new JsonObject();
        c.addProperty("name", p.name);
        c.addProperty("text", p.text.toString());
        return headers.message("stream", p.parent, c, List.of());
    }

    private static String parentId(JsonObject parent) {
        com.google.gson.JsonElement id = parent == null ? null : parent.get("msg_id");
        return id != null && id.isJsonPrimitive() ? id.getAsString() : "";
    }

    private static String key(String parentId, String name) {
        return parentId + '\u0000' + name;
    }

    private void run() {
        List<WireMessage> batch = new ArrayList<>();
        while (true) {
            boolean last;
            synchronized (lock) {
                while (true) {
                    long now = System.nanoTime();
                    for (Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
                        Pending p = it.next().getValue();
                        if (closing || p.deadline - now <= 0) {
                            it.remove();
                            queue.add(streamMessage(p));
                        }
                    }
                    if (!queue.isEmpty() || closing) break;
                    try {
                        if (pending.isEmpty()) {
                            lock.wait();
                        } else {
                            long wait = pending.values().iterator().next().deadline - now;
                            for (Pending p : pending.values()) wait = Math.min(wait, p.deadline - now);
                            TimeUnit.NANOSECONDS.timedWait(lock, Math.max(wait, 1));
                        }
                    } catch (InterruptedException e) {
                        closing = true;
                    }
                }
                batch.addAll(queue);
                queue.clear();
                last = closing;
                if (last) closed = true;
            }
            try {
                for (WireMessage m : batch) send(m);
            } catch (OutOfMemoryError e) {
                // a cell filled the heap: this batch is lost, but output and status go on afterwards
            } catch (RuntimeException e) {
                log.accept("iopub: a batch of " + batch.size() + " messages was lost: " + e);
            }
            batch.clear();
            if (last) return;
        }
    }

    private void send(WireMessage m) {
        try {
            List<byte[]> frames = codec.encode(m);
            for (int i = 0; i < frames.size(); i++) {
                if (i < frames.size() - 1) socket.sendMore(frames.get(i));
                else socket.send(frames.get(i));
            }
        } catch (RuntimeException e) {
            log.accept("iopub: could not send " + m.type() + ": " + e);
        }
    }
}
