package loombook.kernel.eval;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.HashSet;
import java.util.Set;

/**
 * Weaves a call to {@link CellStop#check()} before every backward jump of a snippet class, so that
 * an interrupt stops a cell spinning in {@code while (true) {}}. Only loops need it: straight-line
 * code ends by itself, and blocking calls (receive, sleep, wait) answer the thread interrupt.
 *
 * <p>Uses the JDK's {@code java.lang.classfile} API. Stack maps are recomputed, which needs the class
 * hierarchy of the types the code uses: JDK and kernel classes come from the system loader, cell
 * classes and added jars from the snippet loader.
 */
final class StopCheckWeaver implements ClassTransformer {
    private static final ClassDesc CELL_STOP = ClassDesc.of(CellStop.class.getName());
    private static final MethodTypeDesc NO_ARGS = MethodTypeDesc.of(ConstantDescs.CD_void);

    private final ClassFile classFile;

    StopCheckWeaver(ClassLoader snippetLoader) {
        this.classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                ClassHierarchyResolver.defaultResolver()
                        .orElse(ClassHierarchyResolver.ofResourceParsing(snippetLoader))));
    }

    @Override
    public byte[] transform(String className, byte[] classBytes) {
        ClassModel model = classFile.parse(classBytes);
        return classFile.transformClass(model,
                ClassTransform.transformingMethodBodies(CodeTransform.ofStateful(BackwardJumps::new)));
    }

    /** Per method: a jump to a label already seen is a loop's back edge. */
    private static final class BackwardJumps implements CodeTransform {
        private final Set<Label> seen = new HashSet<>();

        @Override
        public void accept(CodeBuilder b, CodeElement e) {
            if (e instanceof LabelTarget t) {
                seen.add(t.label());
            } else if (e instanceof BranchInstruction branch && seen.contains(branch.target())) {
                b.invokestatic(CELL_STOP, "check", NO_ARGS);
            }
            b.with(e);
        }
    }
}
