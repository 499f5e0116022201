/**
 * Loombook's runtime: Erlang's processes on virtual threads ({@code loombook}) and OTP's
 * behaviours on them ({@code loombook.otp}). These two packages are the whole public line; the
 * machinery behind the behaviours ({@code loombook.otp.internal}) is not exported, so code compiled
 * against this module (the kernel, the benchmarks) cannot reach it.
 *
 * <p>The module is the compiler's line, not a run-time one: the tests, the benchmarks and the
 * kernel run the runtime on the class path, where JShell's cells compile against it (see
 * {@code docs/decisions/0007-the-public-line.md}).
 */
module loombook.runtime {
    exports loombook;
    exports loombook.otp;
}
