package loombook.kernel.magic;

import java.lang.management.ManagementFactory;

/**
 * {@code %%time} (the whole cell) and {@code %time CODE} (one line): runs the code and then prints
 * how long it took, in wall time and in CPU time of the whole JVM (processes included).
 */
final class TimeMagic implements CellMagic, LineMagic {
    @Override
    public String name() {
        return "time";
    }

    @Override
    public String usage() {
        return "%%time  or  %time CODE";
    }

    @Override
    public String help() {
        return "Runs the cell (or the line) and prints its wall time and the CPU time the JVM spent meanwhile.";
    }

    @Override
    public Object run(String args, String body, MagicContext context) {
        if (!args.isBlank()) context.err().println("%%time takes no arguments; ignoring '" + args + "'");
        time(context, () -> context.evaluate(body, 1));
        return null;
    }

    @Override
    public Object run(String args, MagicContext context) throws MagicException {
        if (args.isBlank()) throw new MagicException("usage: %time CODE, like %time fib(30), or %%time as a cell's first line");
        time(context, () -> context.evaluate(args, 1));
        return null;
    }

    private static void time(MagicContext context, java.util.function.BooleanSupplier run) {
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        boolean ok = run.getAsBoolean();
        long wall = System.nanoTime() - t0;
        long cpu = cpuNanos() - cpu0;
        context.out().printf("%sWall time: %s, CPU time (JVM): %s%n", ok ? "" : "(stopped) ", format(wall), cpu < 0 ? "n/a" : format(cpu));
    }

    private static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    static String format(long nanos) {
        if (nanos < 1_000_000) return String.format("%.0f µs", nanos / 1e3);
        if (nanos < 1_000_000_000) return String.format("%.1f ms", nanos / 1e6);
        return String.format("%.2f s", nanos / 1e9);
    }
}
