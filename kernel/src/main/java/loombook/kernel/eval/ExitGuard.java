package loombook.kernel.eval;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.constantpool.MemberRefEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;

/**
 * Keeps a cell from ending the kernel: {@code System.exit(n)}, {@code Runtime.getRuntime().exit(n)}
 * and {@code halt(n)} in snippet code are rewritten to throw an exception that says what to do
 * instead. The JVM is shared by every cell and every process, so a student's {@code System.exit}
 * would kill the notebook without a word.
 */
public final class ExitGuard implements ClassTransformer {
    private static final ClassDesc SELF = ClassDesc.of(ExitGuard.class.getName());
    private static final ClassDesc RUNTIME = ClassDesc.of("java.lang.Runtime");
    private static final MethodTypeDesc STATIC_EXIT = MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_int);
    private static final MethodTypeDesc RUNTIME_EXIT = MethodTypeDesc.of(ConstantDescs.CD_void, RUNTIME, ConstantDescs.CD_int);

    private final ClassFile classFile;

    ExitGuard(ClassLoader snippetLoader) {
        this.classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                ClassHierarchyResolver.defaultResolver()
                        .orElse(ClassHierarchyResolver.ofResourceParsing(snippetLoader))));
    }

    @Override
    public byte[] transform(String className, byte[] classBytes) {
        ClassModel model = classFile.parse(classBytes);
        if (!mentionsExit(model)) return classBytes;
        return classFile.transformClass(model, ClassTransform.transformingMethodBodies(
                CodeTransform.ofStateful(() -> (b, e) -> {
                    if (e instanceof InvokeInstruction i && isExit(i.owner().asInternalName(), i.name().stringValue(),
                            i.typeSymbol().descriptorString())) {
                        if (i.owner().asInternalName().equals("java/lang/System")) {
                            b.invokestatic(SELF, "systemExit", STATIC_EXIT);
                        } else {
                            b.invokestatic(SELF, i.name().stringValue().equals("halt") ? "runtimeHalt" : "runtimeExit", RUNTIME_EXIT);
                        }
                    } else {
                        b.with(e);
                    }
                })));
    }

    private static boolean mentionsExit(ClassModel model) {
        for (PoolEntry p : model.constantPool()) {
            if (p instanceof MemberRefEntry m && isExit(m.owner().asInternalName(), m.name().stringValue(), m.type().stringValue())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isExit(String owner, String name, String descriptor) {
        if (!descriptor.equals("(I)V")) return false;
        return owner.equals("java/lang/System") && name.equals("exit")
                || owner.equals("java/lang/Runtime") && (name.equals("exit") || name.equals("halt"));
    }

    /** What {@code System.exit(status)} in a cell does instead of ending the JVM. */
    public static void systemExit(int status) {
        throw refusal("System.exit(" + status + ")");
    }

    /** What {@code Runtime.exit(status)} in a cell does instead of ending the JVM. */
    public static void runtimeExit(Runtime runtime, int status) {
        throw refusal("Runtime.exit(" + status + ")");
    }

    /** What {@code Runtime.halt(status)} in a cell does instead of ending the JVM. */
    public static void runtimeHalt(Runtime runtime, int status) {
        throw refusal("Runtime.halt(" + status + ")");
    }

    static UnsupportedOperationException refusal(String call) {
        return new UnsupportedOperationException(call + " would end the kernel, and every process with it. "
                + "To end a process, return from it or call Process.exit(reason); to stop every process, "
                + "run %restart_runtime; to start afresh, restart the kernel.");
    }
}
