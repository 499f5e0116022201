package loombook.kernel.eval;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.instruction.InvokeInstruction;
import java.util.Optional;

/**
 * Questions about the classes compiled from cells, answered from their bytecode (for messages, never
 * on a hot path): whether a method calls another, whether a class refers to a type. The kernel asks
 * them to explain a stack overflow in a state loop, and to tell which processes still run code
 * written against a type a later cell redefined.
 *
 * <pre>{@code
 * cellClasses.calls("REPL.$JShell$12", "count", "loombook/Process", "receive");   // does count(...) receive?
 * cellClasses.refersTo("REPL.$JShell$15", "REPL.$JShell$12$Stop");                // does it use that Stop?
 * }</pre>
 */
public final class CellClasses {
    private final SnippetClassLoader loader;

    CellClasses(SnippetClassLoader loader) {
        this.loader = loader;
    }

    /**
     * Whether a method called {@code method} of class {@code className} (a class compiled from a
     * cell) calls {@code calledOwner.calledName} ({@code calledOwner} in internal form,
     * {@code loombook/Process}). False for classes not compiled from cells.
     */
    public boolean calls(String className, String method, String calledOwner, String calledName) {
        Optional<ClassModel> c = model(className);
        if (c.isEmpty()) return false;
        for (MethodModel m : c.get().methods()) {
            if (!m.methodName().equalsString(method) || m.code().isEmpty()) continue;
            for (var e : m.code().get().elementList()) {
                if (e instanceof InvokeInstruction i && i.owner().asInternalName().equals(calledOwner) && i.name().equalsString(calledName)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the code of {@code className} (a class compiled from a cell) refers to the class
     * {@code typeName} (a binary name, {@code REPL.$JShell$12$Stop}): in a pattern, a cast, a
     * {@code new}, a field or a method's type. False for classes not compiled from cells.
     */
    public boolean refersTo(String className, String typeName) {
        Optional<ClassModel> c = model(className);
        if (c.isEmpty()) return false;
        String internal = typeName.replace('.', '/');
        String descriptor = "L" + internal + ";";
        for (PoolEntry e : c.get().constantPool()) {
            if (e instanceof ClassEntry k && k.asInternalName().equals(internal)) return true;
            if (e instanceof java.lang.classfile.constantpool.Utf8Entry u && u.stringValue().contains(descriptor)) return true;
        }
        return false;
    }

    /**
     * Whether the frame at {@code line} of {@code method} is in a bridge method javac generated (a
     * generic callback such as {@code handleCall} gets one, whose line is the class's header): a
     * frame no learner wrote.
     */
    public boolean isBridge(String className, String method, int line) {
        if (loader.bytes(className) == null) return false;
        return bridges.computeIfAbsent(className, this::bridgeLines).contains(method + ":" + line);
    }

    /** The lines of the bridge methods of a class, as {@code name:line}: asked once per class (crash reports are formatted often). */
    private final java.util.Map<String, java.util.Set<String>> bridges = new java.util.concurrent.ConcurrentHashMap<>();

    private java.util.Set<String> bridgeLines(String className) {
        Optional<ClassModel> c = model(className);
        if (c.isEmpty()) return java.util.Set.of();
        java.util.Set<String> out = new java.util.HashSet<>();
        for (MethodModel m : c.get().methods()) {
            if ((m.flags().flagsMask() & ClassFile.ACC_BRIDGE) == 0 || m.code().isEmpty()) continue;
            for (var e : m.code().get().elementList()) {
                if (e instanceof java.lang.classfile.instruction.LineNumber n) out.add(m.methodName().stringValue() + ":" + n.line());
            }
        }
        return java.util.Set.copyOf(out);
    }

    /** Whether {@code className} was compiled from a cell in this notebook. */
    public boolean known(String className) {
        return loader.bytes(className) != null;
    }

    private Optional<ClassModel> model(String className) {
        byte[] bytes = loader.bytes(className);
        if (bytes == null) return Optional.empty();
        try {
            return Optional.of(ClassFile.of().parse(bytes));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
