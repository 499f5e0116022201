package loombook.kernel.protocol;

import java.util.List;
import java.util.Map;

/**
 * How an execute request ended, for its reply.
 *
 * @param executionCount the execution count the reply carries
 * @param ename for an error, its name; null for success
 * @param evalue for an error, its message
 * @param traceback for an error, its lines
 * @param userExpressions for success, the results of the request's user expressions
 */
public record ExecuteResult(int executionCount, String ename, String evalue, List<String> traceback,
                            Map<String, Object> userExpressions) {
    /** A success. */
    public static ExecuteResult ok(int count, Map<String, Object> userExpressions) {
        return new ExecuteResult(count, null, null, List.of(), userExpressions);
    }

    /** An error. */
    public static ExecuteResult error(int count, String ename, String evalue, List<String> traceback) {
        return new ExecuteResult(count, ename, evalue, traceback, Map.of());
    }

    /** Whether it is an error. */
    public boolean isError() {
        return ename != null;
    }
}
