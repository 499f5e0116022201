package loombook.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Jupyter's message signature: HMAC-SHA256 (RFC 2104) over header, parent header, metadata and
 * content, as lowercase hex. Built on {@link MessageDigest} rather than {@code javax.crypto.Mac},
 * whose provider machinery costs some 25 ms at kernel start (measured; see the decision record);
 * the result is the same, as a test checks against {@code Mac} and RFC 4231's vectors.
 * Thread-safe. A kernel started without a key signs nothing and checks nothing.
 */
final class Signer {
    private static final int BLOCK = 64;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final byte[] innerPad;
    private final byte[] outerPad;
    private final MessageDigest prototype;

    private Signer(byte[] key) throws NoSuchAlgorithmException {
        prototype = MessageDigest.getInstance("SHA-256");
        byte[] k = key.length > BLOCK ? prototype.digest(key) : key;
        innerPad = new byte[BLOCK];
        outerPad = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outerPad[i] = (byte) (b ^ 0x5c);
        }
    }

    /** A signer for {@code key} (the connection file's key, used as its ASCII bytes); null for no key. */
    static Signer of(String key) throws NoSuchAlgorithmException {
        return key == null || key.isEmpty() ? null : new Signer(key.getBytes(StandardCharsets.US_ASCII));
    }

    /** The hex HMAC-SHA256 of the concatenated {@code parts}. */
    String sign(byte[]... parts) {
        MessageDigest inner = digest(), outer = digest();
        inner.update(innerPad);
        for (byte[] p : parts) inner.update(p);
        outer.update(outerPad);
        byte[] mac = outer.digest(inner.digest());
        char[] hex = new char[mac.length * 2];
        for (int i = 0; i < mac.length; i++) {
            hex[2 * i] = HEX[(mac[i] >> 4) & 0xf];
            hex[2 * i + 1] = HEX[mac[i] & 0xf];
        }
        return new String(hex);
    }

    private MessageDigest digest() {
        try {
            return (MessageDigest) prototype.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    /** Whether {@code signature} (hex, as received) is the signature of {@code parts}, in constant time. */
    boolean verify(byte[] signature, byte[]... parts) {
        byte[] expected = sign(parts).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature);
    }
}
