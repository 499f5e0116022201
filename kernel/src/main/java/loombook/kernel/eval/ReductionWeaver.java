package loombook.kernel.eval;

import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassElement;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodTransform;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Weaves the reductions check into snippet classes: BEAM's preemption for code compiled from cells.
 * Before every backward jump (a loop's back edge), and at the entry of every method that calls
 * another (and of every lambda body, which library loops call), it puts one read and one branch:
 *
 * <pre>{@code
 * // a method as written                 // as woven, in effect
 * long f(long n) {                       long f(long n) {
 *                                            if (WovenCheck.attention != 0) WovenCheck.check();
 *     while (n > 1) {                        while (n > 1) {
 *         n = g(n);                              n = g(n);
 *                                                if (WovenCheck.attention != 0) WovenCheck.check();
 *     }                                      }
 *     return n;                              return n;
 * }                                      }
 * }</pre>
 *
 * {@link WovenCheck#check} runs once per time slice: the process running the code is charged its
 * reduction budget ({@link loombook.Reductions#consume}), so it yields its carrier to the others,
 * and ends there if it was killed. The same check stops an interrupted cell ({@link CellStop}), only
 * on that cell's thread: a process running a lambda written in that cell goes on.
 *
 * <p>A method with neither a loop nor a call (a record's accessor, a getter) ends by itself and is
 * left as compiled, unless it is a lambda's body; so is a class made only of such methods.
 * Constructors are checked only if they call more than another constructor; static initialisers
 * only get their loops checked.
 *
 * <p>Uses the JDK's {@code java.lang.classfile} API; stack maps are recomputed, which needs the class
 * hierarchy of the types the code uses: JDK and kernel classes come from the system loader, cell
 * classes and added jars from the snippet loader.
 */
final class ReductionWeaver implements ClassTransformer {
    private static final ClassDesc WOVEN = ClassDesc.of(WovenCheck.class.getName());
    private static final MethodTypeDesc CHECK = MethodTypeDesc.of(ConstantDescs.CD_void);

    private final ClassFile classFile;

    ReductionWeaver(ClassLoader snippetLoader) {
        this.classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                ClassHierarchyResolver.defaultResolver()
                        .orElse(ClassHierarchyResolver.ofResourceParsing(snippetLoader))));
    }

    @Override
    public byte[] transform(String className, byte[] classBytes) {
        ClassModel model = classFile.parse(classBytes);
        boolean anything = false;
        for (MethodModel m : model.methods()) {
            if (plan(m) != Plan.NOTHING) {
                anything = true;
                break;
            }
        }
        if (!anything) return classBytes;
        return classFile.transformClass(model, new Weave());
    }

    /** What a method gets. */
    enum Plan {
        NOTHING, LOOPS, ENTRY, ENTRY_AND_LOOPS;

        boolean entry() {
            return this == ENTRY || this == ENTRY_AND_LOOPS;
        }

        boolean loops() {
            return this == LOOPS || this == ENTRY_AND_LOOPS;
        }
    }

    /** Reads a method's code once: does it loop (jump backward), does it call anything? */
    static Plan plan(MethodModel m) {
        CodeModel code = m.code().orElse(null);
        if (code == null) return Plan.NOTHING;
        String name = m.methodName().stringValue();
        boolean constructor = name.equals(ConstantDescs.INIT_NAME);
        boolean initialiser = name.equals(ConstantDescs.CLASS_INIT_NAME);
        Set<Label> seen = new HashSet<>();
        boolean loops = false, calls = false;
        for (CodeElement e : code) {
            if (e instanceof LabelTarget t) {
                seen.add(t.label());
            } else if (isBackward(e, seen)) {
                loops = true;
            } else if (e instanceof InvokeInstruction i
                    && !(constructor && i.opcode() == Opcode.INVOKESPECIAL && i.name().equalsString(ConstantDescs.INIT_NAME))) {
                calls = true;
            }
        }
        // a lambda's body is called by library loops (a stream's forEach, Stream.iterate): check it even as a leaf
        boolean entry = (calls || name.startsWith("lambda$")) && !initialiser;
        return entry ? (loops ? Plan.ENTRY_AND_LOOPS : Plan.ENTRY) : loops ? Plan.LOOPS : Plan.NOTHING;
    }

    private static boolean isBackward(CodeElement e, Set<Label> seen) {
        return switch (e) {
            case BranchInstruction b -> seen.contains(b.target());
            case TableSwitchInstruction s -> seen.contains(s.defaultTarget()) || anySeen(s.cases(), seen);
            case LookupSwitchInstruction s -> seen.contains(s.defaultTarget()) || anySeen(s.cases(), seen);
            default -> false;
        };
    }

    private static boolean anySeen(List<SwitchCase> cases, Set<Label> seen) {
        for (SwitchCase c : cases) if (seen.contains(c.target())) return true;
        return false;
    }

    /** The class transform: methods woven as planned, the others copied. */
    private static final class Weave implements ClassTransform {
        @Override
        public void accept(ClassBuilder b, ClassElement e) {
            if (e instanceof MethodModel m) {
                Plan plan = plan(m);
                if (plan == Plan.NOTHING) {
                    b.with(e);
                } else {
                    b.transformMethod(m, MethodTransform.transformingCode(new Checks(plan)));
                }
            } else {
                b.with(e);
            }
        }
    }

    /** One method's code: a check at its start if it calls anything, and before every backward jump. */
    private static final class Checks implements CodeTransform {
        private final Plan plan;
        private final Set<Label> seen = new HashSet<>();

        Checks(Plan plan) {
            this.plan = plan;
        }

        @Override
        public void atStart(CodeBuilder b) {
            if (plan.entry()) check(b);
        }

        @Override
        public void accept(CodeBuilder b, CodeElement e) {
            if (e instanceof LabelTarget t) {
                seen.add(t.label());
            } else if (plan.loops() && isBackward(e, seen)) {
                check(b);
            }
            b.with(e);
        }

        /** {@code if (WovenCheck.attention != 0) WovenCheck.check();} */
        private static void check(CodeBuilder b) {
            Label skip = b.newLabel();
            b.getstatic(WOVEN, "attention", ConstantDescs.CD_int)
                    .ifeq(skip)
                    .invokestatic(WOVEN, "check", CHECK)
                    .labelBinding(skip);
        }
    }
}
