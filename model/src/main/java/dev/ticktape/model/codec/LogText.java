package dev.ticktape.model.codec;

/**
 * Text from outside (request paths, parameters, error messages that quote them) made safe for a log line: control
 * characters are escaped, so a newline in a parameter cannot forge a second line, and the length is bounded.
 */
public final class LogText {
    private static final int MAX = 300;

    private LogText() {}

    /** {@code s} with every control character as {@code \\uXXXX}, cut to 300 characters (marked with ...). */
    public static String printable(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX) + 16);
        for (int i = 0; i < s.length() && b.length() < MAX; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (b.length() >= MAX) b.setLength(MAX);
        return b.length() < s.length() ? b + "..." : b.toString();
    }
}
