package loombook.kernel.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Jupyter connection file: where to bind the five channels, and the key that signs messages.
 *
 * @param transport {@code tcp} or {@code ipc}
 * @param ip the address (or, for ipc, the path prefix)
 * @param shellPort the shell channel's port
 * @param controlPort the control channel's port
 * @param stdinPort the stdin channel's port
 * @param iopubPort the IOPub channel's port
 * @param hbPort the heartbeat's port
 * @param signatureScheme {@code hmac-sha256}
 * @param key the signing key (empty: messages are not signed)
 */
public record ConnectionInfo(String transport, String ip, int shellPort, int controlPort, int stdinPort, int iopubPort,
                             int hbPort, String signatureScheme, String key) {
    /** Reads and checks a connection file. */
    public static ConnectionInfo read(Path file) throws IOException {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) throw new IOException("the connection file " + file + " is not a JSON object");
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException("the connection file " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        try {
            ConnectionInfo c = new ConnectionInfo(string(o, "transport", "tcp"), string(o, "ip", "127.0.0.1"),
                    o.get("shell_port").getAsInt(), o.get("control_port").getAsInt(), o.get("stdin_port").getAsInt(),
                    o.get("iopub_port").getAsInt(), o.get("hb_port").getAsInt(),
                    string(o, "signature_scheme", "hmac-sha256"), string(o, "key", ""));
            if (!c.key.isEmpty() && !c.signatureScheme.equals("hmac-sha256")) {
                throw new IOException("unsupported signature scheme " + c.signatureScheme + " (this kernel signs with hmac-sha256)");
            }
            return c;
        } catch (RuntimeException e) {
            throw new IOException("the connection file " + file + " lacks a port (shell, control, stdin, iopub, hb): " + e, e);
        }
    }

    private static String string(JsonObject o, String key, String dflt) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? dflt : e.getAsString();
    }

    /** The ZeroMQ address of {@code port}. */
    String address(int port) {
        return transport.equals("tcp") ? "tcp://" + ip + ":" + port : transport + "://" + ip + "-" + port;
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "ConnectionInfo[" + transport + "://" + ip + " shell=" + shellPort + " control=" + controlPort
                + " stdin=" + stdinPort + " iopub=" + iopubPort + " hb=" + hbPort + ", " + signatureScheme + "]";
    }
}
