package loombook.kernel.notebook;

/**
 * Gives memory back after a cell that allocated a lot. The serial collector returns heap to the
 * system only after a full collection, so a cell that filled the heap (up to an OutOfMemoryError,
 * say: measured, 6 GB resident afterwards on a 24 GB machine) would leave the kernel that big. When
 * the committed heap is well above what was live after the last trim, a full collection while idle
 * (tens of milliseconds for a live set of tens of megabytes) brings it back down.
 *
 * <p>What was live at the last trim is only an estimate afterwards (the cell after an
 * OutOfMemoryError usually drops what it held), so it decays by a fifth with every cell: a notebook
 * that really holds a lot (a million processes) is collected every few cells, one that let go of a
 * lot gets its memory back a few cells later.
 */
final class HeapTrimmer {
    private static final long FLOOR = 256L << 20;
    private static final long SLACK = 64L << 20;
    private long liveAfterTrim;

    /** Called after each cell: what was live may have been dropped since. */
    synchronized void cellFinished() {
        liveAfterTrim = liveAfterTrim * 4 / 5;
    }

    /** Whether a trim would likely give memory back. */
    synchronized boolean due() {
        long committed = Runtime.getRuntime().totalMemory();
        return committed > FLOOR && committed > 2 * liveAfterTrim + SLACK;
    }

    /** Collects, so that the heap shrinks to what is live (plus the free ratio of the JVM flags). */
    synchronized void trim() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        liveAfterTrim = r.totalMemory() - r.freeMemory();
    }
}
