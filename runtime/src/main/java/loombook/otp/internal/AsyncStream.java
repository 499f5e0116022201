package loombook.otp.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import loombook.Clauses;
import loombook.Down;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessExit;
import loombook.Reason;
import loombook.Ref;
import loombook.otp.CallExit;
import loombook.otp.ChildSpec;
import loombook.otp.DynamicSupervisor;
import loombook.otp.Task;

/**
 * {@code Task.async_stream}: runs a function on each element with at most {@code maxConcurrency}
 * tasks at a time, yielding {@code Task.Ok}/{@code Task.Exited} results in input order (or as they
 * finish), lazily, as the stream is consumed by the process that created it.
 */
public final class AsyncStream<E, R> implements Iterator<Task.Result<R>> {
    private record Running(int index, Pid pid, Ref mon, Ref tag, long deadline) {}

    private final Iterator<? extends E> input;
    private final Function<? super E, ? extends R> fun;
    private final Task.StreamOptions opts;
    private final boolean link;
    private final Object supervisor;
    private final Pid owner;
    private final Map<Ref, Running> byMon = new HashMap<>();
    private final Map<Ref, Running> byTag = new HashMap<>();
    private final TreeMap<Integer, Task.Result<R>> done = new TreeMap<>();
    private final ArrayDeque<Task.Result<R>> unordered = new ArrayDeque<>();
    private final Clauses<Object> clauses = m -> switch (m) {
        case TaskReply r when byTag.containsKey(r.tag()) -> r;
        case Down d when byMon.containsKey(d.ref()) -> d;
        default -> null;
    };
    private int started;
    private int emitted;
    private boolean closed;

    private AsyncStream(Iterable<? extends E> input, Function<? super E, ? extends R> fun, Task.StreamOptions opts,
                        boolean link, Object supervisor) {
        this.input = input.iterator();
        this.fun = fun;
        this.opts = opts;
        this.link = link;
        this.supervisor = supervisor;
        this.owner = Calls.self("Task.asyncStream");
    }

    /** The stream; closing it (or consuming it to the end) stops the tasks still running. */
    public static <E, R> Stream<Task.Result<R>> of(Iterable<? extends E> input, Function<? super E, ? extends R> fun,
                                                   Task.StreamOptions opts, boolean link, Object supervisor) {
        AsyncStream<E, R> it = new AsyncStream<>(input, fun, opts, link, supervisor);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false).onClose(it::close);
    }

    @Override
    public boolean hasNext() {
        checkOwner();
        if (closed) return false;
        fill();
        boolean more = !byMon.isEmpty() || !done.isEmpty() || !unordered.isEmpty();
        if (!more) close();
        return more;
    }

    @Override
    public Task.Result<R> next() {
        if (!hasNext()) throw new NoSuchElementException();
        for (;;) {
            if (opts.ordered()) {
                Task.Result<R> r = done.remove(emitted);
                if (r != null) {
                    emitted++;
                    return r;
                }
            } else if (!unordered.isEmpty()) {
                emitted++;
                return unordered.poll();
            }
            await();
            fill();
        }
    }

    private void checkOwner() {
        if (!owner.equals(Process.self())) {
            throw new IllegalStateException("Task.asyncStream: the stream must be consumed by the process that created it ("
                    + owner + "), not " + Process.self() + ": the results are sent to its mailbox");
        }
    }

    private void fill() {
        while (!closed && byMon.size() < opts.maxConcurrency() && input.hasNext()) {
            E element = input.next();
            int index = started++;
            Ref tag = TaskGates.open(owner);
            Pid pid;
            if (supervisor == null) {
                Runnable body = TaskRunner.body(owner, tag, () -> fun.apply(element), false);
                pid = link ? Process.spawnLink(body) : Process.spawn(body);
            } else {
                Runnable body = TaskRunner.body(owner, tag, () -> fun.apply(element), link);
                pid = DynamicSupervisor.startChild(supervisor, ChildSpec.worker("task", () -> Process.spawnLink(body))
                        .withRestart(ChildSpec.Restart.TEMPORARY));
            }
            Ref mon = Process.monitor(pid);
            TaskRunner.go(pid, tag);
            long deadline = opts.timeout() == Process.INFINITY ? Long.MAX_VALUE : Process.monotonicTime() + opts.timeout() * 1_000_000L;
            Running r = new Running(index, pid, mon, tag, deadline);
            byMon.put(mon, r);
            byTag.put(tag, r);
        }
    }

    private void await() {
        long next = Long.MAX_VALUE;
        for (Running r : byMon.values()) next = Math.min(next, r.deadline());
        long wait = next == Long.MAX_VALUE ? Process.INFINITY : Math.max(0, (next - Process.monotonicTime() + 999_999) / 1_000_000);
        Object m = Process.receive(clauses, wait, () -> null);
        switch (m) {
            case TaskReply reply -> {
                Running r = byTag.get(reply.tag());
                finish(r);
                result(r, new Task.Ok<>(cast(reply.value())));
            }
            case Down d -> {
                Running r = byMon.get(d.ref());
                if (TaskGates.sent(r.tag())) {
                    byMon.remove(d.ref());      // its reply arrived before its DOWN; it is taken next
                    return;
                }
                forget(r);
                result(r, new Task.Exited<>(d.reason()));
            }
            case null -> timedOut();
            default -> throw new IllegalStateException();
        }
    }

    private void timedOut() {
        long now = Process.monotonicTime();
        for (Running r : List.copyOf(byMon.values())) {
            if (r.deadline() > now) continue;
            if (!TaskGates.close(r.tag())) continue;         // its result is arriving: take it
            if (opts.onTimeout() == Task.OnTimeout.EXIT) {
                close();
                throw new ProcessExit(new CallExit(Reason.TIMEOUT, "Task.asyncStream",
                        List.of("element #" + r.index(), opts.timeout())));
            }
            kill(r);
            result(r, new Task.Exited<>(Reason.TIMEOUT));
        }
    }

    private void result(Running r, Task.Result<R> result) {
        if (opts.ordered()) done.put(r.index(), result);
        else unordered.add(result);
    }

    private void finish(Running r) {
        byTag.remove(r.tag());
        if (byMon.remove(r.mon()) != null) Monitors.drop(r.mon());
        TaskGates.forget(r.tag());
    }

    private void forget(Running r) {
        byTag.remove(r.tag());
        byMon.remove(r.mon());
        TaskGates.forget(r.tag());
    }

    private void kill(Running r) {
        Process.unlink(r.pid());
        Process.exit(r.pid(), Reason.KILL);
        if (byMon.containsKey(r.mon())) Monitors.drop(r.mon());
        forget(r);
    }

    /** Stops the tasks still running; no result of theirs will reach the mailbox. */
    public void close() {
        if (closed) return;
        closed = true;
        for (Running r : List.copyOf(byTag.values())) {
            if (TaskGates.close(r.tag())) {
                kill(r);
            } else {
                Process.receive(m -> m instanceof TaskReply t && t.tag() == r.tag() ? t : null, 1000, () -> null);
                finish(r);
            }
        }
        byMon.clear();
        byTag.clear();
    }

    @SuppressWarnings("unchecked")
    private R cast(Object v) {
        return (R) v;
    }
}
