package loombook.kernel.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Frames to {@link WireMessage} and back, with Jupyter's HMAC signature: a message whose signature
 * does not match is refused (and the caller ignores it; it never stops a channel). The comparison
 * takes the same time whatever the signature, so it leaks nothing about the key.
 */
final class WireCodec {
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

    private final Signer signer;

    /** A codec signing with {@code signer}, or signing nothing if it is null. */
    WireCodec(Signer signer) {
        this.signer = signer;
    }

    WireMessage decode(List<byte[]> frames) throws BadMessageException {
        int d = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                d = i;
                break;
            }
        }
        if (d < 0) throw new BadMessageException("no <IDS|MSG> delimiter in " + frames.size() + " frames");
        if (frames.size() < d + 6) throw new BadMessageException("only " + (frames.size() - d - 1) + " frames after the delimiter, 5 needed");
        byte[] signature = frames.get(d + 1);
        byte[] header = frames.get(d + 2), parent = frames.get(d + 3), metadata = frames.get(d + 4), content = frames.get(d + 5);
        if (signer != null && !signer.verify(signature, header, parent, metadata, content)) {
            throw new BadMessageException("bad signature");
        }
        try {
            JsonObject h = object(header, "header");
            if (!h.has("msg_type") || !h.get("msg_type").isJsonPrimitive()) throw new BadMessageException("a header without msg_type");
            return new WireMessage(List.copyOf(frames.subList(0, d)), h, object(parent, "parent header"), object(metadata, "metadata"),
                    JsonParser.parseString(new String(content, StandardCharsets.UTF_8)), List.copyOf(frames.subList(d + 6, frames.size())));
        } catch (JsonParseException | IllegalStateException e) {
            throw new BadMessageException("JSON that does not parse: " + e.getMessage());
        }
    }

    private static JsonObject object(byte[] json, String what) throws BadMessageException {
        JsonElement e = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
        if (!e.isJsonObject()) throw new BadMessageException("the " + what + " is not a JSON object");
        return e.getAsJsonObject();
    }

    List<byte[]> encode(WireMessage m) {
        byte[] header = bytes(m.header());
        byte[] parent = m.parentHeader() == null ? EMPTY : bytes(m.parentHeader());
        byte[] metadata = m.metadata() == null ? EMPTY : bytes(m.metadata());
        byte[] content = bytes(m.content());
        String sig = signer != null ? signer.sign(header, parent, metadata, content) : "";
        List<byte[]> frames = new ArrayList<>(m.identities().size() + 6 + m.buffers().size());
        frames.addAll(m.identities());
        frames.add(DELIMITER);
        frames.add(sig.getBytes(StandardCharsets.US_ASCII));
        frames.add(header);
        frames.add(parent);
        frames.add(metadata);
        frames.add(content);
        frames.addAll(m.buffers());
        return frames;
    }

    private static byte[] bytes(JsonElement e) {
        return Json.GSON.toJson(e).getBytes(StandardCharsets.UTF_8);
    }
}
