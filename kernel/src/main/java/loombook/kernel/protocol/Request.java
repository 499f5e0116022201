package loombook.kernel.protocol;

import com.google.gson.JsonObject;
import java.util.Map;

/**
 * One request being handled, as the floor above sees it: where to publish its output (IOPub,
 * stamped with this request as parent, now or long after) and how to ask its frontend for input.
 */
public final class Request {
    private final WireMessage message;
    private final IoPub iopub;
    private final StdinChannel stdin;
    private final boolean allowStdin;

    Request(WireMessage message, IoPub iopub, StdinChannel stdin, boolean allowStdin) {
        this.message = message;
        this.iopub = iopub;
        this.stdin = stdin;
        this.allowStdin = allowStdin;
    }

    /** The request's {@code msg_id}. */
    public String id() {
        return message.id();
    }

    /**
     * The id of the notebook cell this request runs, from the request's metadata ({@code cellId}:
     * JupyterLab, Notebook 7 and VS Code send it; classic Notebook 6 does not), or null.
     */
    public String cellId() {
        var m = message.metadata();
        if (m == null || !m.has("cellId") || !m.get("cellId").isJsonPrimitive()) return null;
        String id = m.get("cellId").getAsString();
        return id.isBlank() ? null : id;
    }

    /** Publishes a message of {@code type} ({@code execute_input}, {@code display_data}...) with this request as parent. */
    public void publish(String type, Object content) {
        iopub.publish(type, message.header(), content);
    }

    /** Appends to this request's {@code stdout} or {@code stderr} stream (coalesced, in order). */
    public void stream(String name, String text) {
        iopub.stream(message.header(), name, text);
    }

    /** Publishes a display ({@code display_data}, or {@code update_display_data} with {@code update}). */
    public void display(Map<String, Object> data, Map<String, Object> metadata, String displayId, boolean update) {
        JsonObject c = new JsonObject();
        c.add("data", Json.GSON.toJsonTree(data));
        c.add("metadata", Json.GSON.toJsonTree(metadata));
        JsonObject transientData = new JsonObject();
        if (displayId != null) transientData.addProperty("display_id", displayId);
        c.add("transient", transientData);
        publish(update ? "update_display_data" : "display_data", c);
    }

    /**
     * Asks the frontend for a line of input; null if the request did not allow stdin.
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public String readLine(String prompt, boolean password) throws InterruptedException {
        if (!allowStdin) return null;
        return stdin.readLine(message.identities(), message.header(), prompt, password);
    }
}
