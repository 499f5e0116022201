package loombook.kernel.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8SinkTest {
    @Test
    void aCharacterSplitAcrossWritesIsNotBroken() {
        StringBuilder out = new StringBuilder();
        Utf8Sink sink = new Utf8Sink(out::append);
        byte[] bytes = "é😀x".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) sink.write(new byte[] {b}, 0, 1);
        assertEquals("é😀x", out.toString());
        StringBuilder out2 = new StringBuilder();
        Utf8Sink sink2 = new Utf8Sink(out2::append);
        sink2.write(bytes, 0, 3);
        assertEquals("é", out2.toString(), "the first emoji byte waits for the rest");
        sink2.write(bytes, 3, bytes.length - 3);
        assertEquals("é😀x", out2.toString());
    }
}
