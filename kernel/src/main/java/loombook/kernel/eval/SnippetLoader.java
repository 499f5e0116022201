package loombook.kernel.eval;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.InternalException;

/**
 * Loads the classes JShell compiles from cells, passing their bytes through the
 * {@link ClassTransformer} chain first: the one place where snippet bytecode can be changed.
 *
 * <p>A transformer that throws is skipped for that class (the class loads as compiled) and the
 * failure is reported to {@code onTransformFailure}; a broken weaver must not make cells unusable.
 */
final class SnippetLoader implements LoaderDelegate {
    private final SnippetClassLoader loader;
    private final Map<String, Class<?>> classes = new HashMap<>();
    private final List<ClassTransformer> transformers = new CopyOnWriteArrayList<>();
    private final Consumer<String> onTransformFailure;

    SnippetLoader(ClassLoader parent, Consumer<String> onTransformFailure) {
        this.loader = new SnippetClassLoader(parent);
        this.onTransformFailure = onTransformFailure;
    }

    /** The loader that defines snippet classes. */
    SnippetClassLoader classLoader() {
        return loader;
    }

    /** Appends a transformer to the chain every snippet class goes through. */
    void addTransformer(ClassTransformer t) {
        transformers.add(t);
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException {
        // Declare the classes as compiled first: a transformer that reads the class hierarchy may
        // need the classes of this very batch, and weaving does not change the hierarchy.
        for (ClassBytecodes cbc : cbcs) {
            loader.declare(cbc.name(), cbc.bytecodes());
        }
        for (ClassBytecodes cbc : cbcs) {
            loader.declare(cbc.name(), transform(cbc.name(), cbc.bytecodes()));
        }
        boolean[] installed = new boolean[cbcs.length];
        try {
            for (int i = 0; i < cbcs.length; i++) {
                Class<?> k = loader.loadClass(cbcs[i].name());
                synchronized (classes) {
                    classes.put(cbcs[i].name(), k);
                }
                installed[i] = true;
                k.getDeclaredMethods();     // link it now, so that a bad class fails here and not mid-cell
            }
        } catch (Throwable t) {
            throw new ClassInstallException("load: " + t, installed);
        }
    }

    private byte[] transform(String name, byte[] bytes) {
        byte[] out = bytes;
        for (ClassTransformer t : transformers) {
            try {
                byte[] next = t.transform(name, out);
                if (next != null) out = next;
            } catch (RuntimeException | LinkageError e) {
                onTransformFailure.accept(t.getClass().getSimpleName() + " could not transform " + name + ": " + e);
            }
        }
        return out;
    }

    @Override
    public void classesRedefined(ClassBytecodes[] cbcs) {
        for (ClassBytecodes cbc : cbcs) {
            loader.declare(cbc.name(), cbc.bytecodes());
        }
    }

    @Override
    public void addToClasspath(String cp) throws InternalException {
        try {
            for (String path : cp.split(File.pathSeparator)) {
                if (!path.isBlank()) loader.addURL(Path.of(path).toUri().toURL());
            }
        } catch (Exception e) {
            throw new InternalException("cannot add " + cp + " to the class path: " + e);
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> k;
        synchronized (classes) {
            k = classes.get(name);
        }
        if (k == null) throw new ClassNotFoundException(name + " is not a loaded snippet class");
        return k;
    }
}
