package loombook.kernel.eval;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.function.Consumer;
import jdk.jshell.execution.DirectExecutionControl;

/**
 * JShell's execution engine for the kernel: snippets run in this JVM (so cells share memory with the
 * runtime), on the {@link CellThread}, through the {@link Invoker} of the layer above, with class
 * loading through the {@link SnippetLoader} and its transformer chain.
 *
 * <p>Unlike JShell's {@code LocalExecutionControl}, stopping is scoped to the cell: see
 * {@link CellStop}. It also keeps the value a snippet produced and the exception it threw as Java
 * objects, where JShell only passes strings on, so that the kernel can render values richly and
 * show stack traces with cell line numbers.
 */
final class CellExecutionControl extends DirectExecutionControl {
    private final CellThread cells;
    private final Invoker invoker;
    private final Consumer<String> beforeInvoke;
    private final java.util.function.BooleanSupplier interrupted;
    private Object lastValue;
    private Throwable lastThrown;
    private boolean invoked;

    CellExecutionControl(SnippetLoader loader, CellThread cells, Invoker invoker, Consumer<String> beforeInvoke,
                         java.util.function.BooleanSupplier interrupted) {
        super(loader);
        this.cells = cells;
        this.invoker = invoker;
        this.beforeInvoke = beforeInvoke;
        this.interrupted = interrupted;
    }

    /** Forgets the previous snippet's value and exception; called before each eval. */
    void reset() {
        lastValue = null;
        lastThrown = null;
        invoked = false;
    }

    /** Whether the last eval ran code. */
    boolean invoked() {
        return invoked;
    }

    /** The value of the last snippet that ran (null if none, or if it was null). */
    Object lastValue() {
        return lastValue;
    }

    /** What the last snippet threw, or null. */
    Throwable lastThrown() {
        return lastThrown;
    }

    @Override
    public String invoke(String className, String methodName) throws RunException, InternalException, EngineTerminationException {
        beforeInvoke.accept(className);
        return super.invoke(className, methodName);
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        invoked = true;
        if (interrupted.getAsBoolean()) {         // interrupted while JShell compiled it: it does not run
            lastThrown = new CellInterrupted();
            throw new InvocationTargetException(lastThrown);
        }
        try {
            lastValue = cells.call(() -> invoker.invoke(() -> doit.invoke(null)));
        } catch (InvocationTargetException e) {
            lastThrown = e.getCause();
            throw e;
        } catch (CellAbandoned e) {
            lastThrown = e;
            throw new InvocationTargetException(e);
        } catch (Throwable t) {              // the invoker itself failed (the notebook's process is gone...)
            lastThrown = t;
            throw new InvocationTargetException(t);
        }
        // JShell only keeps this string for its own display; the kernel renders lastValue itself, so
        // a (possibly huge, possibly failing) toString is not computed here.
        return "";
    }

    @Override
    public void stop() {
        cells.stop();
    }
}
