package loombook.bench;

import java.util.List;

/** Every workload, in the BEAM suite's order. Adding one is one file and one line here. */
final class Workloads {
    private Workloads() {}

    static final List<Workload> ALL = List.of(
            new SpawnIdle(),
            new SpawnExit(),
            new PingPong(),
            new Ring(),
            new FanIn(),
            new Selective(),
            new GenServerCall(),
            new Timeout(),
            new ParallelCpu(),
            new ParallelPingPong());

    /** The BEAM suite's workload names, including any this suite does not have yet. */
    static final List<String> BEAM_ORDER =
            List.of("spawn", "spawn_exit", "pingpong", "ring", "fanin", "selective", "genserver_call", "timeout",
                    "parallel_cpu", "parallel_pingpong");
}
