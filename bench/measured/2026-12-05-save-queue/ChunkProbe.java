import static loombook.Process.*;
import loombook.*;
import java.util.*;

public class ChunkProbe {
    public static void main(String[] a) throws Exception {
        try (HostProcess h = HostProcess.start("probe", GroupLeader.system())) {
            h.call(() -> {
                for (int round = 0; round < 3; round++) {
                    int n = 200_000;
                    Pid[] pids = new Pid[n];
                    for (int i = 0; i < n; i++) pids[i] = spawn(() -> receive(m -> m instanceof String ? m : null));
                    Thread.sleep(1500);
                    if (round == 2) {
                        var p = new ProcessBuilder("/usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd", "" + ProcessHandle.current().pid(), "GC.class_histogram").redirectErrorStream(true).start();
                        for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
                            if (line.contains("StackChunk") || line.contains("loombook.Proc ") || line.contains("VirtualThread ") || line.contains("Total")) System.out.println(line);
                        }
                    }
                    for (Pid pid : pids) send(pid, "stop");
                    Thread.sleep(1500);
                }
                return null;
            });
        }
    }
}
