package loombook.kernel.eval;

/**
 * Thrown to the evaluator when an interrupted cell did not stop within the grace period: its thread
 * is left behind (still running whatever would not stop) and a fresh thread runs the next cell.
 */
final class CellAbandoned extends Exception {
    CellAbandoned(String threadName, long graceMillis) {
        super("the cell did not stop within " + graceMillis + " ms of the interrupt; its thread " + threadName
                + " was left behind and may still be running");
    }
}
