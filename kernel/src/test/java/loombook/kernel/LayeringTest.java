package loombook.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kernel's floors, checked on its sources: protocol (Jupyter's wire) at the bottom knows
 * nothing else; the session (Jupyter semantics) uses the protocol and the notebook; the notebook
 * (runtime glue) uses evaluation, display and magics; evaluation knows neither Jupyter nor the
 * runtime; the visual tools (diagrams, live tables) sit beside display and use it. No floor reaches
 * two floors down, and none reaches up.
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
    private static final Pattern REFERENCE = Pattern.compile("\\bloombook\\.(?:kernel\\.(\\w+)|(otp\\.)?([A-Z]\\w*))");

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
                Matcher m = REFERENCE.matcher(src);
                while (m.find()) {
                    String target = m.group(1) != null ? m.group(1) : "runtime";
                    if (target.equals(floor) || Character.isUpperCase(target.charAt(0))) continue;   // loombook.kernel.Main, own floor
                    if (!allowed.contains(target)) violations.add(rel + " uses " + m.group());
                }
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }
}
