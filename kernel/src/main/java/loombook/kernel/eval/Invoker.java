package loombook.kernel.eval;

import java.util.concurrent.Callable;

/**
 * Wraps the execution of each snippet on the cell thread: the place where the layer above makes the
 * code run as the notebook's process (and with the cell's output). The evaluator knows nothing of
 * processes; it calls this with the snippet's code and expects it to be run, on the calling thread,
 * with the snippet's result or exception passed through unchanged.
 */
@FunctionalInterface
public interface Invoker {
    /** Runs {@code snippet} on the current thread and returns what it returns. */
    Object invoke(Callable<Object> snippet) throws Exception;

    /** Runs snippets as they are. */
    Invoker DIRECT = Callable::call;
}
