package loombook.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import loombook.kernel.eval.CellRef;
import loombook.kernel.eval.EvalOutcome;
import loombook.kernel.eval.Evaluator;
import org.junit.jupiter.api.Test;

/**
 * With the notebook's imports, every public class of the runtime (and of its OTP package) is
 * reachable by its simple name and means the runtime's class: no clash with java.lang.Process or
 * with another on-demand import makes a student's {@code Process.spawn} or {@code Registry} fail.
 */
class DefaultImportsTest {
    @Test
    void everyRuntimeClassIsReachableByItsSimpleName() throws Exception {
        Path runtime = Path.of(loombook.Process.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path kernel = Path.of(loombook.kernel.display.Display.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = publicClasses(runtime, "loombook");
        names.addAll(publicClasses(runtime, "loombook/otp"));
        assertTrue(names.contains("loombook.Process"), names.toString());
        try (Evaluator ev = Evaluator.builder().classpath(List.of(runtime, kernel)).imports(DefaultImports.IMPORTS).build()) {
            List<String> wrong = new ArrayList<>();
            for (String fqn : names) {
                String simple = fqn.substring(fqn.lastIndexOf('.') + 1);
                EvalOutcome o = ev.evaluate(simple + ".class.getName()", new CellRef("imports", 1));
                if (!(o instanceof EvalOutcome.Success s) || !fqn.equals(s.value())) wrong.add(simple + " -> " + o);
            }
            assertTrue(wrong.isEmpty(), "names that do not mean the runtime's class:\n" + String.join("\n", wrong));
            EvalOutcome display = ev.evaluate("html(\"<b>x</b>\").plainText()", new CellRef("imports", 1));
            assertEquals("x", assertInstanceOf(EvalOutcome.Success.class, display).value());
        }
    }

    private static List<String> publicClasses(Path root, String pkg) throws IOException, URISyntaxException {
        List<String> out = new ArrayList<>();
        FileSystem zip = Files.isDirectory(root) ? null : FileSystems.newFileSystem(root);
        try {
            Path dir = zip == null ? root.resolve(pkg) : zip.getPath(pkg);
            if (!Files.isDirectory(dir)) return out;
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    String f = p.getFileName().toString();
                    if (!f.endsWith(".class") || f.contains("$") || f.equals("package-info.class")) continue;
                    String fqn = pkg.replace('/', '.') + "." + f.substring(0, f.length() - 6);
                    try {
                        if (Modifier.isPublic(Class.forName(fqn, false, DefaultImportsTest.class.getClassLoader()).getModifiers())) out.add(fqn);
                    } catch (ClassNotFoundException | LinkageError e) {
                        // not loadable here: not a name a cell could use either
                    }
                }
            }
        } finally {
            if (zip != null) zip.close();
        }
        return out;
    }
}
