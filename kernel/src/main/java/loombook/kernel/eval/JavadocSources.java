package loombook.kernel.eval;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where JShell looks for Javadoc. JShell reads documentation from source files, but only from the
 * JDK's {@code lib/src.zip}; the runtime's sources (packed into the kernel jar under
 * {@code loombook-sources/}) are added here through the source list that JShell keeps for its own
 * tests, so that shift-tab on {@code spawn} shows the runtime's Javadoc as it shows the JDK's.
 *
 * <p>That list is not public API: it needs {@code --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED},
 * which the kernelspec passes. Without it (or on a JDK where it changed), documentation falls back
 * to what JShell finds by itself, the JDK's, and the kernel says so in its log.
 */
final class JavadocSources {
    /** The resource every kernel build has: the root of the runtime sources. */
    static final String RESOURCE = "loombook-sources/loombook/Process.java";

    private JavadocSources() {}

    /** Adds the runtime's sources to JShell's documentation sources. Returns whether it worked. */
    static boolean install(Consumer<String> log) {
        List<Path> roots = new ArrayList<>(jdkSourceRoots(log));
        Path runtime = runtimeSourceRoot(log);
        if (runtime == null) return false;
        roots.add(runtime);
        try {
            Class<?> impl = Class.forName("jdk.jshell.SourceCodeAnalysisImpl");
            Field f = impl.getDeclaredField("availableSourcesOverride");
            f.setAccessible(true);
            f.set(null, List.copyOf(roots));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.accept("inspect: the runtime's Javadoc is not available (JShell's source list cannot be set: " + e
                    + "); the JDK's still is");
            return false;
        }
    }

    private static Path runtimeSourceRoot(Consumer<String> log) {
        URL url = JavadocSources.class.getClassLoader().getResource(RESOURCE);
        if (url == null) {
            log.accept("inspect: no runtime sources in the kernel jar (" + RESOURCE + ")");
            return null;
        }
        try {
            Path file = pathOf(url.toURI());
            return file.getParent().getParent();    // .../loombook-sources
        } catch (Exception e) {
            log.accept("inspect: cannot open the runtime sources at " + url + ": " + e);
            return null;
        }
    }

    private static Path pathOf(URI uri) throws IOException {
        if (!uri.getScheme().equals("jar")) return Path.of(uri);
        try {
            return FileSystems.newFileSystem(uri, Map.of()).provider().getPath(uri);
        } catch (FileSystemAlreadyExistsException e) {
            return FileSystems.getFileSystem(uri).provider().getPath(uri);
        }
    }

    /** The module roots of the JDK's src.zip, as JShell itself would find them. */
    private static List<Path> jdkSourceRoots(Consumer<String> log) {
        Path home = Path.of(System.getProperty("java.home"));
        Path zip = home.resolve("lib").resolve("src.zip");
        if (!Files.isReadable(zip)) zip = home.getParent().resolve("src.zip");
        if (!Files.isReadable(zip)) {
            log.accept("inspect: this JDK has no src.zip, so JDK classes show signatures without Javadoc");
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try {
            FileSystem fs = FileSystems.newFileSystem(zip);
            Path root = fs.getRootDirectories().iterator().next();
            if (Files.exists(root.resolve("java/lang/Object.java"))) {
                out.add(root);
            } else {
                try (DirectoryStream<Path> modules = Files.newDirectoryStream(root)) {
                    for (Path p : modules) {
                        if (Files.isDirectory(p)) out.add(p);
                    }
                }
            }
        } catch (IOException e) {
            log.accept("inspect: cannot read " + zip + ": " + e);
        }
        return out;
    }
}
