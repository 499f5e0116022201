class Crashy {
    static Pid start(int maxRestarts, int maxSeconds) {
        ChildSpec worker = ChildSpec.worker("worker", () -> GenServer.startLink(new Worker(), null))
                .withRestart(ChildSpec.Restart.TRANSIENT);
        ChildSpec inner = Supervisor.childSpec("inner", List.of(worker),
                Supervisor.flags(Supervisor.ONE_FOR_ONE).withMaxRestarts(maxRestarts).withMaxSeconds(maxSeconds));
        return Supervisor.start(List.of(inner),
                Supervisor.flags(Supervisor.ONE_FOR_ONE).withMaxRestarts(10).withMaxSeconds(5));
    }

    static class Worker extends GenServer<Void, String> {
        public Init<String> init(Void unused) { return ok("working"); }
    }

    static Pid inner(Pid top) { return Supervisor.whichChildren(top).getFirst().pid(); }

    static Pid worker(Pid top) {
        Pid inner = inner(top);
        return inner == null ? null : Supervisor.whichChildren(inner).getFirst().pid();
    }
}
