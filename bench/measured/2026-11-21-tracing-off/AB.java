import java.io.*;
import java.lang.reflect.Method;
import java.net.*;
import java.nio.file.*;
import java.util.*;

/** Runs bench pingpong alternately with two runtime jars, each in its own class loader, in one JVM. */
public class AB {
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        Map<String, Method> run = new LinkedHashMap<>();
        for (String v : List.of("a", "b")) {
            URLClassLoader l = new URLClassLoader(new URL[] {dir.resolve("runtime-" + v + ".jar").toUri().toURL(), dir.resolve("bench.jar").toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Method m = l.loadClass("loombook.bench.Bench").getDeclaredMethod("run", String[].class, PrintStream.class);
            m.setAccessible(true);
            run.put(v, m);
        }
        for (int r = 1; r <= rounds; r++) {
            List<String> order = r % 2 == 1 ? List.of("a", "b") : List.of("b", "a");
            for (String v : order) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                run.get(v).invoke(null, new String[] {"pingpong"}, new PrintStream(bytes, true));
                for (String line : bytes.toString().split("\n")) {
                    if (line.startsWith("workload=pingpong ")) {
                        System.out.println("round=" + r + " variant=" + v + " load=" + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + " " + line);
                    }
                }
            }
        }
    }
}
