package loombook.kernel.visual;

import java.util.Objects;
import loombook.kernel.display.Display;

/**
 * Seeing processes, from a cell: every notebook imports these methods.
 *
 * <ul>
 *   <li>{@link #trace(Runnable) trace(() -> ...)}: a message sequence diagram of what a block of
 *       code did between the processes it touched (also the {@code %%trace} cell magic);</li>
 * </ul>
 *
 * <p>Everything renders as SVG or HTML with a plain-text fallback: no JavaScript, nothing from the
 * network, the same in classic Notebook, JupyterLab, VS Code and exported HTML.
 */
public final class Visuals {
    private Visuals() {}

    /**
     * Runs {@code block} and returns the message sequence diagram of what it did: the processes it
     * spawned, the cell's process, and those they sent to or received from, with sends, receives,
     * calls and replies, casts, DOWN and EXIT signals, spawns and exits. It waits a moment after
     * the block for what is still on its way (a reply, a crash), at most 0.3 s.
     *
     * <pre>{@code
     * record Ping(Pid from) {}
     * Pid ponger = spawn(() -> {
     *     var ping = (Ping) receive();
     *     send(ping.from(), "pong");
     * });
     * trace(() -> {
     *     send(ponger, new Ping(self()));
     *     receive();
     * })
     * }</pre>
     *
     * <p>If the block throws, the diagram of what happened until then is displayed and the
     * exception goes on.
     */
    public static SequenceDiagram trace(Runnable block) {
        Objects.requireNonNull(block, "trace: the block must not be null");
        Trace t = Trace.start();
        try {
            block.run();
        } catch (RuntimeException | Error e) {
            SequenceDiagram d = t.stop(100).note("The traced code threw " + Messages.reason(e) + "; this is what happened until then.");
            showIfInNotebook(d);
            throw e;
        }
        return t.stop();
    }

    /** Starts a trace that runs until its {@link Trace#stop()}: for a sequence that spans cells. */
    public static Trace startTrace() {
        return Trace.start();
    }

    private static void showIfInNotebook(Object value) {
        try {
            Display.display(value);
        } catch (IllegalStateException notInANotebook) {
            // a plain program: the exception says enough
        }
    }
}
