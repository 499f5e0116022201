package loombook.kernel.magic;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code %classpath}: lists what was added to the class path; {@code %classpath PATH ...} adds jars
 * or class directories ({@code lib/*.jar} globs allowed in the file name), relative to the notebook.
 */
final class ClasspathMagic implements LineMagic {
    @Override
    public String name() {
        return "classpath";
    }

    @Override
    public String usage() {
        return "%classpath [jar, directory or lib/*.jar ...]";
    }

    @Override
    public String help() {
        return "Adds jars or class directories to the class path; without arguments, lists what was added.";
    }

    @Override
    public Object run(String args, MagicContext context) throws Exception {
        if (args.isBlank()) {
            List<Path> cp = context.classpath();
            if (cp.isEmpty()) context.out().println("nothing added to the class path yet (the runtime is always there)");
            for (Path p : cp) context.out().println(p);
            return null;
        }
        List<Path> toAdd = new ArrayList<>();
        for (String word : args.strip().split("\\s+")) {
            Path p = context.workingDirectory().resolve(word.startsWith("~/") ? System.getProperty("user.home") + word.substring(1) : word);
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            if (name.contains("*") || name.contains("?") || name.contains("[")) {
                List<Path> matches = glob(p.getParent(), name);
                if (matches.isEmpty()) throw new MagicException("nothing matches " + word + " (in " + p.getParent() + ")");
                toAdd.addAll(matches);
            } else if (Files.exists(p)) {
                toAdd.add(p);
            } else {
                throw new MagicException("no such file or directory: " + word + " (looked at " + p + ")");
            }
        }
        for (Path p : toAdd) {
            if (!Files.isDirectory(p) && !p.toString().endsWith(".jar") && !p.toString().endsWith(".zip")) {
                throw new MagicException(p + " is neither a directory nor a jar");
            }
        }
        for (Path p : toAdd) {
            context.addToClasspath(p.toAbsolutePath().normalize());
            context.out().println("added " + p.toAbsolutePath().normalize());
        }
        return null;
    }

    private static List<Path> glob(Path dir, String pattern) throws IOException {
        List<Path> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, pattern)) {
            for (Path p : s) out.add(p);
        }
        out.sort(null);
        return out;
    }
}
