package loombook.kernel.visual;

import loombook.Down;
import loombook.Exit;
import loombook.Reason;
import loombook.kernel.display.ValueText;
import loombook.otp.OtpMessage;

/** How messages read in diagrams: what kind of message each is, and its label. */
final class Messages {
    /** Longest label drawn on an arrow; the full text is in the tooltip and the text rendering. */
    static final int LABEL_MAX = 44;
    /** Longest text kept for a tooltip. */
    static final int DETAIL_MAX = 400;

    private Messages() {}

    static SequenceDiagram.Kind kind(Object m) {
        return OtpMessage.kindOf(m).map(k -> switch (k) {
            case CALL -> SequenceDiagram.Kind.CALL;
            case REPLY -> SequenceDiagram.Kind.REPLY;
            case CAST -> SequenceDiagram.Kind.CAST;
            case SYSTEM -> SequenceDiagram.Kind.SYSTEM;
        }).orElseGet(() -> switch (m) {
            case Down d -> SequenceDiagram.Kind.DOWN;
            case Exit e -> SequenceDiagram.Kind.EXIT;
            case null, default -> SequenceDiagram.Kind.SEND;
        });
    }

    /** The full label: the message, with what it is for an OTP message or a runtime signal. */
    static String label(Object m) {
        String text = OtpMessage.describe(m, Messages::value).map(OtpMessage::label).orElseGet(() -> switch (m) {
            case Down d -> "DOWN " + reason(d.reason());
            case Exit e -> "EXIT " + reason(e.reason());
            case null -> "null";
            default -> value(m);
        });
        return Svg.shorten(text, DETAIL_MAX);
    }

    /** A value as JShell prints it. */
    static String value(Object v) {
        return ValueText.of(v);
    }

    /** An exit reason, short: {@code normal}, {@code killed}, {@code IllegalStateException: boom}. */
    static String reason(Object r) {
        if (r instanceof Throwable t) {
            String name = t.getClass().getSimpleName().isEmpty() ? t.getClass().getName() : t.getClass().getSimpleName();
            return t.getMessage() == null ? name : name + ": " + t.getMessage();
        }
        if (r instanceof String s) return s;
        return String.valueOf(r);
    }

    /** Whether an exit reason is a normal end (no crash). */
    static boolean normal(Object r) {
        return Reason.isClean(r);
    }
}
