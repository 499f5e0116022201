package loombook.kernel.session;

import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.history.HistoryEntry;
import io.github.spencerpark.jupyter.messages.reply.CompleteReply;
import io.github.spencerpark.jupyter.messages.reply.HistoryReply;
import io.github.spencerpark.jupyter.messages.reply.InspectReply;
import io.github.spencerpark.jupyter.messages.reply.IsCompleteReply;
import io.github.spencerpark.jupyter.messages.reply.KernelInfoReply;
import io.github.spencerpark.jupyter.messages.request.CompleteRequest;
import io.github.spencerpark.jupyter.messages.request.ExecuteRequest;
import io.github.spencerpark.jupyter.messages.request.HistoryRequest;
import io.github.spencerpark.jupyter.messages.request.InspectRequest;
import io.github.spencerpark.jupyter.messages.request.IsCompleteRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import loombook.kernel.notebook.CellError;
import loombook.kernel.notebook.CellReport;
import loombook.kernel.notebook.Completions;
import loombook.kernel.notebook.Inspection;
import loombook.kernel.notebook.Notebook;
import loombook.kernel.notebook.Readiness;
import loombook.kernel.notebook.UserExpressionException;
import loombook.kernel.protocol.ExecuteResult;
import loombook.kernel.protocol.KernelHandler;
import loombook.kernel.protocol.Request;

/**
 * Jupyter's semantics on top of the notebook: execution counts, {@code execute_input} and
 * {@code execute_result}, errors, silent execution, user expressions, history, and the kernel's
 * description. Positions are converted between Jupyter's code points and Java's chars here. Every
 * request tells the notebook that a frontend is there (output paused by {@code quietAfterMinutes} resumes).
 */
public final class JupyterKernel implements KernelHandler {
    /** The kernel's version, as kernel_info reports it. */
    public static final String VERSION = "0.1.0";

    private final Notebook notebook;
    private final History history = new History();
    private int executionCount;

    /** A Jupyter kernel on {@code notebook}. */
    public JupyterKernel(Notebook notebook) {
        this.notebook = notebook;
    }

    @Override
    public KernelInfoReply kernelInfo() {
        notebook.frontendRequest();           // a frontend (re)connecting
        LanguageInfo language = new LanguageInfo.Builder("java")
                .version(Runtime.version().feature() + "")
                .mimetype("text/x-java")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
        return new KernelInfoReply("5.3", "loombook", VERSION, language,
                "Loombook " + VERSION + ": Java " + Runtime.version() + " (JShell) with an Erlang/OTP-style process runtime.\n"
                        + "%lsmagic lists the magics; shift-tab shows the Javadoc of what is under the cursor.",
                helpLinks());
    }

    /** Where the runtime's documentation is: the installer passes it as {@code -Dloombook.docs=URL}. */
    private static List<LanguageInfo.Help> helpLinks() {
        List<LanguageInfo.Help> links = new java.util.ArrayList<>();
        String docs = System.getProperty("loombook.docs");
        if (docs != null && !docs.isBlank()) links.add(new LanguageInfo.Help("Loombook runtime: processes and OTP behaviours", docs));
        links.add(new LanguageInfo.Help("Java " + Runtime.version().feature() + " API",
                "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/docs/api/index.html"));
        links.add(new LanguageInfo.Help("JShell user guide",
                "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/jshell/introduction-jshell.html"));
        return links;
    }

    @Override
    public ExecuteResult execute(ExecuteRequest content, Request request) {
        notebook.frontendRequest();
        boolean silent = content.isSilent();
        boolean store = content.shouldStoreHistory() && !silent;
        if (store) executionCount++;
        int count = Math.max(executionCount, 1);
        String code = content.getCode();
        if (!silent) {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("code", code);
            input.put("execution_count", count);
            request.publish("execute_input", input);
        }
        CellReport report = notebook.run(code, count, new RequestOutput(request, content.isStdinEnabled()), request.cellId());
        if (report.ok()) {
            if (report.result() != null && !silent) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("execution_count", count);
                result.put("data", report.result());
                result.put("metadata", report.resultMetadata());
                request.publish("execute_result", result);
            }
            if (store) history.add(count, code, report.result() == null ? null : String.valueOf(report.result().get("text/plain")));
            return ExecuteResult.ok(count, userExpressions(content.getUserExpr()));
        }
        CellError e = report.error();
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("ename", e.ename());
        error.put("evalue", e.evalue());
        error.put("traceback", e.traceback());
        request.publish("error", error);
        if (store) history.add(count, code, null);
        return ExecuteResult.error(count, e.ename(), e.evalue(), e.traceback());
    }

    private Map<String, Object> userExpressions(Map<String, String> expressions) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (expressions == null) return out;
        for (Map.Entry<String, String> x : expressions.entrySet()) {
            Map<String, Object> r = new LinkedHashMap<>();
            try {
                r.put("status", "ok");
                r.put("data", notebook.evaluateExpression(x.getValue()));
                r.put("metadata", Map.of());
            } catch (UserExpressionException ex) {
                r.clear();
                r.put("status", "error");
                r.put("ename", ex.error().ename());
                r.put("evalue", ex.error().evalue());
                r.put("traceback", ex.error().traceback());
            }
            out.put(x.getKey(), r);
        }
        return out;
    }

    @Override
    public CompleteReply complete(CompleteRequest content) {
        notebook.frontendRequest();
        String code = content.getCode();
        int cursor = CodePoints.toCharIndex(code, content.getCursorPos());
        Completions c = notebook.help().complete(code, cursor);
        int start = CodePoints.toCodePoint(code, c.start());
        int end = CodePoints.toCodePoint(code, c.end());
        return new CompleteReply(c.matches(), start, end, Map.of(TYPES_KEY, completionTypes(c, start, end)));
    }

    /** The key under which ipykernel, and JupyterLab and VS Code after it, put what each match is. */
    static final String TYPES_KEY = "_jupyter_types_experimental";

    /**
     * One entry per match, in the order of the matches, as ipykernel sends them: where it goes
     * ({@code start}, {@code end} in code points), its {@code text}, its {@code type} in the words
     * frontends draw icons for ({@code function}, {@code instance}, {@code class}, {@code module},
     * {@code keyword}, {@code magic}) and its {@code signature}.
     */
    static List<Map<String, Object>> completionTypes(Completions c, int start, int end) {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (Completions.Candidate k : c.candidates()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", start);
            m.put("end", end);
            m.put("text", k.text());
            m.put("type", switch (k.kind()) {
                case "method" -> "function";
                case "variable" -> "instance";
                case "type" -> "class";
                case "package" -> "module";
                case "keyword", "magic" -> k.kind();
                default -> "<unknown>";
            });
            m.put("signature", k.signature());
            out.add(m);
        }
        return out;
    }

    @Override
    public InspectReply inspect(InspectRequest content) {
        notebook.frontendRequest();
        String code = content.getCode();
        Inspection i = notebook.help().inspect(code, CodePoints.toCharIndex(code, content.getCursorPos()));
        DisplayData data = new DisplayData();
        i.data().forEach(data::putData);
        return new InspectReply(i.found(), data);
    }

    @Override
    public IsCompleteReply isComplete(IsCompleteRequest content) {
        notebook.frontendRequest();
        Readiness r = notebook.help().readiness(content.getCode());
        return switch (r.status()) {
            case "complete" -> IsCompleteReply.VALID_CODE;
            case "incomplete" -> IsCompleteReply.getIncompleteReplyWithIndent(r.indent());
            case "invalid" -> IsCompleteReply.INVALID_CODE;
            default -> IsCompleteReply.UNKNOWN;
        };
    }

    @Override
    public HistoryReply history(HistoryRequest content) {
        notebook.frontendRequest();
        List<HistoryEntry> entries = switch (content) {
            case HistoryRequest.Range r -> history.range(r.getStart(), r.getStop(), r.includeOutput());
            case HistoryRequest.Search s -> history.search(s.getPattern(), s.getMaxReturnLength(), s.filterUnique(), s.includeOutput());
            case HistoryRequest.Tail t -> history.tail(t.getMaxReturnLength(), t.includeOutput());
            default -> history.tail(10, false);
        };
        return new HistoryReply(entries);
    }

    @Override
    public boolean interrupt() {
        notebook.frontendRequest();
        return notebook.interrupt();
    }

    @Override
    public void interruptNextCell() {
        notebook.interruptNextCell();
    }

    @Override
    public void shutdown(boolean restart) {
        notebook.interrupt();
    }
}
