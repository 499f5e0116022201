package loombook;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;

/**
 * The one place where the runtime reaches into the JDK: a virtual thread whose scheduler is an
 * {@link Executor} of the runtime's own, so that the runtime decides which carrier runs which
 * process (docs/decisions/0006-schedulers.md).
 *
 * <p>JDK 25 has no public API for this. It has the mechanism: every virtual thread holds the
 * {@code Executor} it is submitted to when it starts, when it is unparked and when it yields, and
 * the package-private {@code java.lang.ThreadBuilders.newVirtualThread(Executor, String, int,
 * Runnable)} creates one with a given executor (the JDK's own tests use this to give virtual
 * threads schedulers of their own). Reaching it needs {@code --add-opens
 * java.base/java.lang=ALL-UNNAMED} on the JVM's command line. Without that flag, or on a JDK where
 * the method has gone, {@link #available()} is false, {@link #unavailableReason()} says why, and the
 * runtime runs its processes on the JDK's default scheduler instead (see {@link JdkScheduler}).
 */
final class VirtualThreadHook {
    /** The JVM flag that makes the hook available. */
    static final String FLAG = "--add-opens java.base/java.lang=ALL-UNNAMED";

    private static final MethodHandle NEW_VIRTUAL_THREAD;
    private static final String UNAVAILABLE;

    static {
        MethodHandle mh = null;
        String why = null;
        try {
            Class<?> builders = Class.forName("java.lang.ThreadBuilders");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(builders, MethodHandles.lookup());
            mh = lookup.findStatic(builders, "newVirtualThread",
                    MethodType.methodType(Thread.class, Executor.class, String.class, int.class, Runnable.class));
            // proves that it works here: a thread with our executor, never started
            Thread probe = (Thread) mh.invokeExact((Executor) Runnable::run, (String) null, 0, (Runnable) () -> {});
            if (!probe.isVirtual()) {
                mh = null;
                why = "this JVM makes platform threads where virtual threads were asked for";
            }
        } catch (IllegalAccessException e) {
            why = "the JVM was started without " + FLAG;
        } catch (Throwable t) {
            mh = null;
            why = "this JDK has no java.lang.ThreadBuilders.newVirtualThread(Executor, ...) (" + t + ")";
        }
        NEW_VIRTUAL_THREAD = mh;
        UNAVAILABLE = why;
    }

    private VirtualThreadHook() {}

    /** Whether virtual threads with the runtime's own executor can be made in this JVM. */
    static boolean available() {
        return NEW_VIRTUAL_THREAD != null;
    }

    /** Why not, or null when {@link #available()}. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    /**
     * An unstarted virtual thread that runs {@code task} and is scheduled by {@code executor}: its
     * continuation is handed to {@code executor.execute} when it starts, after every park that
     * ends and at every {@link Thread#yield()}. A virtual thread that it starts inherits the
     * executor. Only when {@link #available()}.
     */
    static Thread unstarted(Executor executor, Runnable task) {
        try {
            return (Thread) NEW_VIRTUAL_THREAD.invokeExact(executor, (String) null, 0, task);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("could not create a virtual thread", t);
        }
    }
}
