package loombook.otp.internal;

import loombook.Exit;
import loombook.Process;
import loombook.otp.GenServer;

/**
 * The process behind a {@code Registry}: it owns the table, traps exits, and removes the entries
 * of every registered process that dies (they are linked to it).
 */
public final class RegistryServer extends GenServer<Void, RegistryTable> implements BuiltIn {
    private final RegistryTable.Spec spec;

    /** A registry process for {@code spec}. */
    public RegistryServer(RegistryTable.Spec spec) {
        this.spec = spec;
    }

    @Override
    public String moduleName() {
        return "Registry";
    }

    @Override
    public Init<RegistryTable> init(Void unused) {
        Process.trapExit(true);
        return ok(RegistryTable.create(spec, Process.self()));
    }

    @Override
    public Result<RegistryTable> handleInfo(Object message, RegistryTable table) {
        if (message instanceof Exit e && e.from() != null) {
            table.removeAll(e.from());
            return noreply(table);
        }
        return noreply(table);
    }

    @Override
    public void terminate(Object reason, RegistryTable table) {
        table.drop();
    }
}
