package loombook.kernel.visual;

/**
 * The thread behind a live view. Every update of the view's output goes out from this one
 * thread, which was started by the cell that showed the view and so belongs to it: its updates
 * carry that cell's request, whichever cell later asks for a refresh or a stop (a frontend
 * applies a display update to the cell that the update's request names).
 */
final class Ticker {
    /** What the view does on each tick, and once at the end (told whether its time ran out). */
    interface View {
        void tick();

        void last(boolean timeUp);
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
            view.last(timeUp);
        } catch (InterruptedException e) {
            // the JVM is going away
        } catch (RuntimeException e) {
            // the notebook went away (nothing to update), or the view failed: stop quietly
        } finally {
            synchronized (lock) {
                finished = true;
                lock.notifyAll();
            }
        }
    }
}
