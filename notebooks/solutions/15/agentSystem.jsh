class AgentSystem {
    // REST_FOR_ONE: each part depends on the ones started before it. A crash of the coordinator
    // restarts the agents too (so they announce themselves to the new one), and leaves the memory
    // keeper, started before it, alone: the team keeps what it remembered.
    static Pid start(List<String> agents) {
        List<ChildSpec> workers = agents.stream()
                .map(name -> ChildSpec.worker(name, () -> Worker.startLink(name)))
                .toList();
        return Supervisor.start(List.of(
                Registry.childSpec(Registry.UNIQUE, REGISTRY),
                ChildSpec.worker("memory", () -> GenServer.startLink(new MemoryKeeper(), null, MEMORY)),
                ChildSpec.worker("coordinator", () -> GenServer.startLink(new Coordinator(), null, COORDINATOR)),
                Supervisor.childSpec("agents", workers, Supervisor.flags(Supervisor.ONE_FOR_ONE))),
            Supervisor.REST_FOR_ONE);
    }
}
