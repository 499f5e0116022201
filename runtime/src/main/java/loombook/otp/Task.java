package loombook.otp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import loombook.Clauses;
import loombook.Down;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessExit;
import loombook.Reason;
import loombook.Ref;
import loombook.otp.internal.AsyncStream;
import loombook.otp.internal.Calls;
import loombook.otp.internal.Monitors;
import loombook.otp.internal.TaskGates;
import loombook.otp.internal.TaskReply;
import loombook.otp.internal.TaskRunner;

/**
 * A process that computes one value, Elixir's {@code Task}: start work with {@link #async}, do
 * something else, then {@link #await} the result. The task is linked to the process that started
 * it (its <em>owner</em>), so if either crashes, both do, and only the owner may await it.
 *
 * <pre>{@code
 * Task<Integer> t = Task.async(() -> { sleep(100); return 7 * 7; });
 * // ... other work ...
 * int r = Task.await(t);                 // 49, or the caller exits after 5 s
 *
 * List<Integer> squares = Task.asyncStream(List.of(1, 2, 3, 4), x -> x * x,
 *                                          Task.streamOptions().withMaxConcurrency(2))
 *                             .map(res -> ((Task.Ok<Integer>) res).value()).toList();   // [1, 4, 9, 16]
 * }</pre>
 *
 * <p>If the owner stops waiting (an await times out, or it shuts the task down), the task's result
 * is dropped: it never lands in the owner's mailbox later. A crashing task prints a report like
 * Elixir's {@code Task ... started from ... terminating}.
 *
 * @param <T> the type of the task's result
 */
public final class Task<T> {
    private final Pid pid;
    private final Ref ref;
    private final Ref tag;
    private final Pid owner;

    private Task(Pid pid, Ref ref, Ref tag, Pid owner) {
        this.pid = pid;
        this.ref = ref;
        this.tag = tag;
        this.owner = owner;
    }

    /** The task's process. */
    public Pid pid() {
        return pid;
    }

    /** The ref of the owner's monitor on the task. */
    public Ref ref() {
        return ref;
    }

    /** The process that started the task; the only one that may await it. */
    public Pid owner() {
        return owner;
    }

    @Override
    public String toString() {
        return "%Task{pid: " + pid + ", owner: " + owner + ", ref: " + ref + "}";
    }

    /**
     * How a task ended, as {@link #yield} and {@link #asyncStream} report it: Elixir's
     * {@code {:ok, value}} or {@code {:exit, reason}}.
     *
     * <pre>{@code
     * switch (Task.yield(t, 100).orElseThrow()) {
     *     case Task.Ok<Integer>(var v) -> System.out.println("got " + v);
     *     case Task.Exited<Integer>(var why) -> System.out.println("failed: " + why);
     * }
     * }</pre>
     */
    public sealed interface Result<T> permits Ok, Exited {}

    /**
     * The task returned {@code value}.
     *
     * @param value the result
     */
    public record Ok<T>(T value) implements Result<T> {}

    /**
     * The task ended without a result.
     *
     * @param reason why: its exception, {@link Reason#TIMEOUT}, {@link Reason#KILLED}...
     */
    public record Exited<T>(Object reason) implements Result<T> {}

    /** What {@link #asyncStream} does with a task that runs out of time: Elixir's {@code :on_timeout}. */
    public enum OnTimeout {
        /** The caller exits (with a {@link CallExit} of reason {@link Reason#TIMEOUT}); the default. */
        EXIT,
        /** The task is killed and its result is {@code Exited(TIMEOUT)}; the stream goes on. */
        KILL_TASK
    }

    /**
     * The options of {@link #asyncStream}: Elixir's {@code max_concurrency:} (default: the number
     * of processors), {@code ordered:} (true), {@code timeout:} (5,000 ms per task) and
     * {@code on_timeout:} ({@link OnTimeout#EXIT}).
     *
     * <pre>{@code
     * Task.streamOptions().withMaxConcurrency(10).withOrdered(false).withTimeout(1000).withOnTimeout(Task.OnTimeout.KILL_TASK)
     * }</pre>
     *
     * @param maxConcurrency how many tasks run at once
     * @param ordered results in input order (true) or as they finish
     * @param timeout how long each task may run, in ms, or {@link Process#INFINITY}
     * @param onTimeout what happens to a task that runs longer
     */
    public record StreamOptions(int maxConcurrency, boolean ordered, long timeout, OnTimeout onTimeout) {
        /** Options; maxConcurrency 1 or more. */
        public StreamOptions {
            if (maxConcurrency < 1) throw new IllegalArgumentException("maxConcurrency must be 1 or more, not " + maxConcurrency);
            Calls.checkTimeout("Task.StreamOptions", timeout);
            Objects.requireNonNull(onTimeout, "onTimeout");
        }

        /** With another maxConcurrency. */
        public StreamOptions withMaxConcurrency(int n) {
            return new StreamOptions(n, ordered, timeout, onTimeout);
        }

        /** With results in input order or not. */
        public StreamOptions withOrdered(boolean o) {
            return new StreamOptions(maxConcurrency, o, timeout, onTimeout);
        }

        /** With another timeout per task. */
        public StreamOptions withTimeout(long millis) {
            return new StreamOptions(maxConcurrency, ordered, millis, onTimeout);
        }

        /** With another timeout behaviour. */
        public StreamOptions withOnTimeout(OnTimeout o) {
            return new StreamOptions(maxConcurrency, ordered, timeout, o);
        }
    }

    /**
     * Elixir's defaults for {@link #asyncStream}.
     *
     * <pre>{@code
     * Task.streamOptions().withMaxConcurrency(4)
     * }</pre>
     */
    public static StreamOptions streamOptions() {
        return new StreamOptions(Runtime.getRuntime().availableProcessors(), true, Calls.DEFAULT_TIMEOUT, OnTimeout.EXIT);
    }

    // ------------------------------------------------------------------ async / await

    /**
     * Runs {@code fun} in a new process linked to and monitored by the caller; await its result
     * with {@link #await}. Elixir's {@code Task.async/1}.
     *
     * <pre>{@code
     * Task<String> page = Task.async(() -> fetch("https://example.org"));
     * }</pre>
     */
    public static <T> Task<T> async(Supplier<T> fun) {
        Objects.requireNonNull(fun, "Task.async: fun");
        Pid owner = Calls.self("Task.async");
        Ref tag = TaskGates.open(owner);
        Pid pid = Process.spawnLink(TaskRunner.body(owner, tag, fun, false));
        Ref mon = Process.monitor(pid);
        TaskRunner.go(pid, tag);
        return new Task<>(pid, mon, tag, owner);
    }

    /**
     * Waits up to 5 seconds for the task's result. If the task crashed, or does not finish in time,
     * the caller exits ({@link ProcessExit} with a {@link CallExit}: the task's reason, or
     * {@link Reason#TIMEOUT}); the task keeps running after a timeout (it is linked, so in Elixir it
     * would die with its owner), and its result, when it comes, is dropped.
     *
     * <pre>{@code
     * int r = Task.await(t);
     * }</pre>
     */
    public static <T> T await(Task<T> task) {
        return await(task, Calls.DEFAULT_TIMEOUT);
    }

    /**
     * As {@link #await(Task)}, waiting up to {@code timeoutMillis} ({@link Process#INFINITY} for ever).
     *
     * <pre>{@code
     * String page = Task.await(t, 30_000);
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static <T> T await(Task<T> task, long timeoutMillis) {
        Calls.checkTimeout("Task.await", timeoutMillis);
        checkOwner(task, "Task.await");
        Object r = Process.receive(task.clauses(), timeoutMillis, () -> null);
        if (r == null) {
            if (TaskGates.close(task.tag)) {
                dropMonitor(task.ref);
                TaskGates.forget(task.tag);
                throw exit(Reason.TIMEOUT, "Task.await", task, timeoutMillis);
            }
            r = Process.receive(task.replyOnly());
        }
        return switch (r) {
            case TaskReply reply -> {
                dropMonitor(task.ref);
                TaskGates.forget(task.tag);
                yield (T) reply.value();
            }
            case Down d -> {
                TaskGates.forget(task.tag);
                throw exit(d.reason(), "Task.await", task, timeoutMillis);
            }
            default -> throw new IllegalStateException();
        };
    }

    /**
     * Awaits several tasks, all within {@code timeoutMillis} in total; returns their results in
     * order. If any fails or the time is up, the caller exits as for {@link #await}.
     *
     * <pre>{@code
     * List<Integer> rs = Task.awaitMany(List.of(t1, t2, t3), 5000);
     * }</pre>
     */
    public static <T> List<T> awaitMany(List<Task<T>> tasks, long timeoutMillis) {
        Calls.checkTimeout("Task.awaitMany", timeoutMillis);
        long deadline = timeoutMillis == Process.INFINITY ? Long.MAX_VALUE : Process.monotonicTime() + timeoutMillis * 1_000_000L;
        List<T> out = new ArrayList<>(tasks.size());
        for (Task<T> t : tasks) {
            long left = deadline == Long.MAX_VALUE ? Process.INFINITY : Math.max(0, (deadline - Process.monotonicTime()) / 1_000_000L);
            out.add(await(t, left));
        }
        return out;
    }

    /**
     * Waits up to {@code timeoutMillis} for the task and returns how it ended, or empty if it is
     * still running (it keeps running; yield or await it again later). Elixir's {@code Task.yield/2}.
     *
     * <pre>{@code
     * Task.yield(t, 100).or(() -> Task.shutdown(t));   // Elixir's Task.yield(t) || Task.shutdown(t)
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static <T> Optional<Result<T>> yield(Task<T> task, long timeoutMillis) {
        Calls.checkTimeout("Task.yield", timeoutMillis);
        checkOwner(task, "Task.yield");
        Object r = Process.receive(task.clauses(), timeoutMillis, () -> null);
        return switch (r) {
            case null -> Optional.empty();
            case TaskReply reply -> {
                dropMonitor(task.ref);
                TaskGates.forget(task.tag);
                yield Optional.of(new Ok<>((T) reply.value()));
            }
            case Down d -> {
                TaskGates.forget(task.tag);
                yield Optional.of(new Exited<>(d.reason()));
            }
            default -> throw new IllegalStateException();
        };
    }

    /**
     * As {@link #yield(Task, long)} with 5 seconds.
     *
     * <pre>{@code
     * Task.yield(t);
     * }</pre>
     */
    public static <T> Optional<Result<T>> yield(Task<T> task) {
        return Task.yield(task, Calls.DEFAULT_TIMEOUT);
    }

    /**
     * Yields several tasks within {@code timeoutMillis} in total: for each, how it ended, or empty if
     * it is still running. Elixir's {@code Task.yield_many/2}.
     *
     * <pre>{@code
     * List<Optional<Task.Result<Integer>>> rs = Task.yieldMany(tasks, 1000);
     * }</pre>
     */
    public static <T> List<Optional<Result<T>>> yieldMany(List<Task<T>> tasks, long timeoutMillis) {
        Calls.checkTimeout("Task.yieldMany", timeoutMillis);
        long deadline = timeoutMillis == Process.INFINITY ? Long.MAX_VALUE : Process.monotonicTime() + timeoutMillis * 1_000_000L;
        List<Optional<Result<T>>> out = new ArrayList<>(tasks.size());
        for (Task<T> t : tasks) {
            long left = deadline == Long.MAX_VALUE ? Process.INFINITY : Math.max(0, (deadline - Process.monotonicTime()) / 1_000_000L);
            out.add(Task.yield(t, left));
        }
        return out;
    }

    /**
     * Stops the task: unlinks it, asks it to shut down, and kills it after 5 seconds. Returns its
     * result if it finished meanwhile, its exit if it crashed, empty otherwise. Elixir's
     * {@code Task.shutdown/2}. A task whose {@link #await} timed out (and whose caller caught the
     * exit) no longer has a result to give: it is stopped all the same, and the answer is empty.
     *
     * <pre>{@code
     * Task.shutdown(t);
     * }</pre>
     */
    public static <T> Optional<Result<T>> shutdown(Task<T> task) {
        return shutdown(task, ChildSpec.Shutdown.timeout(Calls.DEFAULT_TIMEOUT));
    }

    /**
     * As {@link #shutdown(Task)}, with {@code how}: {@link ChildSpec.Shutdown#BRUTAL_KILL} kills it
     * at once, a timeout says how long it has to stop.
     *
     * <pre>{@code
     * Task.shutdown(t, ChildSpec.Shutdown.BRUTAL_KILL);
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static <T> Optional<Result<T>> shutdown(Task<T> task, ChildSpec.Shutdown how) {
        checkOwnerOnly(task, "Task.shutdown");
        Objects.requireNonNull(how, "Task.shutdown: how");
        Process.unlink(task.pid);
        boolean brutal = how instanceof ChildSpec.Shutdown.BrutalKill;
        if (!TaskGates.pending(task.tag)) {         // its result is no longer awaited (taken, or an await timed out)
            stopUnawaited(task.pid, brutal, how.millis());
            return Optional.empty();
        }
        Process.exit(task.pid, brutal ? Reason.KILL : Reason.SHUTDOWN);
        Object r = Process.receive(task.clauses(), how.millis(), () -> null);
        if (r == null) {
            Process.exit(task.pid, Reason.KILL);
            r = Process.receive(task.clauses());
        }
        if (r instanceof TaskReply reply) {
            dropMonitor(task.ref);
            TaskGates.forget(task.tag);
            return Optional.of(new Ok<>((T) reply.value()));
        }
        Down d = (Down) r;
        TaskGates.forget(task.tag);
        Object why = d.reason();
        if (why == Reason.SHUTDOWN || why == Reason.KILLED || why == Reason.NOPROC) return Optional.empty();
        return Optional.of(new Exited<>(why));
    }

    private Clauses<Object> clauses() {
        return m -> m instanceof TaskReply r && r.tag() == tag ? r : m instanceof Down d && d.ref().equals(ref) ? d : null;
    }

    private Clauses<Object> replyOnly() {
        return m -> m instanceof TaskReply r && r.tag() == tag ? r : null;
    }

    /**
     * Stops a task whose result nobody waits for any more (after a timed-out await), and waits until
     * it is gone, with a monitor of its own.
     */
    private static void stopUnawaited(Pid pid, boolean brutal, long millis) {
        Ref mon = Process.monitor(pid);
        Process.exit(pid, brutal ? Reason.KILL : Reason.SHUTDOWN);
        if (Monitors.awaitDown(mon, millis) == null) {
            Process.exit(pid, Reason.KILL);
            Monitors.awaitDown(mon, Process.INFINITY);
        }
    }

    private static void checkOwnerOnly(Task<?> task, String function) {
        Objects.requireNonNull(task, () -> function + ": task");
        Pid me = Calls.self(function);
        if (!task.owner.equals(me)) {
            throw new IllegalArgumentException(function + ": " + task + " must be queried from its owner " + task.owner
                    + " but was queried from " + me + " (only the process that started a task gets its result)");
        }
    }

    private static void checkOwner(Task<?> task, String function) {
        checkOwnerOnly(task, function);
        if (!TaskGates.pending(task.tag)) {
            throw new IllegalStateException(function + ": " + task + " is already done: its result was taken (or it was shut down)");
        }
    }

    private static void dropMonitor(Ref ref) {
        Monitors.drop(ref);
    }

    private static ProcessExit exit(Object reason, String function, Task<?> task, long timeout) {
        return new ProcessExit(new CallExit(reason, function, List.of(task, Calls.timeoutArg(timeout))));
    }

    // ------------------------------------------------------------------ start / stream

    /**
     * Runs {@code fun} in a new process that nobody waits for (not linked): Elixir's
     * {@code Task.start/1}, for side effects. Returns its pid.
     *
     * <pre>{@code
     * Task.start(() -> System.out.println("in the background"));
     * }</pre>
     */
    public static Pid start(Runnable fun) {
        Objects.requireNonNull(fun, "Task.start: fun");
        return Process.spawn(TaskRunner.body(Calls.self("Task.start"), fun));
    }

    /**
     * As {@link #start(Runnable)}, linked to the caller: Elixir's {@code Task.start_link/1}.
     *
     * <pre>{@code
     * ChildSpec.worker("poller", () -> Task.startLink(() -> poll()));
     * }</pre>
     */
    public static Pid startLink(Runnable fun) {
        Objects.requireNonNull(fun, "Task.startLink: fun");
        return Process.spawnLink(TaskRunner.body(Calls.self("Task.startLink"), fun));
    }

    /**
     * Runs {@code fun} on every element of {@code input}, at most {@code maxConcurrency} at a
     * time, each in its own task linked to the caller: Elixir's {@code Task.async_stream/3}. The
     * stream is lazy: tasks start as it is consumed, by the calling process. Each result is an
     * {@link Ok} or, for a task killed after its timeout with {@link OnTimeout#KILL_TASK}, an
     * {@link Exited}. A task that crashes takes the caller with it (they are linked). Consume the
     * stream to the end, or close it (try-with-resources), so that no task is left running.
     *
     * <pre>{@code
     * try (Stream<Task.Result<Integer>> s = Task.asyncStream(urls, u -> fetch(u).length(),
     *         Task.streamOptions().withMaxConcurrency(4).withTimeout(10_000))) {
     *     s.forEach(System.out::println);
     * }
     * }</pre>
     */
    public static <E, R> Stream<Result<R>> asyncStream(Iterable<? extends E> input, Function<? super E, ? extends R> fun,
                                                        StreamOptions options) {
        Objects.requireNonNull(input, "Task.asyncStream: input");
        Objects.requireNonNull(fun, "Task.asyncStream: fun");
        Objects.requireNonNull(options, "Task.asyncStream: options");
        return AsyncStream.of(input, fun, options, true, null);
    }

    /**
     * {@link #asyncStream(Iterable, Function, StreamOptions)} with Elixir's default options.
     *
     * <pre>{@code
     * Task.asyncStream(List.of(1, 2, 3), x -> x * 2).toList();   // [Ok[value=2], Ok[value=4], Ok[value=6]]
     * }</pre>
     */
    public static <E, R> Stream<Result<R>> asyncStream(Collection<? extends E> input, Function<? super E, ? extends R> fun) {
        return asyncStream(input, fun, streamOptions());
    }

    /**
     * Task.Supervisor: a {@link DynamicSupervisor} for tasks, Elixir's {@code Task.Supervisor}.
     * Tasks started under it are its temporary children (never restarted); {@link #asyncNolink}
     * runs work whose crash must not take the caller down.
     *
     * <pre>{@code
     * Task.Supervisor.start("tasks");
     * Task<Integer> t = Task.Supervisor.asyncNolink("tasks", () -> riskyWork());
     * switch (Task.yield(t, 5000).orElseGet(() -> Task.shutdown(t).orElse(null))) { ... }
     * }</pre>
     */
    public static final class Supervisor {
        private Supervisor() {}

        /**
         * Starts a task supervisor registered under {@code name}, not linked.
         *
         * <pre>{@code
         * Task.Supervisor.start("tasks");
         * }</pre>
         */
        public static Pid start(Object name) {
            return DynamicSupervisor.start(DynamicSupervisor.options(), name);
        }

        /**
         * Starts an unnamed task supervisor, not linked.
         *
         * <pre>{@code
         * Pid tasks = Task.Supervisor.start();
         * }</pre>
         */
        public static Pid start() {
            return DynamicSupervisor.start(DynamicSupervisor.options());
        }

        /**
         * Starts a task supervisor linked to the caller.
         *
         * <pre>{@code
         * Task.Supervisor.startLink("tasks");
         * }</pre>
         */
        public static Pid startLink(Object name) {
            return DynamicSupervisor.startLink(DynamicSupervisor.options(), name);
        }

        /**
         * A child spec for a task supervisor: Elixir's {@code {Task.Supervisor, name: name}}.
         *
         * <pre>{@code
         * loombook.otp.Supervisor.start(List.of(Task.Supervisor.childSpec("tasks")), loombook.otp.Supervisor.ONE_FOR_ONE);
         * }</pre>
         */
        public static ChildSpec childSpec(Object name) {
            return DynamicSupervisor.childSpec(name, DynamicSupervisor.options(), name);
        }

        /**
         * Runs {@code fun} as a child of the supervisor, that nobody waits for: Elixir's
         * {@code Task.Supervisor.start_child/2}. Returns its pid.
         *
         * <pre>{@code
         * Task.Supervisor.startChild("tasks", () -> sendEmail(user));
         * }</pre>
         */
        public static Pid startChild(Object supervisor, Runnable fun) {
            Objects.requireNonNull(fun, "Task.Supervisor.startChild: fun");
            Pid owner = Calls.self("Task.Supervisor.startChild");
            return DynamicSupervisor.startChild(supervisor, ChildSpec.worker("task",
                    () -> Process.spawnLink(TaskRunner.body(owner, fun))).withRestart(ChildSpec.Restart.TEMPORARY));
        }

        /**
         * As {@link Task#async}, with the task a child of the supervisor: it is linked to the
         * caller as well, and awaited the same way.
         *
         * <pre>{@code
         * Task<Integer> t = Task.Supervisor.async("tasks", () -> 6 * 7);
         * Task.await(t);
         * }</pre>
         */
        public static <T> Task<T> async(Object supervisor, Supplier<T> fun) {
            return supervised(supervisor, fun, true, "Task.Supervisor.async");
        }

        /**
         * As {@link #async}, but not linked to the caller: a crash of the task is its own, and the
         * caller sees it as the {@link Exited} result of {@link Task#yield} (or the exit of
         * {@link Task#await}). Elixir's {@code Task.Supervisor.async_nolink/2}.
         *
         * <pre>{@code
         * Task<String> t = Task.Supervisor.asyncNolink("tasks", () -> mayCrash());
         * Task.yield(t, 1000);
         * }</pre>
         */
        public static <T> Task<T> asyncNolink(Object supervisor, Supplier<T> fun) {
            return supervised(supervisor, fun, false, "Task.Supervisor.asyncNolink");
        }

        private static <T> Task<T> supervised(Object supervisor, Supplier<T> fun, boolean link, String function) {
            Objects.requireNonNull(fun, () -> function + ": fun");
            Pid owner = Calls.self(function);
            Ref tag = TaskGates.open(owner);
            Pid pid = DynamicSupervisor.startChild(supervisor, ChildSpec.worker("task",
                    () -> Process.spawnLink(TaskRunner.body(owner, tag, fun, link))).withRestart(ChildSpec.Restart.TEMPORARY));
            Ref mon = Process.monitor(pid);
            TaskRunner.go(pid, tag);
            return new Task<>(pid, mon, tag, owner);
        }

        /**
         * As {@link Task#asyncStream(Iterable, Function, StreamOptions)}, the tasks being children of
         * the supervisor and linked to the caller.
         *
         * <pre>{@code
         * Task.Supervisor.asyncStream("tasks", items, x -> work(x), Task.streamOptions()).toList();
         * }</pre>
         */
        public static <E, R> Stream<Result<R>> asyncStream(Object supervisor, Iterable<? extends E> input,
                                                            Function<? super E, ? extends R> fun, StreamOptions options) {
            return AsyncStream.of(input, fun, options, true, Objects.requireNonNull(supervisor, "supervisor"));
        }

        /**
         * As {@link #asyncStream}, the tasks not linked to the caller: a crashing task yields an
         * {@link Exited} result instead of taking the caller down. Elixir's
         * {@code Task.Supervisor.async_stream_nolink/4}.
         *
         * <pre>{@code
         * Task.Supervisor.asyncStreamNolink("tasks", items, x -> mayCrash(x), Task.streamOptions()).toList();
         * }</pre>
         */
        public static <E, R> Stream<Result<R>> asyncStreamNolink(Object supervisor, Iterable<? extends E> input,
                                                                  Function<? super E, ? extends R> fun, StreamOptions options) {
            return AsyncStream.of(input, fun, options, false, Objects.requireNonNull(supervisor, "supervisor"));
        }

        /**
         * The pids of the supervisor's running tasks.
         *
         * <pre>{@code
         * Task.Supervisor.children("tasks").size();
         * }</pre>
         */
        public static List<Pid> children(Object supervisor) {
            List<Pid> out = new ArrayList<>();
            for (loombook.otp.Supervisor.Child c : DynamicSupervisor.whichChildren(supervisor)) {
                if (c.pid() != null) out.add(c.pid());
            }
            return List.copyOf(out);
        }

        /**
         * Stops one of the supervisor's tasks.
         *
         * <pre>{@code
         * Task.Supervisor.terminateChild("tasks", pid);
         * }</pre>
         */
        public static void terminateChild(Object supervisor, Pid pid) {
            DynamicSupervisor.terminateChild(supervisor, pid);
        }
    }
}
