package loombook.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecTest {
    private final WireCodec codec;

    WireCodecTest() throws Exception {
        codec = new WireCodec(Signer.of("key"));
    }

    private WireMessage sample() {
        JsonObject content = new JsonObject();
        content.addProperty("code", "1 + 1 // é");
        JsonObject parent = new JsonObject();
        parent.addProperty("msg_id", "parent-1");
        parent.addProperty("subshell_id", "kept as sent");
        WireMessage m = new Headers().message("execute_request", parent, content, List.of("id1".getBytes(StandardCharsets.UTF_8)));
        return m;
    }

    @Test
    void roundTripsIdentitiesHeaderParentAndContent() throws Exception {
        WireMessage m = sample();
        WireMessage back = codec.decode(codec.encode(m));
        assertEquals(1, back.identities().size());
        assertArrayEquals("id1".getBytes(StandardCharsets.UTF_8), back.identities().getFirst());
        assertEquals("execute_request", back.type());
        assertEquals(m.id(), back.id());
        assertEquals("kept as sent", back.parentHeader().get("subshell_id").getAsString());
        assertEquals("1 + 1 // é", back.contentObject().get("code").getAsString());
        assertEquals("5.3", back.header().get("version").getAsString());
        assertTrue(back.header().get("date").getAsString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"));
    }

    @Test
    void refusesATamperedContentOrAForeignKey() throws Exception {
        List<byte[]> frames = new ArrayList<>(codec.encode(sample()));
        int content = frames.size() - 1;
        frames.set(content, "{\"code\":\"System.exit(0)\"}".getBytes(StandardCharsets.UTF_8));
        BadMessageException e = assertThrows(BadMessageException.class, () -> codec.decode(frames));
        assertEquals("bad signature", e.getMessage());
        List<byte[]> forged = new WireCodec(Signer.of("wrong key")).encode(sample());
        assertThrows(BadMessageException.class, () -> codec.decode(forged));
    }

    @Test
    void refusesMalformedFrames() {
        assertThrows(BadMessageException.class, () -> codec.decode(List.of("no delimiter".getBytes(StandardCharsets.UTF_8))));
        List<byte[]> tooShort = List.of("<IDS|MSG>".getBytes(StandardCharsets.US_ASCII), new byte[0]);
        assertThrows(BadMessageException.class, () -> codec.decode(tooShort));
        WireCodec unsigned = new WireCodec(null);
        List<byte[]> frames = new ArrayList<>(unsigned.encode(sample()));
        frames.set(frames.size() - 1, "{not json".getBytes(StandardCharsets.UTF_8));
        assertThrows(BadMessageException.class, () -> unsigned.decode(frames));
    }

    @Test
    void anUnsignedKernelAcceptsAnySignature() throws Exception {
        WireCodec unsigned = new WireCodec(null);
        List<byte[]> frames = new ArrayList<>(unsigned.encode(sample()));
        frames.set(1 + 1, "whatever".getBytes(StandardCharsets.US_ASCII));
        assertEquals("execute_request", unsigned.decode(frames).type());
    }
}
