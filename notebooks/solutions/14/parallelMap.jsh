class ParallelMap {
    static <T, R> List<R> pmap(List<T> items, Function<T, R> fn, int maxConcurrency, long timeoutMillis) {
        var options = Task.streamOptions()
                .withMaxConcurrency(maxConcurrency)
                .withTimeout(timeoutMillis)
                .withOnTimeout(Task.OnTimeout.KILL_TASK);        // a slow item becomes Exited(timeout), the rest go on
        List<R> results = new ArrayList<>();
        Task.asyncStream(items, fn, options).forEach(r -> results.add(switch (r) {
            case Task.Ok<R>(var value) -> value;
            case Task.Exited<R>(var reason) -> null;
        }));
        return results;
    }
}
