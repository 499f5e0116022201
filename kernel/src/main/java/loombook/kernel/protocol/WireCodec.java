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
 *
 * <p>Decoding reads every field defensively and refuses, with a {@link BadMessageException}: a
 * signature seen before (a replay, when the codec keeps a {@link SeenSignatures} history), a header
 * that is not an object with a string {@code msg_id} and {@code msg_type} (and strings, if present,
 * for {@code session}, {@code username}, {@code date}, {@code version}), a parent header or
 * metadata that is not an object (or a parent header whose fields are not strings), a content
 * that is not an object, and a message over the size limit. The last three keep a sound header,
 * so the refusal can be answered.
 */
final class WireCodec {
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);
    private static final List<String> HEADER_STRINGS = List.of("msg_id", "msg_type", "session", "username", "date", "version");

    private final Signer signer;
    private final SeenSignatures seen;
    private final long maxMessageBytes;

    /** A codec signing with {@code signer}, or signing nothing if it is null; no replay history, no size limit. */
    WireCodec(Signer signer) {
        this(signer, null, Long.MAX_VALUE);
    }

    /**
     * A codec signing with {@code signer} (or nothing, if null) that refuses a signature already in
     * {@code seen} (if not null) and a message over {@code maxMessageBytes}.
     */
    WireCodec(Signer signer, SeenSignatures seen, long maxMessageBytes) {
        this.signer = signer;
        this.seen = seen;
        this.maxMessageBytes = maxMessageBytes;
    }

    WireMessage decode(List<byte[]> frames) throws BadMessageException {
        int d = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                d = i;
                break;
            }
        }
        if (d < 0) throw new BadMessageException("no delimiter", "no <IDS|MSG> delimiter in " + frames.size() + " frames");
        if (frames.size() < d + 6) {
            throw new BadMessageException("too few frames", "only " + (frames.size() - d - 1) + " frames after the delimiter, 5 needed");
        }
        byte[] signature = frames.get(d + 1);
        byte[] header = frames.get(d + 2), parent = frames.get(d + 3), metadata = frames.get(d + 4), content = frames.get(d + 5);
        if (signer != null) {
            if (!signer.verify(signature, header, parent, metadata, content)) throw new BadMessageException("bad signature", "bad signature");
            if (seen != null && !seen.add(signature)) {
                throw new BadMessageException("replayed", "a signature seen before: the same signed message sent again");
            }
        }
        List<byte[]> identities = List.copyOf(frames.subList(0, d));
        JsonObject h = header(header);
        long size = 0;
        for (int i = d + 1; i < frames.size(); i++) size += frames.get(i).length;
        WireMessage answerable = new WireMessage(identities, h, new JsonObject(), new JsonObject(), new JsonObject(), List.of());
        if (size > maxMessageBytes) {
            throw new BadMessageException("too large", "the message is " + MessageLimits.mb(size) + ", over this kernel's maximum of "
                    + MessageLimits.mb(maxMessageBytes) + " (set -D" + MessageLimits.PROPERTY + " or " + MessageLimits.ENV
                    + " in the kernel's environment to change it)", answerable);
        }
        JsonObject p;
        JsonElement c;
        JsonObject md;
        try {
            p = object(parent, "parent header");
            String wrong = wrongStringField(p);
            if (wrong != null) throw new BadMessageException("malformed parent header", "the parent header's " + wrong, answerable);
            md = object(metadata, "metadata");
            c = JsonParser.parseString(new String(content, StandardCharsets.UTF_8));
        } catch (JsonParseException | IllegalStateException e) {
            throw new BadMessageException("malformed JSON", "JSON that does not parse: " + e.getMessage(), answerable);
        } catch (BadMessageException e) {
            if (e.answerable() != null) throw e;
            throw new BadMessageException(e.kind(), e.getMessage(), answerable);
        }
        if (!c.isJsonObject()) throw new BadMessageException("malformed content", "the content is not a JSON object", answerable);
        return new WireMessage(identities, h, p, md, c, List.copyOf(frames.subList(d + 6, frames.size())));
    }

    private static JsonObject header(byte[] json) throws BadMessageException {
        JsonObject h;
        try {
            h = object(json, "header");
        } catch (JsonParseException | IllegalStateException e) {
            throw new BadMessageException("malformed JSON", "a header that does not parse: " + e.getMessage());
        }
        for (String required : List.of("msg_id", "msg_type")) {
            if (!h.has(required)) throw new BadMessageException("malformed header", "a header without " + required);
        }
        String wrong = wrongStringField(h);
        if (wrong != null) throw new BadMessageException("malformed header", "the header's " + wrong);
        return h;
    }

    /** The first of the header fields that is present and not a string, said for a person; null if none. */
    private static String wrongStringField(JsonObject h) {
        for (String f : HEADER_STRINGS) {
            JsonElement e = h.get(f);
            if (e != null && !(e.isJsonPrimitive() && e.getAsJsonPrimitive().isString())) {
                return f + " is " + (e.isJsonNull() ? "null" : e.isJsonObject() ? "an object" : e.isJsonArray() ? "a list" : shortText(e))
                        + ", not a string";
            }
        }
        return null;
    }

    private static String shortText(JsonElement e) {
        String t = e.toString();
        return t.length() <= 40 ? t : t.substring(0, 40) + "...";
    }

    private static JsonObject object(byte[] json, String what) throws BadMessageException {
        JsonElement e = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
        if (!e.isJsonObject()) throw new BadMessageException("malformed " + what, "the " + what + " is not a JSON object");
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
