package loombook.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import loombook.Pid;
import loombook.exercise.Exercise;
import loombook.exercise.Outcome;
import loombook.exercise.Report;
import loombook.otp.From;
import loombook.otp.GenServer;
import org.junit.jupiter.api.Test;

/** The race exercise's check tells a race-free account from the racy ones, whatever the machine does. */
class Check11RacesTest {
    record Deposit(int amount) {}
    record Withdraw(int amount) {}
    record Balance() {}
    record SetBalance(int value) {}

    /** An account whose server does every change in one callback (the solution), or, racy, only answers and sets. */
    static final class Account extends GenServer<Integer, Integer> {
        @Override
        public Init<Integer> init(Integer balance) {
            return ok(balance);
        }

        @Override
        public CallResult<Integer> handleCall(Object request, From from, Integer balance) {
            return switch (request) {
                case Withdraw(var amount) when amount <= balance -> reply(true, balance - amount);
                case Withdraw w -> reply(false, balance);
                case Balance b -> reply(balance, balance);
                case SetBalance(var v) -> reply(v, v);
                default -> super.handleCall(request, from, balance);
            };
        }

        @Override
        public Result<Integer> handleCast(Object request, Integer balance) {
            return request instanceof Deposit(var amount) ? noreply(balance + amount) : super.handleCast(request, balance);
        }
    }

    static Pid start(int balance) {
        return GenServer.start(new Account(), balance);
    }

    static int balance(Pid a) {
        return GenServer.call(a, new Balance());
    }

    static void deposit(Pid a, int amount) {
        GenServer.cast(a, new Deposit(amount));
    }

    static boolean withdraw(Pid a, int amount) {
        return GenServer.call(a, new Withdraw(amount));
    }

    /** Asks for the balance, then withdraws: room for another client between the two calls. */
    static boolean withdrawRacily(Pid a, int amount) {
        int b = balance(a);
        if (b < amount) return false;
        GenServer.call(a, new SetBalance(b - amount));
        return true;
    }

    /** Reads, adds, writes back. */
    static void depositRacily(Pid a, int amount) {
        GenServer.call(a, new SetBalance(balance(a) + amount));
    }

    private static Report run(Exercise e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        return e.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    @Test
    void theSolutionPassesEveryTest() {
        Report r = run(Check11Races.check(Check11RacesTest::start, Check11RacesTest::deposit, Check11RacesTest::withdraw,
                Check11RacesTest::balance));
        assertTrue(r.allPassed(), r.text());
    }

    @Test
    void aWithdrawalThatReadsThenWritesIsCaughtEveryTime() {
        for (int i = 0; i < 3; i++) {
            Report r = run(Check11Races.check(Check11RacesTest::start, Check11RacesTest::deposit, Check11RacesTest::withdrawRacily,
                    Check11RacesTest::balance));
            assertEquals(List.of(Outcome.Status.PASSED, Outcome.Status.PASSED, Outcome.Status.FAILED, Outcome.Status.FAILED),
                    r.outcomes().stream().map(Outcome::status).toList(), r.text());
            assertTrue(r.text().contains("a schedule broke the account"), r.text());
            assertTrue(r.text().matches("(?s).*\\n +\\d+  client A -> Account: call .*<-- the choice that made it fail: had client [AB] moved first, the check would pass\\n.*"),
                    "the failing schedule's steps, the choice marked: " + r.text());
            assertTrue(r.text().contains("the clients got [true, true] and the balance is 30"), "both got their 70, and 70 went missing: " + r.text());
        }
    }

    @Test
    void aDepositThatReadsThenWritesIsCaught() {
        Report r = run(Check11Races.check(Check11RacesTest::start, Check11RacesTest::depositRacily, Check11RacesTest::withdraw,
                Check11RacesTest::balance));
        assertEquals(Outcome.Status.FAILED, r.outcomes().get(3).status(), r.text());
        assertTrue(r.outcomes().subList(0, 3).stream().allMatch(Outcome::passed), r.text());
    }

    @Test
    void anUntouchedSkeletonIsNotImplementedYet() {
        Report r = run(Check11Races.check(b -> {
            throw new UnsupportedOperationException("TODO: start an Account GenServer with this balance");
        }, (a, x) -> {}, (a, x) -> false, a -> 0));
        assertTrue(r.notImplemented(), r.text());
        assertFalse(r.allPassed());
    }
}
