package loombook.kernel.magic;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code %load FILE}: runs a file of Java snippets (declarations, statements) as part of the cell.
 * A {@code package} line at the top of a {@code .java} file is left out, since snippets have none.
 */
final class LoadMagic implements LineMagic {
    @Override
    public String name() {
        return "load";
    }

    @Override
    public String usage() {
        return "%load FILE";
    }

    @Override
    public String help() {
        return "Runs the Java declarations and statements of a file, as if they were in this cell.";
    }

    @Override
    public Object run(String args, MagicContext context) throws Exception {
        if (args.isBlank()) throw new MagicException("usage: " + usage() + ", like %load helpers.jsh");
        Path file = context.workingDirectory().resolve(args.strip());
        if (!Files.isRegularFile(file)) throw new MagicException("no such file: " + args.strip() + " (looked at " + file + ")");
        String code = Files.readString(file, StandardCharsets.UTF_8);
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {          // a package line first: blank it, keeping line numbers
            String s = lines[i].strip();
            if (s.isEmpty() || s.startsWith("//") || s.startsWith("/*") || s.startsWith("*")) continue;
            if (s.matches("package\\s+[\\w.]+\\s*;")) lines[i] = "";
            break;
        }
        code = String.join("\n", lines);
        context.evaluateFile(code, file.getFileName().toString());
        return null;
    }
}
