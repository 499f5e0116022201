/**
 * The machinery behind {@code loombook.otp}, not exported by the runtime's module: the behaviours'
 * loops ({@code GenServerLoop}, {@code GenStateMachineLoop} with its {@code StateMachineTimeouts},
 * and the {@code SystemHandling} they share for {@code Sys}), the call protocol ({@code Calls},
 * {@code CallTimeouts}), starting and stopping ({@code Starter}, {@code Stopper}), the supervisors'
 * servers and their {@code Children}, the tables of {@code Registry} and {@code Ets}, and the
 * tasks' runner and gates.
 *
 * <p>The entry points are the public classes of {@code loombook.otp}, which delegate here; nothing
 * here is called from outside the runtime (the module keeps it so at compile time, and the kernel
 * tells OTP's messages apart through {@link loombook.otp.OtpMessage}). This package uses the
 * runtime's public API ({@code loombook}) like any other client, and the behaviours' callback and
 * result types from {@code loombook.otp}. Its messages ({@code GenCall}, {@code GenCast},
 * {@code GenReply}, {@code SystemMessage}...) are records, so they read well when they are seen in
 * a mailbox; they are not an API.
 */
package loombook.otp.internal;
