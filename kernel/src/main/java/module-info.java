/**
 * The Loombook kernel: Jupyter's protocol over ZeroMQ, JShell's evaluation and the runtime, in one
 * JVM. It reads as floors, each a package (see their {@code package-info}): {@code protocol} →
 * {@code session} → {@code notebook} → {@code eval}, {@code display}, {@code magic},
 * {@code visual}; the course's checks are {@code loombook.course}.
 *
 * <p>It requires the runtime as a module, so the compiler holds it to the runtime's exported
 * packages ({@code loombook}, {@code loombook.otp}): the kernel sees what a student's cell sees and
 * nothing of {@code loombook.otp.internal}. The module is the compiler's line only: the kernel runs
 * on the class path, where JShell compiles cells against the same jars (see
 * {@code docs/decisions/0007-the-public-line.md}).
 */
module loombook.kernel {
    requires loombook.runtime;
    requires jdk.jshell;
    requires java.management;
    requires java.instrument;
    requires jdk.management;
    requires jdk.unsupported;
    requires com.google.gson;
    requires org.zeromq.jeromq;
    requires jupyter.jvm.basekernel;
    requires org.apache.maven.resolver;
    requires org.apache.maven.resolver.util;
    requires org.apache.maven.resolver.supplier;

    exports loombook.kernel;
    exports loombook.kernel.display;
    exports loombook.kernel.visual;
    exports loombook.course;
    exports loombook.exercise;
    // the woven check's benchmark builds evaluators with and without the check
    exports loombook.kernel.eval to loombook.bench;
}
