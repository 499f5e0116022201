package loombook.kernel.visual;

/**
 * The thread behind a live view ({@link LiveView}, {@link Progress}): every picture of the view
 * goes out from this one thread, in order, whichever cell or process asks for a refresh or a stop;
 * the notebook sends each update as the output of the cell that showed the view. However the view
 * ends (stopped, its time up, or a picture that failed), it gets one last call, so that the last
 * picture in the notebook is a finished one.
 */
final class Ticker {
    /** Why a view ended, as its last picture says it. */
    static final String STOPPED = "stopped";
    static final String TIME_UP = "stopped after its time";

    /** What the view does on each tick, and once at the end. */
    interface View {
        void tick();

        /** The last picture: {@code ending} is {@link #STOPPED}, {@link #TIME_UP} or {@code "stopped: "} and what failed. */
        void last(String ending);
    }

    private final Object lock = new Object();
    private final long everyMillis;
    private final long deadline;
    private final View view;
    private final Thread thread;
    private boolean now;
    private boolean finish;
    private boolean finished;

    Ticker(String name, long everyMillis, long forMillis, View view) {
        this.everyMillis = everyMillis;
        this.deadline = System.nanoTime() + forMillis * 1_000_000L;
        this.view = view;
        this.thread = Thread.ofVirtual().name(name).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** When this view stops by itself, {@link System#nanoTime()}. */
    long deadline() {
        return deadline;
    }

    /** Asks for a tick as soon as possible. */
    void poke() {
        synchronized (lock) {
            now = true;
            lock.notifyAll();
        }
    }

    /** Asks for the last tick and waits (a little) until it has gone out. */
    void finish() {
        synchronized (lock) {
            finish = true;
            lock.notifyAll();
            long end = System.nanoTime() + 2_000_000_000L;
            while (!finished && System.nanoTime() < end && thread.isAlive()) {
                try {
                    lock.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    boolean finished() {
        synchronized (lock) {
            return finished || finish;
        }
    }

    private void run() {
        boolean timeUp = false;
        String ending = null;
        try {
            long next = System.nanoTime() + everyMillis * 1_000_000L;
            for (;;) {
                synchronized (lock) {
                    for (;;) {
                        if (finish) break;
                        long t = System.nanoTime();
                        if (t >= deadline) {
                            timeUp = true;
                            break;
                        }
                        if (now || t >= next) break;
                        long waitMs = Math.max(1, (Math.min(next, deadline) - t) / 1_000_000L);
                        lock.wait(waitMs);
                    }
                    if (finish || timeUp) break;
                    now = false;
                }
                next = System.nanoTime() + everyMillis * 1_000_000L;
                view.tick();
            }
            ending = timeUp ? TIME_UP : STOPPED;
        } catch (InterruptedException e) {
            // the JVM is going away: no last picture
        } catch (RuntimeException e) {
            ending = "stopped: " + (e.getMessage() != null ? e.getMessage() : e.toString());    // a picture failed: the last one says so
        }
        try {
            if (ending != null) view.last(ending);
        } catch (RuntimeException e) {
            // the notebook went away (nothing to update), or the last picture failed too
        } finally {
            synchronized (lock) {
                finished = true;
                lock.notifyAll();
            }
        }
    }
}
