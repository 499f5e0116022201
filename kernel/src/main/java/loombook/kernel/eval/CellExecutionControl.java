package loombook.kernel.eval;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.function.Consumer;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.SPIResolutionException;

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

    /**
     * As {@link DirectExecutionControl}'s, without its {@code System.out.flush()} after the snippet:
     * {@code PrintStream.flush} takes the stream's monitor, so a thread the cell started that holds
     * {@code synchronized (System.out)} for ever would hang the kernel there (measured). The routing
     * streams pass every write on at once; there is nothing to flush.
     */
    @Override
    public String invoke(String className, String methodName) throws RunException, InternalException, EngineTerminationException {
        beforeInvoke.accept(className);
        Method doit;
        try {
            doit = findClass(className).getDeclaredMethod(methodName);
            doit.setAccessible(true);
        } catch (Throwable ex) {
            throw new InternalException(ex.toString());
        }
        try {
            clientCodeEnter();
            return invoke(doit);
        } catch (RunException | InternalException | EngineTerminationException ex) {
            throw ex;
        } catch (SPIResolutionException ex) {
            return throwConvertedInvocationException(ex);
        } catch (InvocationTargetException ex) {
            return throwConvertedInvocationException(ex.getCause());
        } catch (Throwable ex) {
            return throwConvertedOtherException(ex);
        } finally {
            clientCodeLeave();
        }
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
