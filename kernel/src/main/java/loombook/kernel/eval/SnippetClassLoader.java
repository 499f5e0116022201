package loombook.kernel.eval;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The class loader of every class compiled from a cell, and of the jars a notebook adds with
 * {@code %classpath} or {@code %maven}. Its parent is the kernel's loader, so snippets see the
 * runtime's classes themselves (the same {@code Pid}, the same process table) and not copies.
 *
 * <p>Snippet classes are declared as bytes first and defined when first loaded. Their bytes are
 * also served as resources ({@code REPL/$JShell$3.class}), which is what a class-file library reading
 * the class hierarchy (such as {@link ReductionWeaver}) needs.
 */
final class SnippetClassLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> declared = new ConcurrentHashMap<>();

    SnippetClassLoader(ClassLoader parent) {
        super("loombook-cells", new URL[0], parent);
    }

    /** Makes {@code bytes} the definition of {@code binaryName} for when it is first loaded. */
    void declare(String binaryName, byte[] bytes) {
        declared.put(binaryName, bytes);
    }

    /** The bytes declared for {@code binaryName} (as the transformers left them), or null. */
    byte[] bytes(String binaryName) {
        return declared.get(binaryName);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = declared.get(name);
        if (bytes == null) {
            return super.findClass(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        if (name.endsWith(".class")) {
            byte[] bytes = declared.get(name.substring(0, name.length() - 6).replace('/', '.'));
            if (bytes != null) {
                return new ByteArrayInputStream(bytes);
            }
        }
        return super.getResourceAsStream(name);
    }

    /** Adds a jar or a directory to what this loader searches. */
    @Override
    public void addURL(URL url) {
        super.addURL(url);
    }
}
