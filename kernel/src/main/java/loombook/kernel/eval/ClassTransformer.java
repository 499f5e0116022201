package loombook.kernel.eval;

/**
 * Rewrites the bytes of a class that JShell compiled from a cell, before it is defined. This is the
 * kernel's hook on snippet class loading: every snippet class goes through the evaluator's chain of
 * transformers, in order, in {@link SnippetLoader#load}. The kernel itself weaves the reductions
 * and cell stop check ({@link ReductionWeaver}) and guards {@code System.exit} ({@link ExitGuard}).
 *
 * <p>Transformers see only classes compiled from cells, never library or JDK classes. They must be
 * thread-safe and must not throw for a class they do not want to change (return the bytes as they
 * are). A transformer that throws makes the snippet fail to load, with the message shown in the cell.
 */
@FunctionalInterface
public interface ClassTransformer {
    /**
     * The new bytes for the class named {@code className} (binary name, like
     * {@code REPL.$JShell$12}), or {@code classBytes} itself to leave it as it is.
     */
    byte[] transform(String className, byte[] classBytes);
}
