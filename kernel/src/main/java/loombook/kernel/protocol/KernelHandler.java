package loombook.kernel.protocol;

import io.github.spencerpark.jupyter.messages.reply.CompleteReply;
import io.github.spencerpark.jupyter.messages.reply.HistoryReply;
import io.github.spencerpark.jupyter.messages.reply.InspectReply;
import io.github.spencerpark.jupyter.messages.reply.IsCompleteReply;
import io.github.spencerpark.jupyter.messages.reply.KernelInfoReply;
import io.github.spencerpark.jupyter.messages.request.CompleteRequest;
import io.github.spencerpark.jupyter.messages.request.ExecuteRequest;
import io.github.spencerpark.jupyter.messages.request.HistoryRequest;
import io.github.spencerpark.jupyter.messages.request.InspectRequest;
import io.github.spencerpark.jupyter.messages.request.IsCompleteRequest;

/**
 * What the protocol floor asks of the kernel above it. The protocol floor does the rest itself:
 * signing, busy/idle status, comms (none), aborting queued cells after an error, shutdown.
 * Requests arrive one at a time on the shell thread; {@link #interrupt()} arrives on the control
 * thread, while a request may be running.
 */
public interface KernelHandler {
    /** The kernel_info reply content. */
    KernelInfoReply kernelInfo();

    /**
     * Runs an execute request, publishing through {@code request}, and returns the reply's outcome.
     */
    ExecuteResult execute(ExecuteRequest content, Request request);

    /** Completion. */
    CompleteReply complete(CompleteRequest content);

    /** Inspection (documentation at the cursor). */
    InspectReply inspect(InspectRequest content);

    /** Whether code is complete. */
    IsCompleteReply isComplete(IsCompleteRequest content);

    /** History of executed cells. */
    HistoryReply history(HistoryRequest content);

    /**
     * Stops the running cell, or the cell that has arrived and waits to run (from the control
     * channel); returns whether there was one.
     */
    boolean interrupt();

    /**
     * The cell about to be executed was sent before an interrupt that found no cell (the control
     * channel served the interrupt first): stop it before it runs.
     */
    void interruptNextCell();

    /** The kernel is about to exit (a shutdown request; {@code restart} if the frontend will start a new one). */
    void shutdown(boolean restart);
}
