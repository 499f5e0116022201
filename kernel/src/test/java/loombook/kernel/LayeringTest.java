package loombook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kernel's floors, checked on its sources: protocol (Jupyter's wire) at the bottom knows
 * nothing else; the session (Jupyter semantics) uses the protocol and the notebook; the notebook
 * (runtime glue) uses evaluation, display and magics; evaluation knows neither Jupyter nor the
 * runtime; the visual tools (diagrams, live tables) sit beside display and use it. No floor reaches
 * two floors down, and none reaches up; none reaches into the runtime's internals
 * ({@code loombook.otp.internal}), which the compiler refuses too (the kernel is compiled as a module
 * that requires the runtime's: see {@code module-info.java}).
 */
class LayeringTest {
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "protocol", Set.of(),
            "session", Set.of("protocol", "notebook"),
            "notebook", Set.of("eval", "display", "magic", "visual", "runtime"),
            "eval", Set.of(),
            "display", Set.of("runtime"),
            "magic", Set.of("display", "visual", "runtime"),
            "visual", Set.of("display", "runtime"),
            "kernel", Set.of("protocol", "session", "notebook", "runtime"));
    /** A reference to a floor ({@code loombook.kernel.eval}), to the runtime's internals or to its public API. */
    private static final Pattern REFERENCE = Pattern.compile("\\bloombook\\.(?:kernel\\.(\\w+)|(otp\\.internal)\\b|(course|exercise)\\b|(?:otp\\.)?[A-Z]\\w*)");

    @Test
    void noFloorReachesTwoFloorsDownOrUp() throws IOException {
        Path root = Path.of("src/main/java/loombook/kernel");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path rel = root.relativize(f);
                String floor = rel.getNameCount() == 1 ? "kernel" : rel.getName(0).toString();
                Set<String> allowed = ALLOWED.get(floor);
                assertTrue(allowed != null, "a package with no floor: " + floor);
                String src = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
                for (String target : targets(src)) {
                    if (!target.equals(floor) && !allowed.contains(target)) violations.add(rel + " uses " + target);
                }
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    @Test
    void theCourseUsesTheRuntimeAsAStudentDoes() throws IOException {
        // the checks (loombook.course) and their framework (loombook.exercise) use the runtime's public
        // API and each other, nothing of the kernel's floors
        Set<String> allowed = Set.of("runtime", "course", "exercise");
        List<String> violations = new ArrayList<>();
        for (String pkg : List.of("course", "exercise")) {
            try (Stream<Path> files = Files.walk(Path.of("src/main/java/loombook", pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String src = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
                    for (String target : targets(src)) if (!allowed.contains(target)) violations.add(pkg + "/" + f.getFileName() + " uses " + target);
                }
            }
        }
        assertTrue(violations.isEmpty(), "the course's checks use only the runtime's public API:\n" + String.join("\n", violations));
    }

    /** The floors (and "runtime", "runtime internals") that {@code src} refers to, in order. */
    static List<String> targets(String src) {
        List<String> out = new ArrayList<>();
        Matcher m = REFERENCE.matcher(src);
        while (m.find()) {
            if (m.group(1) != null && Character.isUpperCase(m.group(1).charAt(0))) continue;    // loombook.kernel.Main
            out.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? "runtime internals" : m.group(3) != null ? m.group(3) : "runtime");
        }
        return out;
    }

    @Test
    void everyKindOfReferenceIsSeen() {
        assertEquals(List.of("runtime internals", "runtime internals", "eval", "runtime", "runtime", "exercise"), targets("""
                import loombook.otp.internal.GenCall;
                var c = (loombook.otp.internal.GenCast) m;
                import loombook.kernel.eval.Evaluator;
                import static loombook.Process.*;
                loombook.otp.GenServer.call(s, r);
                loombook.kernel.Main.main(args);
                import loombook.exercise.Exercise;
                """));
    }

    @Test
    void theCompilerHoldsTheKernelToTheRuntimesExportedPackages() throws Exception {
        ModuleDescriptor kernel = descriptor(Path.of("target/classes"));
        assertTrue(kernel.requires().stream().anyMatch(r -> r.name().equals("loombook.runtime")),
                "the kernel is compiled as a module that requires the runtime's: " + kernel.requires());
        ModuleDescriptor runtime = descriptor(Path.of(loombook.Pid.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        assertEquals("loombook.runtime", runtime.name());
        assertEquals(Set.of("loombook", "loombook.otp"),
                runtime.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()),
                "the runtime's public line: its exported packages");
        assertTrue(runtime.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified), "no package exported to some modules only");
        assertTrue(runtime.opens().isEmpty() && !runtime.isOpen(), "no package opened for reflection");
    }

    /** The module descriptor in a class directory or a jar. */
    static ModuleDescriptor descriptor(Path classesOrJar) throws IOException {
        if (Files.isDirectory(classesOrJar)) {
            try (InputStream in = Files.newInputStream(classesOrJar.resolve("module-info.class"))) {
                return ModuleDescriptor.read(in);
            }
        }
        try (JarFile jar = new JarFile(classesOrJar.toFile()); InputStream in = jar.getInputStream(jar.getEntry("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void everyPackageSaysWhatItIsInAPackageInfo() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String module : List.of("../runtime", "../kernel", "../bench")) {
            Path sources = Path.of(module, "src/main/java");
            try (Stream<Path> dirs = Files.walk(sources)) {
                for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                    boolean hasJava;
                    try (Stream<Path> files = Files.list(dir)) {
                        hasJava = files.anyMatch(f -> f.toString().endsWith(".java") && !f.getFileName().toString().equals("module-info.java"));
                    }
                    if (hasJava && !Files.exists(dir.resolve("package-info.java"))) missing.add(sources.relativize(dir).toString().replace('/', '.'));
                }
            }
        }
        assertTrue(missing.isEmpty(), "packages with no package-info.java: " + missing);
    }
}
