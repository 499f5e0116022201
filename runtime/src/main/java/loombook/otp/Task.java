package loombook.otp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import loombook.Node;
import loombook.Pid;
import loombook.Process;
import loombook.ProcessExit;
import loombook.Reason;
import loombook.Ref;
import loombook.otp.internal.AsyncStream;
import loombook.otp.internal.Calls;
import loombook.otp.internal.TaskAwait;
import loombook.otp.internal.TaskGates;
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
     * Task<Integer> t = Task.async(() -> 6 * 7);
     * switch (Task.yield(t, 5000).orElseThrow()) {
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
     * of schedulers, {@link Node#schedulers()}, as Elixir's {@code System.schedulers_online()}),
     * {@code ordered:} (true), {@code timeout:} (5,000 ms per task) and {@code on_timeout:}
     * ({@link OnTimeout#EXIT}).
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
        return new StreamOptions(Node.schedulers(), true, Calls.DEFAULT_TIMEOUT, OnTimeout.EXIT);
    }

    // ------------------------------------------------------------------ async / await

    /**
     * Runs {@code fun} in a new process linked to and monitored by the caller; await its result
     * with {@link #await}. Elixir's {@code Task.async/1}.
     *
     * <pre>{@code
     * Task<Long> sum = Task.async(() -> LongStream.rangeClosed(1, 1_000_000).sum());
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
     * Task<Integer> answer = Task.async(() -> 6 * 7);
     * int r = Task.await(answer);        // 42
     * }</pre>
     */
    public static <T> T await(Task<T> task) {
        return await(task, Calls.DEFAULT_TIMEOUT);
    }

    /**
     * As {@link #await(Task)}, waiting up to {@code timeoutMillis} ({@link Process#INFINITY} for ever).
     *
     * <pre>{@code
     * long total = Task.await(sum, 30_000);
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static <T> T await(Task<T> task, long timeoutMillis) {
        Calls.checkTimeout("Task.await", timeoutMillis);
        checkOwner(task, "Task.await");
        return switch (TaskAwait.await(task.tag, task.ref, timeoutMillis)) {
            case TaskAwait.Replied(Object value) -> (T) value;
            case TaskAwait.Ended(Object reason) -> throw exit(reason, "Task.await", task, timeoutMillis);
            case TaskAwait.TimedOut t -> throw exit(Reason.TIMEOUT, "Task.await", task, timeoutMillis);
        };
    }

    /**
     * Awaits several tasks, all within {@code timeoutMillis} in total; returns their results in
     * order. If any fails or the time is up, the caller exits as for {@link #await}.
     *
     * <pre>{@code
     * List<Task<Integer>> ts = List.of(Task.async(() -> 1), Task.async(() -> 2), Task.async(() -> 3));
     * List<Integer> rs = Task.awaitMany(ts, 5000);     // [1, 2, 3]
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
     * Task<Integer> slow = Task.async(() -> { sleep(10_000); return 1; });
     * Task.yield(slow, 100).or(() -> Task.shutdown(slow));   // Elixir's Task.yield(t) || Task.shutdown(t): empty
     * }</pre>
     */
    public static <T> Optional<Result<T>> yield(Task<T> task, long timeoutMillis) {
        Calls.checkTimeout("Task.yield", timeoutMillis);
        checkOwner(task, "Task.yield");
        return result(TaskAwait.yield(task.tag, task.ref, timeoutMillis));
    }

    /**
     * As {@link #yield(Task, long)} with 5 seconds.
     *
     * <pre>{@code
     * Task<Integer> quick = Task.async(() -> 7);
     * Task.yield(quick);                 // Optional[Ok[value=7]]
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
     * List<Task<Integer>> tasks = List.of(Task.async(() -> 1), Task.async(() -> { sleep(3000); return 2; }));
     * List<Optional<Task.Result<Integer>>> rs = Task.yieldMany(tasks, 1000);   // [Optional[Ok[value=1]], Optional.empty]
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
    public static <T> Optional<Result<T>> shutdown(Task<T> task, ChildSpec.Shutdown how) {
        checkOwnerOnly(task, "Task.shutdown");
        Objects.requireNonNull(how, "Task.shutdown: how");
        Process.unlink(task.pid);
        Optional<Result<T>> r = result(TaskAwait.shutdown(task.pid, task.tag, task.ref, how));
        if (r.orElse(null) instanceof Exited<T>(Object why) && (why == Reason.SHUTDOWN || why == Reason.KILLED || why == Reason.NOPROC)) {
            return Optional.empty();
        }
        return r;
    }

    /** A wait's outcome as yield and shutdown give it: empty if the task gave nothing. */
    @SuppressWarnings("unchecked")
    private static <T> Optional<Result<T>> result(TaskAwait.Outcome o) {
        return switch (o) {
            case TaskAwait.Replied(Object value) -> Optional.of(new Ok<>((T) value));
            case TaskAwait.Ended(Object reason) -> Optional.of(new Exited<>(reason));
            case TaskAwait.TimedOut t -> Optional.empty();
        };
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
     * ChildSpec.worker("poller", () -> Task.startLink(() -> System.out.println("polling")));
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
     * List<String> words = List.of("actor", "mailbox", "link");
     * try (Stream<Task.Result<Integer>> s = Task.asyncStream(words, w -> w.length(),
     *         Task.streamOptions().withMaxConcurrency(4).withTimeout(10_000))) {
     *     s.forEach(System.out::println);      // Ok[value=5], Ok[value=7], Ok[value=4]
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
     * Task<Integer> t = Task.Supervisor.asyncNolink("tasks", () -> 1 / 0);    // its crash does not take us down
     * Task.yield(t, 5000).or(() -> Task.shutdown(t))       // Optional[Exited[reason=java.lang.ArithmeticException: / by zero]]
     * }</pre>
     */
    public static final class Supervisor {
        private Supervisor() {}

        /**
         * Starts a task supervisor registered under {@code name}, not linked.
         *
         * <pre>{@code
         * Task.Supervisor.start("downloads");
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
         * Task.Supervisor.startLink("uploads");
         * }</pre>
         */
        public static Pid startLink(Object name) {
            return DynamicSupervisor.startLink(DynamicSupervisor.options(), name);
        }

        /**
         * A child spec for a task supervisor: Elixir's {@code {Task.Supervisor, name: name}}.
         *
         * <pre>{@code
         * loombook.otp.Supervisor.start(List.of(Task.Supervisor.childSpec("mailers")), loombook.otp.Supervisor.ONE_FOR_ONE);
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
         * Task.Supervisor.startChild("tasks", () -> System.out.println("sending the e-mail"));
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
         * Task<String> t = Task.Supervisor.asyncNolink("tasks", () -> { throw new IllegalStateException("no network"); });
         * Task.yield(t, 1000);               // Optional[Exited[reason=java.lang.IllegalStateException: no network]]
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
         * Task.Supervisor.asyncStream("tasks", List.of(1, 2, 3), x -> x * 10, Task.streamOptions()).toList();
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
         * Task.Supervisor.asyncStreamNolink("tasks", List.of(1, 0, 2), x -> 10 / x, Task.streamOptions()).toList();
         * // [Ok[value=10], Exited[... / by zero], Ok[value=5]]: the task for 0 crashes, the stream goes on
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
         * Pid job = Task.Supervisor.startChild("tasks", () -> sleep(60_000));
         * Task.Supervisor.terminateChild("tasks", job);
         * }</pre>
         */
        public static void terminateChild(Object supervisor, Pid pid) {
            DynamicSupervisor.terminateChild(supervisor, pid);
        }
    }
}
