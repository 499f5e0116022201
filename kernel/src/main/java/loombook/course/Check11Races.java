package loombook.course;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;
import loombook.Exploration;
import loombook.Pid;
import loombook.Process;
import loombook.Races;
import loombook.Schedule;
import loombook.TraceEvent;
import loombook.exercise.Exercise;
import loombook.exercise.Trial;
import loombook.otp.OtpMessage;

/**
 * The tests of notebook 11's race exercise ({@link Check11#account}, section 11, "Races made
 * visible"): an account whose withdrawals never overdraw, whatever the schedule. Besides plain tests
 * of the API, two tests explore every schedule of clients that use the student's account at the same
 * time ({@link Races#explore}); when one breaks it, the test fails with that schedule's steps,
 * the choice that made it fail marked, and what went wrong.
 */
final class Check11Races {
    /** The most schedules, and seconds, one test's exploration may take. */
    static final int RUNS = 5_000;
    static final double SECONDS = 6;

    private Check11Races() {}

    /** What two clients got from the account. */
    record Withdrawals(List<Boolean> withdrawn, Pid account) {}

    /** What a withdrawal beside a deposit got. */
    record DepositAndWithdrawal(boolean withdrawn, Pid account) {}

    /** The check of {@link Check11#account}, to run (tests run it against accounts written in Java). */
    static Exercise check(IntFunction<Pid> start, BiConsumer<Pid, Integer> deposit, BiFunction<Pid, Integer, Boolean> withdraw,
                          Function<Pid, Integer> balance) {
        return Exercise.named("Account")
            .test("Account.start(100) starts a GenServer whose balance is 100",
                    "GenServer.start(new Account(), balance), and init answers ok(balance)", t -> {
                Pid a = OtpChecks.call(t, "Account.start(100)", () -> start.apply(100));
                t.expect(a != null && Process.alive(a), "Account.start(100) did not return a live process");
                OtpChecks.expectServer(t, a, "Account.start(100)", "Account");
                t.expectEquals("Account.balance(account)", 100, OtpChecks.call(t, "Account.balance(account)", () -> balance.apply(a)));
            })
            .test("deposit adds; withdraw takes out what the balance covers and refuses the rest",
                    "withdraw answers reply(true, balance - amount) when amount <= balance, else reply(false, balance)", t -> {
                Pid a = OtpChecks.call(t, "Account.start(100)", () -> start.apply(100));
                OtpChecks.run(t, "Account.deposit(account, 50)", () -> deposit.accept(a, 50));
                t.expectEquals("Account.balance(account) after depositing 50 into 100", 150, OtpChecks.call(t, "Account.balance(account)", () -> balance.apply(a)));
                t.expectEquals("Account.withdraw(account, 120) from 150", true, OtpChecks.call(t, "Account.withdraw(account, 120)", () -> withdraw.apply(a, 120)));
                t.expectEquals("Account.balance(account) after that", 30, OtpChecks.call(t, "Account.balance(account)", () -> balance.apply(a)));
                t.expectEquals("Account.withdraw(account, 40) from 30", false, OtpChecks.call(t, "Account.withdraw(account, 40)", () -> withdraw.apply(a, 40)));
                t.expectEquals("Account.balance(account) after a refused withdrawal", 30, OtpChecks.call(t, "Account.balance(account)", () -> balance.apply(a)));
                t.expectEquals("Account.withdraw(account, 30) from 30", true, OtpChecks.call(t, "Account.withdraw(account, 30)", () -> withdraw.apply(a, 30)));
                t.expectEquals("Account.balance(account) at the end", 0, OtpChecks.call(t, "Account.balance(account)", () -> balance.apply(a)));
            })
            .test("two clients withdraw 70 from 100 at once: in every schedule exactly one of them gets it",
                    "withdraw must look at the balance and take the amount out in one handleCall; a client that asks for the balance "
                            + "and then withdraws leaves room for the other client between the two", 20_000, t -> {
                t.step("exploring the schedules of two clients that each withdraw 70 from an account of 100");
                Exploration e = Races.systematic().runs(RUNS).seconds(SECONDS).explore(() -> {
                    Pid a = start.apply(100);
                    Pid me = Process.self();
                    for (String client : List.of("client A", "client B")) {
                        Process.spawn(() -> {
                            Process.label(client);
                            Process.send(me, withdraw.apply(a, 70));
                        });
                    }
                    boolean x = Process.receive(Boolean.class), y = Process.receive(Boolean.class);
                    return new Withdrawals(List.of(x, y), a);
                }, w -> {                            // once every process has stopped moving
                    int left = balance.apply(w.account());
                    if (w.withdrawn().stream().filter(b -> b).count() != 1 || left != 30) {
                        throw new AssertionError("the clients got " + w.withdrawn() + " and the balance is " + left);
                    }
                    return true;
                });
                expectNoFailingSchedule(t, e, "one client gets true, the other false, and the balance is 30");
            })
            .test("a deposit of 50 and a withdrawal of 30 at once, from 50: in every schedule neither is lost",
                    "deposit changes the balance inside the server too: never read the balance, add, and write it back from the client", 20_000, t -> {
                t.step("exploring the schedules of a client that deposits 50 and one that withdraws 30, from an account of 50");
                Exploration e = Races.systematic().runs(RUNS).seconds(SECONDS).explore(() -> {
                    Pid a = start.apply(50);
                    Pid me = Process.self();
                    Process.spawn(() -> {
                        Process.label("depositor");
                        deposit.accept(a, 50);
                    });
                    Process.spawn(() -> {
                        Process.label("withdrawer");
                        Process.send(me, withdraw.apply(a, 30));
                    });
                    boolean w = Process.receive(Boolean.class);
                    return new DepositAndWithdrawal(w, a);
                }, d -> {                            // once every process has stopped moving
                    int left = balance.apply(d.account());
                    if (!d.withdrawn() || left != 70) {
                        throw new AssertionError("the withdrawal got " + d.withdrawn() + " and the balance is " + left);
                    }
                    return true;
                });
                expectNoFailingSchedule(t, e, "the withdrawal gets true and the balance is 70");
            });
    }

    /**
     * Fails the test if the exploration found a schedule that breaks the check, with that schedule's
     * messages in order (who sent what to whom: OTP's calls and replies by their requests and
     * answers) and the choice that made it fail marked. (The checks use the runtime's public API
     * only, as a student's code does, so this is text; the notebook's section draws the same kind of
     * schedule.)
     */
    private static void expectNoFailingSchedule(Trial t, Exploration e, String expected) {
        if (e.passed()) return;
        Schedule failing = e.failure().orElseThrow();
        String why = failing.failure().orElse("").replaceFirst("^the check threw AssertionError: ", "");
        throw t.fail("a schedule broke the account; its messages, in order (<-- marks the choice that made it fail):"
                + messages(failing), expected, why);
    }

    /** The messages of a schedule, one line each, in the order they were sent, the critical step marked. */
    static String messages(Schedule schedule) {
        StringBuilder out = new StringBuilder();
        for (Schedule.Step s : schedule.steps()) {
            boolean critical = s.index() == schedule.critical();
            List<String> lines = new ArrayList<>();
            for (TraceEvent ev : schedule.events()) {
                if (ev instanceof TraceEvent.Sent sent && sent.from().equals(s.pid())
                        && sent.nanos() >= s.startNanos() && sent.nanos() <= s.endNanos()) {
                    Optional<OtpMessage> otp = OtpMessage.describe(sent.message());
                    if (otp.isPresent() && otp.get().kind() == OtpMessage.Kind.SYSTEM) continue;     // starting, stopping
                    lines.add(name(schedule, sent.from()) + " -> " + name(schedule, sent.to()) + ": "
                            + otp.map(OtpMessage::label).orElse(String.valueOf(sent.message())));
                }
            }
            if (lines.isEmpty() && critical) lines.add(name(schedule, s.pid()) + " " + s.action());
            for (int i = 0; i < lines.size(); i++) {
                out.append(String.format("%n        %3d  %s", s.index() + 1, lines.get(i)));
                if (critical && i == 0) out.append("   <-- the choice that made it fail").append(otherwise(schedule.criticalNote()));
            }
        }
        return out.toString();
    }

    /** ": had X moved first, the check would pass", from the critical note (its step is the line it ends). */
    private static String otherwise(String note) {
        int had = note == null ? -1 : note.lastIndexOf("; had ");
        return had < 0 ? "" : ": " + note.substring(had + 2);
    }

    private static String name(Schedule schedule, Pid pid) {
        return pid == null ? "a timer" : schedule.names().getOrDefault(pid, pid.toString());
    }
}
