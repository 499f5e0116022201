package loombook.otp.internal;

import loombook.Exit;
import loombook.Process;
import loombook.otp.GenServer;

/**
 * The process behind a {@code Registry}: it owns the table, traps exits, and removes the entries
 * of every registered process that dies (they are linked to it).
 */
public final class RegistryServer extends GenServer<Void, RegistryServer.State> implements BuiltIn {
    /**
     * The registry process's state: which registry it runs (the entries live in its table, so
     * that {@code Sys.getState} hands out only this immutable value).
     *
     * @param name the registry's name
     * @param keys unique or duplicate
     */
    public record State(String name, loombook.otp.Registry.Keys keys) {}

    private final RegistryTable.Spec spec;
    /** The table; only this process (the registry's) sets it. */
    private RegistryTable table;

    /** A registry process for {@code spec}. */
    public RegistryServer(RegistryTable.Spec spec) {
        this.spec = spec;
    }

    @Override
    public String moduleName() {
        return "Registry";
    }

    @Override
    public Init<State> init(Void unused) {
        Process.trapExit(true);
        table = RegistryTable.create(spec, Process.self());
        return ok(new State(spec.name(), spec.keys()));
    }

    @Override
    public Result<State> handleInfo(Object message, State state) {
        if (message instanceof Exit e && e.from() != null) table.removeAll(e.from());
        return noreply(state);
    }

    @Override
    public void terminate(Object reason, State state) {
        if (table != null) table.drop();
    }

    @Override
    public Object formatStatus(State state) {
        return table == null ? state : table.toString();
    }
}
