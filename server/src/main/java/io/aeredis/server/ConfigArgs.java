package io.aeredis.server;

import io.aeredis.resp.SplitArgs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Config-line tokenising (sdssplitargs, shared with inline requests) and its inverse (sdscatrepr). */
final class ConfigArgs {
    private ConfigArgs() {}

    /** Splits one config line; null when quotes are unbalanced. */
    static List<String> split(String line) {
        byte[][] parts = SplitArgs.split(line.getBytes(StandardCharsets.UTF_8));
        if (parts == null) return null;
        List<String> out = new ArrayList<>(parts.length);
        for (byte[] p : parts) out.add(new String(p, StandardCharsets.UTF_8));
        return out;
    }

    /** Quotes an argument when needed so that {@link #split} gives it back unchanged. */
    static String quote(String a) {
        boolean plain = !a.isEmpty();
        for (int i = 0; i < a.length() && plain; i++) {
            char ch = a.charAt(i);
            plain = ch > ' ' && ch != '"' && ch != '\'' && ch != '\\';
        }
        if (plain) return a;
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < a.length(); i++) {
            char ch = a.charAt(i);
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }
}
