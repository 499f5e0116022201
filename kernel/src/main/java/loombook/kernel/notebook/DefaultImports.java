package loombook.kernel.notebook;

import java.util.List;

/**
 * What every notebook imports before its first cell: the packages JShell's own tool imports, the
 * runtime and its OTP behaviours, the display API ({@code display(...)}, {@code html(...)},
 * {@code Renderers}...) and the visual tools ({@code trace(...)}, {@code liveProcesses()}...).
 * {@code loombook.Process} is imported by name
 * because {@code java.lang.Process} would win over an on-demand import. An import that does not
 * compile (a package a build does not have) is skipped.
 */
public final class DefaultImports {
    /** The import statements, in order. */
    public static final List<String> IMPORTS = List.of(
            "import java.io.*;",
            "import java.math.*;",
            "import java.net.*;",
            "import java.nio.file.*;",
            "import java.util.*;",
            "import java.util.concurrent.*;",
            "import java.util.function.*;",
            "import java.util.regex.*;",
            "import java.util.stream.*;",
            "import loombook.*;",
            "import loombook.Process;",
            "import static loombook.Process.*;",
            "import loombook.otp.*;",
            "import loombook.kernel.display.*;",
            "import static loombook.kernel.display.Display.*;",
            "import loombook.kernel.visual.*;",
            "import static loombook.kernel.visual.Visuals.*;");

    private DefaultImports() {}
}
