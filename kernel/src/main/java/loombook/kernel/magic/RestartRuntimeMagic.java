package loombook.kernel.magic;

/**
 * {@code %restart_runtime}: kills every process, cancels every timer and forgets every registered
 * name, without restarting the kernel: variables, classes and methods of earlier cells stay.
 */
final class RestartRuntimeMagic implements LineMagic {
    @Override
    public String name() {
        return "restart_runtime";
    }

    @Override
    public String usage() {
        return "%restart_runtime";
    }

    @Override
    public String help() {
        return "Kills every process and timer and forgets registered names; keeps your variables and classes.";
    }

    @Override
    public Object run(String args, MagicContext context) {
        int killed = context.restartRuntime();
        context.out().println("runtime restarted: " + killed + " process" + (killed == 1 ? "" : "es")
                + " killed, timers cancelled, names forgotten; the notebook has a fresh process");
        return null;
    }
}
