package loombook.kernel.display;

/** Escaping for text put into HTML. */
public final class Html {
    private Html() {}

    /** {@code text} with {@code < > & " '} escaped, safe inside elements and quoted attributes. */
    public static String escape(String text) {
        if (text == null) return "null";
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
