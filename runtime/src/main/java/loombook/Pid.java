package loombook;

/**
 * A process identifier: the address you {@link Process#send send} to, link to and monitor.
 *
 * <p>Printed the way Elixir prints it, {@code #PID<0.42.0>}. Two pids are equal when they name the
 * same process. A pid stays valid after its process has died: sending to it is then a no-op, as
 * in Erlang, and {@link Process#alive} answers {@code false}.
 *
 * <pre>{@code
 * Pid pid = spawn(() -> receive(m -> m));
 * System.out.println(pid);        // #PID<0.42.0>
 * send(pid, "hello");
 * }</pre>
 */
public final class Pid implements Comparable<Pid> {
    final Proc proc;

    Pid(Proc proc) {
        this.proc = proc;
    }

    /** The process number, the middle part of {@code #PID<0.42.0>}. */
    public long id() {
        return proc.id;
    }

    @Override
    public String toString() {
        return "#PID<0." + proc.id + ".0>";
    }

    @Override
    public int compareTo(Pid other) {
        return Long.compare(proc.id, other.proc.id);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(proc.id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pid p && p.proc == proc;
    }
}
