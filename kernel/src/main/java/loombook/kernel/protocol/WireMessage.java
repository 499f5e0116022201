package loombook.kernel.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * One Jupyter message as it travels: the routing identities, then header, parent header, metadata
 * and content (JSON), then binary buffers. The parent header is kept exactly as the request's
 * header was, so that a frontend matches replies and output to its request whatever fields it sent.
 *
 * @param identities ZeroMQ routing identities (the frontend that sent a request)
 * @param header the message's own header
 * @param parentHeader the header of the request this answers (empty if none)
 * @param metadata message metadata
 * @param content the content
 * @param buffers extra binary frames (usually none)
 */
public record WireMessage(List<byte[]> identities, JsonObject header, JsonObject parentHeader, JsonObject metadata,
                          JsonElement content, List<byte[]> buffers) {
    /** The {@code msg_type}. */
    public String type() {
        JsonElement t = header.get("msg_type");
        return t != null && t.isJsonPrimitive() ? t.getAsString() : "";
    }

    /** The {@code msg_id}. */
    public String id() {
        JsonElement t = header.get("msg_id");
        return t != null && t.isJsonPrimitive() ? t.getAsString() : "";
    }

    /** The content as an object (empty if it is not one). */
    public JsonObject contentObject() {
        return content != null && content.isJsonObject() ? content.getAsJsonObject() : new JsonObject();
    }
}
