package loombook.kernel.eval;

import java.lang.StackWalker.Option;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodTransform;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Closes {@code Runtime.exit} and {@code Runtime.halt} (and so {@code System.exit}) to code compiled
 * from cells, whatever the path: a direct call, a method reference, reflection, a
 * {@code MethodHandle}, a library the cell called, or the kernel's own {@code Main.main} called from
 * a cell. {@link ExitGuard} rewrites the direct calls in a cell's classes; this gate is the one
 * place every path goes through.
 *
 * <p>It is a Java agent (the kernel starts with {@code -javaagent:loombook-kernel.jar}; Java 25 has no
 * security manager to ask): at start-up it rewrites the two methods of {@code java.lang.Runtime}, and
 * {@code exit} and {@code halt} of {@code java.lang.Shutdown} behind them (the kernel opens
 * {@code java.lang} to the class path for the runtime's schedulers, so a cell could reach those by
 * reflection), to call {@link #check} first. The native {@code Shutdown.halt0} cannot be rewritten
 * once its class is loaded, so its doors are: {@code setAccessible} on any member of
 * {@code Shutdown} ({@code AccessibleObject.checkCanSetAccessible}) and a private lookup in it
 * ({@code MethodHandles.privateLookupIn}) call {@link #checkReach} first. The check refuses, with an {@link UnsupportedOperationException} that says what to do
 * instead, when a frame on the calling thread's stack belongs to a class that none of the JDK's own
 * class loaders defined: a cell's class, a lambda of one, or a class of a jar a cell added. The
 * kernel's own exits (its shutdown, a launch error) have no such frame and go through.
 *
 * <p>Without the agent (a kernel started without the flag) only {@link ExitGuard}'s rewriting holds,
 * and {@link #installed()} says so.
 */
public final class ExitGate {
    private static final StackWalker WALKER = StackWalker.getInstance(
            Set.of(Option.RETAIN_CLASS_REFERENCE, Option.SHOW_HIDDEN_FRAMES, Option.SHOW_REFLECT_FRAMES));
    private static volatile boolean installed;

    private ExitGate() {}

    /**
     * The agent's entry point (the jar's {@code Premain-Class}): installs the gate.
     *
     * @param args ignored
     * @param inst the JVM's instrumentation
     */
    public static void premain(String args, Instrumentation inst) {
        try {
            install(inst, !"aot-training".equals(args));
        } catch (Exception | LinkageError e) {
            System.err.println("loombook: the exit gate could not be installed (" + e + "); System.exit in a cell is refused "
                    + "only where the cell calls it directly");
        }
    }

    /** Whether {@code Runtime.exit} and {@code halt} are gated in this JVM. */
    public static boolean installed() {
        return installed;
    }

    /**
     * Rewrites the exits, and with {@code doors} the reflective ways to Shutdown's native halt0 (left
     * out while the installer trains the ahead-of-time cache: the JVM that assembled a cache with the
     * JDK's reflection classes rewritten crashed; the kernel rewrites them at its start instead).
     */
    private static void install(Instrumentation inst, boolean doors) throws Exception {
        ClassFileTransformer rewrite = new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                                    ProtectionDomain domain, byte[] bytes) {
                if ("java/lang/Runtime".equals(name)) return gate(bytes, 1);
                if ("java/lang/Shutdown".equals(name)) return gate(bytes, 0);
                // the doors to Shutdown's native halt0, which cannot be rewritten: setAccessible on a member
                // of Shutdown, and a private lookup in it
                if (doors && "java/lang/reflect/AccessibleObject".equals(name)) return guardDoor(bytes, "checkCanSetAccessible", 3, 2);
                if (doors && "java/lang/invoke/MethodHandles".equals(name)) return guardDoor(bytes, "privateLookupIn", 2, 0);
                return null;
            }
        };
        inst.addTransformer(rewrite, true);
        try {
            // Shutdown's exit and halt too: the kernel opens java.lang to the class path (for the
            // runtime's schedulers), so a cell could reach them by reflection past Runtime
            List<Class<?>> rewritten = new ArrayList<>(List.of(Runtime.class, Class.forName("java.lang.Shutdown")));
            if (doors) rewritten.addAll(List.of(java.lang.reflect.AccessibleObject.class, java.lang.invoke.MethodHandles.class));
            inst.retransformClasses(rewritten.toArray(Class<?>[]::new));
        } finally {
            inst.removeTransformer(rewrite);
        }
        installed = true;
    }

    /**
     * {@code exit(int)} and {@code halt(int)} of {@code java.lang.Runtime} (the status in local
     * {@code statusSlot} 1) or of {@code java.lang.Shutdown} (static: slot 0) with a call to {@link #check} first, by reflection
     * through the system class loader ({@code java.base} cannot name a class of the class path; a class
     * added to the boot class path instead would turn off the AOT cache of every other class):
     * <pre>{@code
     * try {
     *     Class.forName("loombook.kernel.eval.ExitGate", true, ClassLoader.getSystemClassLoader()).getMethod("check", int.class).invoke(null, status);
     * } catch (InvocationTargetException e) {
     *     throw e.getCause();                  // the refusal
     * } catch (ReflectiveOperationException e) {
     *     // no gate in this JVM: exit
     * }
     * }</pre>
     */
    private static byte[] gate(byte[] bytes, int statusSlot) {
        CodeTransform first = atStart(b -> callCheck(b, "check", ConstantDescs.CD_int, c -> c
                .iload(statusSlot)
                .invokestatic(ConstantDescs.CD_Integer, "valueOf", MethodTypeDesc.of(ConstantDescs.CD_Integer, ConstantDescs.CD_int))));
        ClassFile cf = ClassFile.of();
        return cf.transformClass(cf.parse(bytes), ClassTransform.transformingMethods(ExitGate::gated,
                MethodTransform.transformingCode(first)));
    }

    /**
     * The method {@code name} with {@code arity} parameters of a class of the JDK, with a call to
     * {@link #checkReach} first when the class in local {@code classSlot} is {@code java.lang.Shutdown}
     * (compared by name: {@code java.lang.reflect} and {@code java.lang.invoke} cannot name that
     * package-private class). {@code AccessibleObject.checkCanSetAccessible(caller, declaringClass,
     * throwIfDenied)} is where every {@code setAccessible} and {@code trySetAccessible} of a
     * {@code Method}, {@code Field} or {@code Constructor} asks; {@code MethodHandles.privateLookupIn}
     * is the other way to a private method.
     */
    private static byte[] guardDoor(byte[] bytes, String name, int arity, int classSlot) {
        CodeTransform first = atStart(b -> {
            var skip = b.newLabel();
            b.aload(classSlot)
                    .invokevirtual(ConstantDescs.CD_Class, "getName", MethodTypeDesc.of(ConstantDescs.CD_String))
                    .ldc("java.lang.Shutdown")
                    .invokevirtual(ConstantDescs.CD_String, "equals", MethodTypeDesc.of(ConstantDescs.CD_boolean, ConstantDescs.CD_Object))
                    .ifeq(skip);
            callCheck(b, "checkReach", ConstantDescs.CD_Class, c -> c.aload(classSlot));
            b.labelBinding(skip);
        });
        ClassFile cf = ClassFile.of();
        return cf.transformClass(cf.parse(bytes), ClassTransform.transformingMethods(
                m -> m.methodName().stringValue().equals(name) && m.methodTypeSymbol().parameterCount() == arity,
                MethodTransform.transformingCode(first)));
    }

    /** A code transform that puts {@code code} before a method's first instruction. */
    private static CodeTransform atStart(java.util.function.Consumer<CodeBuilder> code) {
        return new CodeTransform() {
            @Override
            public void atStart(CodeBuilder b) {
                code.accept(b);
            }

            @Override
            public void accept(CodeBuilder b, java.lang.classfile.CodeElement e) {
                b.with(e);
            }
        };
    }

    /**
     * Calls {@code ExitGate.<check>(param)} by reflection through the system class loader
     * ({@code java.base} cannot name a class of the class path; a class added to the boot class path
     * instead would turn off the AOT cache of every other class), the argument boxed by {@code arg}:
     * <pre>{@code
     * try {
     *     Class.forName("loombook.kernel.eval.ExitGate", true, ClassLoader.getSystemClassLoader()).getMethod(check, param).invoke(null, arg);
     * } catch (InvocationTargetException e) {
     *     throw e.getCause();                  // the refusal
     * } catch (ReflectiveOperationException e) {
     *     // no gate in this JVM: go on
     * }
     * }</pre>
     */
    private static void callCheck(CodeBuilder b, String check, ClassDesc param, java.util.function.Consumer<CodeBuilder> arg) {
        ClassDesc classDesc = ConstantDescs.CD_Class;
        ClassDesc method = ClassDesc.of("java.lang.reflect.Method");
        ClassDesc loader = ClassDesc.of("java.lang.ClassLoader");
        ClassDesc ite = ClassDesc.of("java.lang.reflect.InvocationTargetException");
        ClassDesc roe = ClassDesc.of("java.lang.ReflectiveOperationException");
        b.trying(t -> {
                    t.ldc(ExitGate.class.getName())
                            .iconst_1()
                            .invokestatic(loader, "getSystemClassLoader", MethodTypeDesc.of(loader))
                            .invokestatic(classDesc, "forName", MethodTypeDesc.of(classDesc, ConstantDescs.CD_String, ConstantDescs.CD_boolean, loader))
                            .ldc(check)
                            .iconst_1()
                            .anewarray(classDesc)
                            .dup()
                            .iconst_0();
                    if (param.isPrimitive()) t.getstatic(ConstantDescs.CD_Integer, "TYPE", classDesc);
                    else t.ldc(param);
                    t.aastore()
                            .invokevirtual(classDesc, "getMethod", MethodTypeDesc.of(method, ConstantDescs.CD_String, classDesc.arrayType()))
                            .aconst_null()
                            .iconst_1()
                            .anewarray(ConstantDescs.CD_Object)
                            .dup()
                            .iconst_0();
                    arg.accept(t);
                    t.aastore()
                            .invokevirtual(method, "invoke", MethodTypeDesc.of(ConstantDescs.CD_Object, ConstantDescs.CD_Object, ConstantDescs.CD_Object.arrayType()))
                            .pop();
                },
                c -> c
                        .catching(ite, h -> h
                                .invokevirtual(ite, "getCause", MethodTypeDesc.of(ConstantDescs.CD_Throwable))
                                .athrow())
                        .catching(roe, h -> h.pop()));
    }

    private static boolean gated(MethodModel m) {
        String name = m.methodName().stringValue();
        return (name.equals("exit") || name.equals("halt")) && m.methodType().stringValue().equals("(I)V");
    }

    /**
     * Called by {@code Runtime.exit} and {@code halt}: throws the refusal when cell code is on the
     * stack, and does nothing otherwise. Public only for {@code java.lang.Runtime} to find it.
     *
     * @param status the exit status asked for
     */
    public static void check(int status) {
        if (cellCodeOnStack()) throw ExitGuard.refusal("Ending the JVM (System.exit, Runtime.exit or halt with status " + status + ")");
    }

    /**
     * Called by {@code AccessibleObject.setAccessible} (and {@code trySetAccessible}) for a member of
     * {@code java.lang.Shutdown}, and by {@code MethodHandles.privateLookupIn(Shutdown.class, ...)}:
     * throws the refusal when cell code is on the stack (the way to Shutdown's native {@code halt0},
     * which ends the JVM and cannot itself be rewritten). Public only for the JDK's classes to find it.
     *
     * @param target the class being reached into
     */
    public static void checkReach(Class<?> target) {
        if (cellCodeOnStack()) throw ExitGuard.refusal("Ending the JVM (reaching into " + target.getName() + " by reflection)");
    }

    /** Whether a frame on the calling thread's stack belongs to a class that none of the JDK's own class loaders defined. */
    private static boolean cellCodeOnStack() {
        return WALKER.walk(frames -> frames.anyMatch(f -> !builtIn(f.getDeclaringClass().getClassLoader())));
    }

    private static boolean builtIn(ClassLoader l) {
        return l == null || l == ClassLoader.getPlatformClassLoader() || l == ClassLoader.getSystemClassLoader();
    }
}
