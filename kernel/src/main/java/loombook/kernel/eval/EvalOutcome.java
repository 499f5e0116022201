package loombook.kernel.eval;

import java.util.List;

/**
 * What evaluating a piece of a cell came to. Notes (a method defined that cannot run until what it
 * uses is declared, for instance) come with every outcome.
 */
public sealed interface EvalOutcome {
    /** Messages about the snippets that are not errors. */
    List<String> notes();

    /**
     * Every snippet ran.
     *
     * @param hasValue whether the last snippet was an expression with a value to show
     * @param value that value (may be null)
     * @param typeName its static type, as JShell names it
     * @param notes messages about the snippets
     */
    record Success(boolean hasValue, Object value, String typeName, List<String> notes) implements EvalOutcome {}

    /** A snippet did not compile; the snippets before it ran. */
    record CompileFailed(List<CompileError> errors, List<String> notes) implements EvalOutcome {}

    /** A snippet threw {@code error}; the snippets after it did not run. */
    record Failed(Throwable error, List<String> notes) implements EvalOutcome {}

    /**
     * The user interrupted the cell.
     *
     * @param where the exception that stopped the code (its frames say where it was), or null
     * @param abandoned true if the code would not stop and its thread was left behind
     */
    record Interrupted(Throwable where, boolean abandoned, List<String> notes) implements EvalOutcome {}
}
