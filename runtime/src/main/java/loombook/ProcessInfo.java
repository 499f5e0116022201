package loombook;

import java.util.List;

/**
 * A snapshot of one process, Erlang's {@code process_info/1}: what {@link Process#info} returns.
 *
 * <pre>{@code
 * Pid p = spawn(() -> sleep(60_000));
 * send(p, "hello");
 * ProcessInfo i = info(p);
 * i.status();               // WAITING
 * i.messageQueueLength();   // 1
 * i.messages();             // [hello]
 * }</pre>
 *
 * @param pid the process
 * @param registeredName its registered name, or null
 * @param label what {@link Process#label} set (a GenServer sets its class), or null
 * @param status what it is doing now
 * @param messageQueueLength how many messages wait in its mailbox
 * @param messages the first messages of its mailbox, oldest first (at most 1,000)
 * @param links the processes it is linked to
 * @param monitors the processes it monitors
 * @param monitoredBy the processes that monitor it
 * @param trapExit whether it traps exits
 * @param groupLeader where its output goes
 * @param parent the process that spawned it, or null
 * @param reductions the work it has done, counted in reductions (sends, spawns, woven loop checks)
 * @param memory an estimate, in bytes, of the memory it holds (its thread stack, mailbox and messages)
 * @param scheduler the scheduler it runs on, or runs on next, from 1 to {@link Node#schedulers()}
 *        (it may move to another one while it waits); 0 when it runs on none of the runtime's (a
 *        host process such as a notebook's, which runs on its caller's thread)
 */
public record ProcessInfo(
        Pid pid,
        String registeredName,
        Object label,
        Status status,
        int messageQueueLength,
        List<Object> messages,
        List<Pid> links,
        List<Pid> monitors,
        List<Pid> monitoredBy,
        boolean trapExit,
        GroupLeader groupLeader,
        Pid parent,
        long reductions,
        long memory,
        int scheduler) {

    /** What a process is doing, as Erlang reports it. */
    public enum Status {
        /** Running its code on a carrier thread now. */
        RUNNING,
        /** Ready to run (a message arrived, or it yielded), waiting for a carrier. */
        RUNNABLE,
        /** Blocked in a receive or a sleep. */
        WAITING,
        /** Ended; what it still shows is its last state. */
        EXITING;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
