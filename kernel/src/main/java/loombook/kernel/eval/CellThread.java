package loombook.kernel.eval;

import java.util.concurrent.Callable;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The platform thread that runs cell code, and the cell's interrupt.
 *
 * <p>Cell code runs here rather than on the thread that talks to Jupyter, so that an interrupt can
 * be aimed at exactly this thread: {@link #stop()} marks it in {@link CellStop} (its woven
 * checks throw) and interrupts it (a blocked receive, sleep or wait ends). It is a platform thread,
 * not a virtual one, so that a cell that spins does not hold a carrier that processes need.
 *
 * <p>If the code does not stop within the grace period (it swallows every error in a loop, or is
 * stuck in an uninterruptible call), {@link #call} gives up on it with {@link CellAbandoned}: the
 * thread is left behind and the next cell gets a new one. The kernel stays usable either way.
 */
final class CellThread {
    private static final AtomicInteger NUMBER = new AtomicInteger();

    private final ClassLoader contextLoader;
    private final long graceMillis;
    private Worker worker;
    /** The job running now, or null; guarded by this. */
    private Job running;

    CellThread(ClassLoader contextLoader, long graceMillis) {
        this.contextLoader = contextLoader;
        this.graceMillis = graceMillis;
    }

    /**
     * Runs {@code task} on the cell thread and returns its result, or throws what it threw. Called
     * by one thread at a time (the evaluator's).
     */
    Object call(Callable<Object> task) throws Exception {
        Job job = new Job(task);
        Worker w;
        synchronized (this) {
            if (worker == null || worker.abandoned) {
                worker = new Worker();
                worker.start();
            }
            w = worker;
            running = job;
        }
        try {
            w.jobs.put(job);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing a cell to its thread", e);
        }
        boolean done = job.awaitDone(graceMillis);
        synchronized (this) {
            if (running == job) running = null;
            if (!done) {
                w.abandoned = true;                 // it ends by itself when (if) the job does
                CellStop.givenUp(w);
                throw new CellAbandoned(w.getName(), graceMillis);
            }
        }
        if (job.error instanceof Exception e) throw e;
        if (job.error instanceof Error e) throw e;
        if (job.error != null) throw new IllegalStateException(job.error);
        return job.result;
    }

    /**
     * Interrupts the running cell: woven loop checks throw {@link CellInterrupted} on its thread, and
     * a blocked call on it is interrupted. Does nothing between cells. Safe from any thread.
     */
    void stop() {
        Job job;
        synchronized (this) {
            job = running;
            if (job == null) return;
            Thread t = job.thread;
            if (t == null) {
                job.stopBeforeStart = true;         // handed over, not started: the worker stops it on start
            } else {
                CellStop.stop(t);
                t.interrupt();
            }
        }
        job.stopRequested();
    }

    /** Whether a cell is running now. */
    synchronized boolean busy() {
        return running != null;
    }

    /** One task handed to the cell thread, and its outcome. */
    private final class Job {
        final Callable<Object> task;
        volatile Thread thread;
        volatile boolean stopBeforeStart;
        Object result;
        Throwable error;
        private boolean done;
        private long stopDeadline;          // 0 while no stop was asked for

        Job(Callable<Object> task) {
            this.task = task;
        }

        synchronized void finish(Object result, Throwable error) {
            this.result = result;
            this.error = error;
            done = true;
            notifyAll();
        }

        synchronized void stopRequested() {
            if (stopDeadline == 0) stopDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
            notifyAll();
        }

        /** Waits for the end; after a stop request, waits at most the grace period. */
        synchronized boolean awaitDone(long grace) {
            boolean interrupted = false;
            try {
                while (!done) {
                    try {
                        if (stopDeadline == 0) {
                            wait();
                        } else {
                            long left = stopDeadline - System.nanoTime();
                            if (left <= 0) return false;
                            TimeUnit.NANOSECONDS.timedWait(this, left);
                        }
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                return true;
            } finally {
                if (interrupted) Thread.currentThread().interrupt();
            }
        }
    }

    /** A platform thread that runs jobs one at a time until it is abandoned. */
    /** A cell thread (package access: {@link StrayThreads} tells them from the threads cells start). */
    final class Worker extends Thread {
        final SynchronousQueue<Job> jobs = new SynchronousQueue<>();
        volatile boolean abandoned;

        Worker() {
            super("loombook-cell-" + NUMBER.incrementAndGet());
            setDaemon(true);
            setContextClassLoader(contextLoader);
        }

        @Override
        public void run() {
            while (!abandoned) {
                Job job;
                try {
                    job = jobs.take();
                } catch (InterruptedException e) {
                    continue;                   // a late interrupt between cells: ignore it
                }
                runJob(job);
            }
        }

        private void runJob(Job job) {
            synchronized (CellThread.this) {
                job.thread = this;
                if (job.stopBeforeStart) {
                    CellStop.stop(this);
                    interrupt();
                }
            }
            Object result = null;
            Throwable error = null;
            try {
                result = job.task.call();
            } catch (Throwable t) {
                error = t;
            }
            synchronized (CellThread.this) {
                CellStop.clear(this);
                Thread.interrupted();           // an interrupt that arrived as the cell ended
                job.thread = null;
            }
            job.finish(result, error);
        }
    }
}
