package loombook.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import loombook.GroupLeader;
import loombook.kernel.notebook.Notebook;
import loombook.kernel.notebook.StartupSettings;
import loombook.kernel.protocol.KernelServer;
import loombook.kernel.session.JupyterKernel;

/**
 * The kernel's entry point, as a kernelspec starts it: {@code java ... loombook.kernel.Main
 * CONNECTION_FILE}. It assembles the floors (protocol, Jupyter session, notebook) and runs until a
 * frontend asks it to shut down. Its own messages go to standard error, which Jupyter keeps in its log.
 *
 * <p>With {@code -Dloombook.timing=true} it logs when it reached {@code main}, built the notebook,
 * bound its sockets and had JShell ready (wall-clock milliseconds, to compare with the moment the
 * frontend launched it): how the start-up figures of docs/decisions/0102 were taken apart.
 */
public final class Main {
    private Main() {}

    /** Starts the kernel on a connection file. */
    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--check-settings")) {
            System.exit(checkSettings(args[1]));
        }
        if (args.length != 1 || args[0].startsWith("-")) {
            System.err.println("usage: java -cp ... loombook.kernel.Main CONNECTION_FILE   (Jupyter starts it from the kernelspec)");
            System.exit(2);
        }
        Path connection = Path.of(args[0]);
        if (!Files.isReadable(connection)) {
            System.err.println("loombook: cannot read the connection file " + connection);
            System.exit(2);
        }
        var log = GroupLeader.system().err();
        boolean timing = Boolean.getBoolean("loombook.timing");
        if (timing) log.println("loombook timing: main at " + System.currentTimeMillis());
        Notebook notebook = Notebook.builder().build();
        if (timing) log.println("loombook timing: notebook at " + System.currentTimeMillis());
        JupyterKernel kernel = new JupyterKernel(notebook);
        KernelServer server;
        try {
            server = KernelServer.start(connection, kernel, m -> log.println("loombook: " + m));
        } catch (Exception e) {
            log.println("loombook: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        interruptOnSigint(kernel);
        ParentWatch.start(System.getenv(), why -> {
            log.println("loombook: " + why + ".");
            log.flush();
            System.exit(0);
        });
        if (timing) {
            log.println("loombook timing: serving at " + System.currentTimeMillis());
            Thread.ofPlatform().daemon().start(() -> {
                notebook.awaitReady();
                log.println("loombook timing: JShell ready at " + System.currentTimeMillis());
            });
        }
        boolean asked = server.awaitShutdown();
        server.close();
        System.exit(asked ? 0 : 1);       // 1: the network failed (logged), and the frontend restarts the kernel
    }

    /**
     * {@code Main --check-settings "processLimit=50000 quietAfterMinutes=30"}: applies the settings
     * a kernel would start with ({@code -Dloombook.settings}) and says what is wrong with them; 0 if
     * nothing. The installer runs it on its {@code --setting} values.
     */
    private static int checkSettings(String line) {
        List<String> problems = StartupSettings.apply(line);
        for (String p : problems) System.err.println("loombook: setting " + p);
        return problems.isEmpty() ? 0 : 2;
    }

    /** Ctrl-C in the terminal that started Jupyter reaches the kernel too: treat it as an interrupt, not a death. */
    private static void interruptOnSigint(JupyterKernel kernel) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> kernel.interrupt());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGINT on this platform
        }
    }
}
