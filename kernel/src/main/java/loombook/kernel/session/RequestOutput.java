package loombook.kernel.session;

import java.util.Map;
import loombook.kernel.notebook.CellOutput;
import loombook.kernel.protocol.Request;

/**
 * A cell's output as Jupyter messages of its execute request: streams, displays and input requests
 * all carry the request as parent header, whenever they are written, so frontends put them under
 * that cell even long after it finished.
 */
final class RequestOutput implements CellOutput {
    private final Request request;
    private final boolean allowInput;

    RequestOutput(Request request, boolean allowInput) {
        this.request = request;
        this.allowInput = allowInput;
    }

    @Override
    public void stdout(String text) {
        request.stream("stdout", text);
    }

    @Override
    public void stderr(String text) {
        request.stream("stderr", text);
    }

    @Override
    public void display(Map<String, Object> data, Map<String, Object> metadata, String displayId, boolean update) {
        request.display(data, metadata, displayId, update);
    }

    @Override
    public String readLine(String prompt, boolean password) throws InterruptedException {
        return allowInput ? request.readLine(prompt, password) : null;
    }
}
