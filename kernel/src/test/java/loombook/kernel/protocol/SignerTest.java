package loombook.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SignerTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void matchesRfc4231TestCase2() throws Exception {
        // key "Jefe", data "what do ya want for nothing?"
        Signer s = Signer.of("Jefe");
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", s.sign(b("what do ya want "), b("for nothing?")));
    }

    @Test
    void matchesJavaxCryptoMacForKeysShortAndLongerThanABlock() throws Exception {
        for (String key : new String[] {"k", "a-jupyter-uuid-4f9d-key", "x".repeat(64), "y".repeat(131)}) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            byte[][] parts = {b("{\"msg_id\":\"1\"}"), b("{}"), b("{}"), b("{\"code\":\"1+1\"}")};
            for (byte[] p : parts) mac.update(p);
            String expected = HexFormat.of().formatHex(mac.doFinal());
            assertEquals(expected, Signer.of(key).sign(parts), "key of length " + key.length());
        }
    }

    @Test
    void verifiesOnlyTheRightSignature() throws Exception {
        Signer s = Signer.of("secret");
        String sig = s.sign(b("a"), b("b"));
        assertTrue(s.verify(sig.getBytes(StandardCharsets.US_ASCII), b("a"), b("b")));
        assertFalse(s.verify(sig.getBytes(StandardCharsets.US_ASCII), b("a"), b("c")));
        assertFalse(Signer.of("other").verify(sig.getBytes(StandardCharsets.US_ASCII), b("a"), b("b")));
        assertFalse(s.verify(new byte[0], b("a"), b("b")));
    }

    @Test
    void noKeyMeansNoSigner() throws Exception {
        assertNull(Signer.of(""));
        assertNull(Signer.of(null));
    }
}
