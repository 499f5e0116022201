package loombook.kernel.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Makes the messages the kernel sends: a fresh header (the kernel's session, microsecond UTC
 * timestamp, protocol 5.3) and the request's header as parent.
 */
final class Headers {
    /** The protocol version this kernel speaks. */
    static final String PROTOCOL_VERSION = "5.3";
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final String session = UUID.randomUUID().toString();

    /** A message of {@code type} answering {@code parent} (null for none), to {@code identities}. */
    WireMessage message(String type, JsonObject parent, JsonElement content, List<byte[]> identities) {
        JsonObject h = new JsonObject();
        h.addProperty("msg_id", UUID.randomUUID().toString());
        h.addProperty("session", session);
        h.addProperty("username", "kernel");
        h.addProperty("date", ISO.format(Instant.now().truncatedTo(ChronoUnit.MICROS)));
        h.addProperty("msg_type", type);
        h.add("version", new JsonPrimitive(PROTOCOL_VERSION));
        return new WireMessage(identities, h, parent == null ? new JsonObject() : parent, new JsonObject(),
                content, List.of());
    }
}
