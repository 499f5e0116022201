package loombook.kernel.magic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code %maven group:artifact:version ...}: downloads artifacts and their dependencies from Maven
 * Central and adds them to the class path. {@code --repo URL} adds a repository to search.
 */
final class MavenMagic implements LineMagic {
    private MavenResolver resolver;

    @Override
    public String name() {
        return "maven";
    }

    @Override
    public String usage() {
        return "%maven group:artifact:version ... [--repo URL]";
    }

    @Override
    public String help() {
        return "Adds Maven artifacts and their dependencies (from Maven Central) to the class path.";
    }

    @Override
    public Object run(String args, MagicContext context) throws Exception {
        List<String> coordinates = new ArrayList<>();
        List<String> repos = new ArrayList<>();
        String[] words = args.isBlank() ? new String[0] : args.strip().split("\\s+");
        for (int i = 0; i < words.length; i++) {
            if (words[i].equals("--repo")) {
                if (i + 1 == words.length) throw new MagicException("--repo needs a URL, like --repo https://repo.example.org/maven2/");
                repos.add(words[++i]);
            } else {
                coordinates.add(words[i]);
            }
        }
        if (coordinates.isEmpty()) throw new MagicException("usage: " + usage() + "\nfor example: %maven org.apache.commons:commons-lang3:3.17.0");
        if (resolver == null) resolver = new MavenResolver();
        long start = System.nanoTime();
        List<Path> jars = resolver.resolve(coordinates, repos);
        List<Path> known = context.classpath();
        int added = 0;
        for (Path jar : jars) {
            if (!known.contains(jar.toAbsolutePath())) {
                context.addToClasspath(jar);
                added++;
            }
        }
        context.out().printf("%s: %d jar%s (%d new on the class path) in %.1f s%n", String.join(", ", coordinates),
                jars.size(), jars.size() == 1 ? "" : "s", added, (System.nanoTime() - start) / 1e9);
        for (Path jar : jars) context.out().println("  " + jar.getFileName());
        return null;
    }
}
