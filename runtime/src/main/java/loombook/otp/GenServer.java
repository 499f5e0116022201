package loombook.otp;

import java.util.Objects;

import loombook.Pid;
import loombook.Process;
import loombook.ProcessExit;
import loombook.Reason;
import loombook.otp.internal.Calls;
import loombook.otp.internal.GenServerLoop;
import loombook.otp.internal.ServerRef;
import loombook.otp.internal.Starter;
import loombook.otp.internal.GenCast;
import loombook.otp.internal.Stopper;

/**
 * A generic server, Elixir's {@code GenServer}: a process that keeps a state and answers
 * requests, with the receive loop, the call protocol, timeouts, system messages and crash reports
 * written once, here. You write the callbacks; they run one at a time in the server's process.
 *
 * <pre>{@code
 * record Inc(int by) {}
 * record Get() {}
 *
 * class Counter extends GenServer<Integer, Integer> {
 *     public Init<Integer> init(Integer start) { return ok(start); }
 *
 *     public CallResult<Integer> handleCall(Object request, From from, Integer count) {
 *         return switch (request) {
 *             case Get g -> reply(count, count);
 *             default -> super.handleCall(request, from, count);
 *         };
 *     }
 *
 *     public Result<Integer> handleCast(Object request, Integer count) {
 *         return switch (request) {
 *             case Inc(int by) -> noreply(count + by);
 *             default -> super.handleCast(request, count);
 *         };
 *     }
 * }
 *
 * Pid counter = GenServer.start(new Counter(), 0);
 * GenServer.cast(counter, new Inc(5));
 * int n = GenServer.call(counter, new Get());     // 5
 * }</pre>
 *
 * <p><b>Callbacks</b> return records that play Elixir's tuples, made by the static helpers every
 * subclass inherits:
 * <ul>
 *   <li>{@link #init}: {@link #ok ok(state)}, {@link #ignore()}, {@link #stopWith(Object) stopWith(reason)};</li>
 *   <li>{@link #handleCall}: {@link #reply(Object, Object) reply(value, state)},
 *       {@link #noreply noreply(state)} (answer later with {@link From#reply from.reply(value)}, which
 *       is Elixir's {@code GenServer.reply(from, value)}),
 *       {@link #stopWith(Object, Object) stopWith(reason, state)},
 *       {@link #stopWith(Object, Object, Object) stopWith(reason, reply, state)};</li>
 *   <li>{@link #handleCast}, {@link #handleInfo}, {@link #handleContinue}: {@code noreply(state)} or
 *       {@code stopWith(reason, state)}.</li>
 * </ul>
 * Each {@code ok}, {@code reply} and {@code noreply} can carry Elixir's fourth element:
 * {@code .withTimeout(ms)} (if no message comes in time, {@code handleInfo(Reason.TIMEOUT, state)}
 * runs), {@code .hibernate()} and {@code .continueWith(arg)} ({@code handleContinue(arg, state)}
 * runs before the next message).
 *
 * <p><b>Failure.</b> If a callback throws, the server runs {@link #terminate}, prints a report like
 * Elixir's ({@code GenServer #PID<0.90.0> terminating ** (RuntimeException) boom  Last message: ...
 * State: ...}) to its group leader and exits with the exception as its reason; a caller waiting in
 * {@link #call} gets that reason in its {@link CallExit}. The process is labelled with the
 * callback class's name, so {@code Process.info(pid).label()} shows what it is.
 *
 * @param <A> the type of the argument {@link #init} receives
 * @param <S> the type of the server's state
 */
public abstract class GenServer<A, S> {
    /** For subclasses. */
    protected GenServer() {}

    // ------------------------------------------------------------------ callbacks

    /**
     * Runs in the new server process before {@code start} returns: builds the first state from
     * {@code arg}. Return {@link #ok ok(state)} to run, {@link #ignore()} to make {@code start}
     * return null without a server, or {@link #stopWith(Object) stopWith(reason)} (or throw) to make
     * {@code start} fail with {@link StartFailed}.
     *
     * <pre>{@code
     * class Scores extends GenServer<Void, Map<String, Integer>> {
     *     public Init<Map<String, Integer>> init(Void unused) { return ok(Map.of()); }
     * }
     * Pid scores = GenServer.start(new Scores(), null);
     * }</pre>
     */
    public abstract Init<S> init(A arg);

    /**
     * Answers a {@link #call}. The default says that the server does not handle the request and
     * crashes it, as Elixir's default does; end your {@code switch} with
     * {@code default -> super.handleCall(request, from, state)}.
     *
     * <pre>{@code
     * class Count extends GenServer<Integer, Integer> {
     *     public Init<Integer> init(Integer n) { return ok(n); }
     *     public CallResult<Integer> handleCall(Object request, From from, Integer n) {
     *         return switch (request) {
     *             case Get g -> reply(n, n);
     *             default -> super.handleCall(request, from, n);
     *         };
     *     }
     * }
     * GenServer.call(GenServer.start(new Count(), 3), new Get())      // 3
     * }</pre>
     */
    public CallResult<S> handleCall(Object request, From from, S state) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " got the call " + request + " from "
                + from.pid() + " but has no handleCall clause for it: add a case for it in handleCall");
    }

    /**
     * Handles a {@link #cast}. The default crashes the server (no clause), as Elixir's does.
     *
     * <pre>{@code
     * class Adder extends GenServer<Integer, Integer> {
     *     public Init<Integer> init(Integer n) { return ok(n); }
     *     public Result<Integer> handleCast(Object request, Integer n) {
     *         return request instanceof Inc(int by) ? noreply(n + by) : super.handleCast(request, n);
     *     }
     * }
     * GenServer.cast(GenServer.start(new Adder(), 0), new Inc(2));
     * }</pre>
     */
    public Result<S> handleCast(Object request, S state) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " got the cast " + request
                + " but has no handleCast clause for it: add a case for it in handleCast");
    }

    /**
     * Handles any other message: timers' messages, {@code Down} of monitors, {@code Exit} when
     * trapping exits, {@link Reason#TIMEOUT} after a {@code withTimeout}. The default prints that
     * the message was unexpected and carries on, as Elixir's does.
     *
     * <pre>{@code
     * record Tick() {}
     *
     * class Clock extends GenServer<Void, Integer> {
     *     public Init<Integer> init(Void unused) { sendAfter(self(), new Tick(), 1000); return ok(0); }
     *     public Result<Integer> handleInfo(Object message, Integer n) {
     *         if (message instanceof Tick) { sendAfter(self(), new Tick(), 1000); return noreply(n + 1); }
     *         return super.handleInfo(message, n);
     *     }
     * }
     * Pid clock = GenServer.start(new Clock(), null);        // counts the seconds
     * }</pre>
     */
    public Result<S> handleInfo(Object message, S state) {
        Process.groupLeader().err().println("[error] " + getClass().getSimpleName() + " " + Process.self()
                + " received unexpected message in handleInfo: " + message);
        return noreply(state);
    }

    /**
     * Runs right after a callback returned {@code .continueWith(arg)}, before any other message:
     * Elixir's {@code handle_continue/2}, for work that should not delay {@code start}.
     *
     * <pre>{@code
     * class Lines extends GenServer<String, List<String>> {
     *     public Init<List<String>> init(String text) { return ok(List.<String>of()).continueWith(text); }   // start returns now
     *     public Result<List<String>> handleContinue(Object text, List<String> lines) {
     *         return noreply(((String) text).lines().toList());                                         // the slow part, after
     *     }
     * }
     * Sys.getState(GenServer.start(new Lines(), "a\nb"))        // [a, b]
     * }</pre>
     */
    public Result<S> handleContinue(Object arg, S state) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " returned continueWith(" + arg
                + ") but does not override handleContinue");
    }

    /**
     * Runs when the server stops: after a {@code stopWith} result, after a callback threw, on
     * {@link #stop}, and when its parent (its supervisor) shuts it down <em>if it traps exits</em>
     * ({@code trapExit(true)} in {@code init}). It is not called when the server is killed.
     *
     * <pre>{@code
     * class Noisy extends GenServer<Integer, Integer> {
     *     public Init<Integer> init(Integer n) { return ok(n); }
     *     public void terminate(Object reason, Integer n) { System.out.println("stopping at " + n + ": " + reason); }
     * }
     * GenServer.stop(GenServer.start(new Noisy(), 5));          // stopping at 5: normal
     * }</pre>
     */
    public void terminate(Object reason, S state) {}

    /**
     * How the state appears in crash reports and {@link Sys#getStatus}: Elixir's
     * {@code format_status/1}. Override it to hide secrets or shorten a huge state.
     *
     * <pre>{@code
     * record Session(String user, String password) {}
     *
     * class Login extends GenServer<Session, Session> {
     *     public Init<Session> init(Session s) { return ok(s); }
     *     public Object formatStatus(Session s) { return new Session(s.user(), "***"); }
     * }
     * Sys.getStatus(GenServer.start(new Login(), new Session("ada", "secret"))).state()     // Session[user=ada, password=***]
     * }</pre>
     */
    public Object formatStatus(S state) {
        return state;
    }

    // ------------------------------------------------------------------ results

    /**
     * What {@link #init} returns: Elixir's {@code {:ok, state}}, {@code :ignore},
     * {@code {:stop, reason}}. Made by {@link #ok}, {@link #ignore()} and {@link #stopWith(Object)}.
     *
     * @param <S> the state's type
     */
    public sealed interface Init<S> {
        /**
         * {@code {:ok, state}}: run with this state.
         *
         * @param state the first state
         * @param then what happens before the first message
         */
        record Ok<S>(S state, Then then) implements Init<S> {
            /** Elixir's {@code {:ok, state, timeout}}: {@code handleInfo(Reason.TIMEOUT, ...)} if no message comes in time. */
            public Ok<S> withTimeout(long millis) {
                return new Ok<>(state, Then.timeout(millis));
            }

            /** Elixir's {@code {:ok, state, :hibernate}}. */
            public Ok<S> hibernate() {
                return new Ok<>(state, Then.HIBERNATE);
            }

            /** Elixir's {@code {:ok, state, {:continue, arg}}}: {@code handleContinue(arg, state)} runs first. */
            public Ok<S> continueWith(Object arg) {
                return new Ok<>(state, new Then.Continue(arg));
            }
        }

        /** {@code :ignore}: no server; {@code start} returns null. */
        record Ignore<S>() implements Init<S> {}

        /**
         * {@code {:stop, reason}}: no server; {@code start} throws {@link StartFailed} with this reason.
         *
         * @param reason why
         */
        record Stop<S>(Object reason) implements Init<S> {}
    }

    /**
     * What {@link #handleCall} returns: a {@link Result} or one of the two records that answer.
     *
     * @param <S> the state's type
     */
    public sealed interface CallResult<S> permits Result, CallResult.Reply, CallResult.StopReply {
        /**
         * {@code {:reply, reply, state}}: answer the caller, go on with {@code state}.
         *
         * @param reply the answer
         * @param state the new state
         * @param then what happens before the next message
         */
        record Reply<S>(Object reply, S state, Then then) implements CallResult<S> {
            /** Elixir's {@code {:reply, reply, state, timeout}}. */
            public Reply<S> withTimeout(long millis) {
                return new Reply<>(reply, state, Then.timeout(millis));
            }

            /** Elixir's {@code {:reply, reply, state, :hibernate}}. */
            public Reply<S> hibernate() {
                return new Reply<>(reply, state, Then.HIBERNATE);
            }

            /** Elixir's {@code {:reply, reply, state, {:continue, arg}}}. */
            public Reply<S> continueWith(Object arg) {
                return new Reply<>(reply, state, new Then.Continue(arg));
            }
        }

        /**
         * {@code {:stop, reason, reply, state}}: answer the caller, then stop.
         *
         * @param reason the exit reason
         * @param reply the answer
         * @param state the state {@code terminate} gets
         */
        record StopReply<S>(Object reason, Object reply, S state) implements CallResult<S> {}
    }

    /**
     * What {@link #handleCast}, {@link #handleInfo} and {@link #handleContinue} return (and
     * {@link #handleCall} when it does not answer now).
     *
     * @param <S> the state's type
     */
    public sealed interface Result<S> extends CallResult<S> permits Result.NoReply, Result.Stop {
        /**
         * {@code {:noreply, state}}: go on with {@code state}.
         *
         * @param state the new state
         * @param then what happens before the next message
         */
        record NoReply<S>(S state, Then then) implements Result<S> {
            /** Elixir's {@code {:noreply, state, timeout}}. */
            public NoReply<S> withTimeout(long millis) {
                return new NoReply<>(state, Then.timeout(millis));
            }

            /** Elixir's {@code {:noreply, state, :hibernate}}. */
            public NoReply<S> hibernate() {
                return new NoReply<>(state, Then.HIBERNATE);
            }

            /** Elixir's {@code {:noreply, state, {:continue, arg}}}. */
            public NoReply<S> continueWith(Object arg) {
                return new NoReply<>(state, new Then.Continue(arg));
            }
        }

        /**
         * {@code {:stop, reason, state}}: stop; {@code terminate(reason, state)} runs.
         *
         * @param reason the exit reason
         * @param state the state {@code terminate} gets
         */
        record Stop<S>(Object reason, S state) implements Result<S> {}
    }

    /**
     * The optional fourth element of a result: nothing, a timeout, hibernate, or continue.
     * Set with {@code withTimeout}, {@code hibernate()} and {@code continueWith} on the result.
     */
    public sealed interface Then {
        /** Nothing special: wait for the next message. */
        Then NONE = new None();
        /** Hibernate. */
        Then HIBERNATE = new Hibernate();

        /** A timeout of {@code millis} ms. */
        static Then timeout(long millis) {
            if (millis < 0 && millis != Process.INFINITY) {
                throw new IllegalArgumentException("a timeout is 0 or more milliseconds, or Process.INFINITY, not " + millis);
            }
            return millis == Process.INFINITY ? NONE : new Timeout(millis);
        }

        /** Wait for the next message. */
        record None() implements Then {}

        /**
         * If no message arrives within {@code millis}, {@code handleInfo(Reason.TIMEOUT, state)} runs.
         *
         * @param millis how long to wait
         */
        record Timeout(long millis) implements Then {}

        /**
         * OTP's hibernate: shrink the process while it waits. On the JVM a waiting process already
         * holds only its small stack, so this is accepted and changes nothing.
         */
        record Hibernate() implements Then {}

        /**
         * Run {@code handleContinue(arg, state)} before the next message.
         *
         * @param arg what handleContinue gets
         */
        record Continue(Object arg) implements Then {}
    }

    // ------------------------------------------------------------------ result helpers

    /**
     * {@code {:ok, state}} for {@link #init}. Add {@code .withTimeout(ms)}, {@code .hibernate()} or
     * {@code .continueWith(arg)} for Elixir's third element.
     *
     * <pre>{@code
     * class Zero extends GenServer<Void, Integer> {
     *     public Init<Integer> init(Void unused) { return ok(0); }
     * }
     * }</pre>
     */
    public static <S> Init.Ok<S> ok(S state) {
        return new Init.Ok<>(state, Then.NONE);
    }

    /**
     * {@code :ignore} for {@link #init}: no server is started and {@code start} returns null (a
     * supervisor keeps the child's spec without a process).
     *
     * <pre>{@code
     * class Maybe extends GenServer<Boolean, Integer> {
     *     public Init<Integer> init(Boolean disabled) { return disabled ? ignore() : ok(0); }
     * }
     * GenServer.start(new Maybe(), true)         // null: no server
     * }</pre>
     */
    public static <S> Init<S> ignore() {
        return new Init.Ignore<>();
    }

    /**
     * {@code {:stop, reason}} for {@link #init}: the server does not start and {@code start} throws
     * {@link StartFailed} with this reason.
     *
     * <pre>{@code
     * class Listener extends GenServer<Integer, Integer> {
     *     public Init<Integer> init(Integer port) { return port < 1024 ? stopWith("port must be 1024 or more") : ok(port); }
     * }
     * try { GenServer.start(new Listener(), 80); } catch (StartFailed e) { System.out.println(e.getMessage()); }
     * }</pre>
     */
    public static <S> Init<S> stopWith(Object reason) {
        return new Init.Stop<>(Objects.requireNonNull(reason, "stopWith: reason"));
    }

    /**
     * {@code {:reply, value, state}} for {@link #handleCall}: answers the caller with {@code value}
     * ({@code null} is allowed) and goes on with {@code state}.
     *
     * <pre>{@code
     * class Echo extends GenServer<Void, Integer> {
     *     public Init<Integer> init(Void unused) { return ok(0); }
     *     public CallResult<Integer> handleCall(Object request, From from, Integer calls) { return reply(request, calls + 1); }
     * }
     * GenServer.call(GenServer.start(new Echo(), null), "hello")       // "hello"
     * }</pre>
     */
    public static <S> CallResult.Reply<S> reply(Object value, S state) {
        if (value instanceof From) {
            throw new IllegalArgumentException("reply(value, state) builds handleCall's result and its first argument is the "
                    + "answer, not a From. To answer a caller outside a return value (Elixir's GenServer.reply(from, value)), "
                    + "call from.reply(value)");
        }
        return new CallResult.Reply<>(value, state, Then.NONE);
    }

    /**
     * {@code {:noreply, state}}: goes on with {@code state}. From {@link #handleCall} it means "no
     * answer yet": keep the {@link From} and answer later with {@link From#reply}.
     *
     * <pre>{@code
     * class Sink extends GenServer<Void, Integer> {
     *     public Init<Integer> init(Void unused) { return ok(0); }
     *     public Result<Integer> handleCast(Object request, Integer seen) { return noreply(seen + 1); }
     * }
     * }</pre>
     */
    public static <S> Result.NoReply<S> noreply(S state) {
        return new Result.NoReply<>(state, Then.NONE);
    }

    /**
     * {@code {:stop, reason, state}}: the server stops; {@code terminate(reason, state)} runs, and
     * an abnormal reason (anything but {@link Reason#NORMAL}, {@link Reason#SHUTDOWN} or a
     * {@link Reason.Shutdown}) prints a report. A caller whose call this answers gets the reason.
     *
     * <pre>{@code
     * record Quit() {}
     *
     * class Quitter extends GenServer<Void, Integer> {
     *     public Init<Integer> init(Void unused) { return ok(0); }
     *     public Result<Integer> handleCast(Object request, Integer n) {
     *         return request instanceof Quit ? stopWith(Reason.NORMAL, n) : noreply(n + 1);
     *     }
     * }
     * GenServer.cast(GenServer.start(new Quitter(), null), new Quit());
     * }</pre>
     */
    public static <S> Result.Stop<S> stopWith(Object reason, S state) {
        return new Result.Stop<>(Objects.requireNonNull(reason, "stopWith: reason"), state);
    }

    /**
     * {@code {:stop, reason, reply, state}} for {@link #handleCall}: answers the caller, then stops.
     *
     * <pre>{@code
     * class Polite extends GenServer<Void, Integer> {
     *     public Init<Integer> init(Void unused) { return ok(0); }
     *     public CallResult<Integer> handleCall(Object request, From from, Integer n) {
     *         return request instanceof Quit ? stopWith(Reason.NORMAL, "bye", n) : reply(n, n);
     *     }
     * }
     * GenServer.call(GenServer.start(new Polite(), null), new Quit())      // "bye", and it stops
     * }</pre>
     */
    public static <S> CallResult.StopReply<S> stopWith(Object reason, Object reply, S state) {
        return new CallResult.StopReply<>(Objects.requireNonNull(reason, "stopWith: reason"), reply, state);
    }

    // ------------------------------------------------------------------ client API

    /**
     * Starts a server (not linked to the caller) and waits until its {@link #init} has run.
     * Returns its pid, or null if {@code init} returned {@link #ignore()}. Throws
     * {@link StartFailed} if {@code init} stopped or threw.
     *
     * <pre>{@code
     * Pid counter = GenServer.start(new Counter(), 0);
     * }</pre>
     */
    public static <A> Pid start(GenServer<A, ?> callbacks, A arg) {
        return start(callbacks, arg, null, false);
    }

    /**
     * Starts a server registered under {@code name}: a {@code String} (a registered name, see
     * {@link Process#register}) or a {@link Registry#via Registry.via(registry, key)}. If the name
     * is taken, throws {@link StartFailed} with {@link StartFailed.AlreadyStarted}.
     *
     * <pre>{@code
     * GenServer.start(new Counter(), 0, "counter");
     * GenServer.call("counter", new Get());
     * }</pre>
     */
    public static <A> Pid start(GenServer<A, ?> callbacks, A arg, Object name) {
        return start(callbacks, arg, name, false);
    }

    /**
     * As {@link #start(GenServer, Object)}, linked to the caller: what a supervisor's child spec
     * calls. If {@code init} fails, the new process's exit reaches the caller through the link.
     *
     * <pre>{@code
     * ChildSpec.worker("counter", () -> GenServer.startLink(new Counter(), 0));
     * }</pre>
     */
    public static <A> Pid startLink(GenServer<A, ?> callbacks, A arg) {
        return start(callbacks, arg, null, true);
    }

    /**
     * As {@link #start(GenServer, Object, Object)}, linked to the caller.
     *
     * <pre>{@code
     * Registry.start(Registry.UNIQUE, "counters");
     * GenServer.startLink(new Counter(), 0, Registry.via("counters", "a"));
     * }</pre>
     */
    public static <A> Pid startLink(GenServer<A, ?> callbacks, A arg, Object name) {
        return start(callbacks, arg, name, true);
    }

    private static <A> Pid start(GenServer<A, ?> callbacks, A arg, Object name, boolean link) {
        Objects.requireNonNull(callbacks, "GenServer.start: callbacks must not be null");
        String what = "GenServer." + (link ? "startLink" : "start") + "(" + GenServerLoop.moduleName(callbacks) + ")";
        return Starter.start(what, name, link, hs -> GenServerLoop.run(callbacks, arg, name, hs, link));
    }

    /**
     * Sends {@code request} to {@code server} and waits up to 5 seconds for the answer:
     * Elixir's {@code GenServer.call/2}. {@code server} is a {@link Pid}, a registered name or a
     * {@link Registry#via}. The result is the value {@link #handleCall} replied, cast to what you
     * assign it to.
     *
     * <p>If the server is not alive, crashes before answering, or does not answer in time, the
     * caller exits: this throws {@link ProcessExit} with a {@link CallExit} carrying the reason
     * ({@link Reason#NOPROC}, the server's exit reason, {@link Reason#TIMEOUT}). After a timeout
     * the answer, if it ever comes, is dropped: it never lands in the caller's mailbox.
     *
     * <p>The result takes the type of what you assign it to. Passed straight to an overloaded
     * method such as {@code System.out.println}, Java cannot pick a type (it says "reference to
     * println is ambiguous"): assign it first, or write {@code (Object) GenServer.call(...)}.
     *
     * <pre>{@code
     * int n = GenServer.call(counter, new Get());
     * System.out.println("count: " + n);
     * }</pre>
     */
    public static <R> R call(Object server, Object request) {
        return call(server, request, Calls.DEFAULT_TIMEOUT);
    }

    /**
     * As {@link #call(Object, Object)}, waiting up to {@code timeoutMillis} ms
     * ({@link Process#INFINITY} to wait for ever).
     *
     * <pre>{@code
     * int n = GenServer.call(counter, new Get(), 30_000);      // waits up to 30 s for the answer
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static <R> R call(Object server, Object request, long timeoutMillis) {
        return (R) Calls.call("GenServer.call", server, request, timeoutMillis, false);
    }

    /**
     * Sends {@code request} to {@link #handleCast} and returns at once: Elixir's
     * {@code GenServer.cast/2}. Like {@code send}, it never fails: a cast to a dead server or an
     * unknown name is dropped.
     *
     * <pre>{@code
     * GenServer.cast(counter, new Inc(1));
     * }</pre>
     */
    public static void cast(Object server, Object request) {
        Objects.requireNonNull(request, "GenServer.cast: the request must not be null (use an empty record as an atom)");
        Pid pid = ServerRef.whereis(server, "GenServer.cast");
        if (pid != null) Process.send(pid, new GenCast(request));
    }

    /**
     * Stops the server with reason {@link Reason#NORMAL} and waits until it has terminated:
     * Elixir's {@code GenServer.stop/1}.
     *
     * <pre>{@code
     * GenServer.stop(counter);
     * }</pre>
     */
    public static void stop(Object server) {
        stop(server, Reason.NORMAL, Process.INFINITY);
    }

    /**
     * Stops the server with {@code reason}: its {@link #terminate} runs in it, then it exits with
     * {@code reason}. Waits for ever.
     *
     * <pre>{@code
     * GenServer.stop(GenServer.start(new Counter(), 0), Reason.SHUTDOWN);
     * }</pre>
     */
    public static void stop(Object server, Object reason) {
        stop(server, reason, Process.INFINITY);
    }

    /**
     * Stops the server with {@code reason} and waits up to {@code timeoutMillis} for it to end.
     * If it is not alive, exits with {@link Reason#NOPROC}; if it does not end in time, exits with
     * {@link Reason#TIMEOUT}; if it ends with another reason (its {@code terminate} threw), exits
     * with that one: a {@link ProcessExit} carrying a {@link CallExit}, as for {@link #call}.
     *
     * <pre>{@code
     * GenServer.stop(GenServer.start(new Counter(), 0), Reason.NORMAL, 1000);
     * }</pre>
     */
    public static void stop(Object server, Object reason, long timeoutMillis) {
        Stopper.stop("GenServer.stop", server, reason, timeoutMillis);
    }

    /**
     * The pid of {@code server} (a pid, a registered name or a via name), or null if none:
     * Elixir's {@code GenServer.whereis/1}.
     *
     * <pre>{@code
     * Pid p = GenServer.whereis("counter");
     * }</pre>
     */
    public static Pid whereis(Object server) {
        return ServerRef.whereis(server, "GenServer.whereis");
    }
}
