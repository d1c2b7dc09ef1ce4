package io.aeredis.server;

/** The sds.c helpers the server needs for text it shows people (MONITOR lines, log lines). */
final class Sds {
    private Sds() {}

    /**
     * sdscatrepr: {@code len} bytes of {@code s} from {@code off} in double quotes, with \\ and
     * \" escaped, \n \r \t \a \b spelt so, other bytes outside printable ASCII as \xNN.
     */
    static void catRepr(StringBuilder sb, byte[] s, int off, int len) {
        sb.append('"');
        for (int i = off; i < off + len; i++) {
            int ch = s[i] & 0xff;
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (ch >= 0x20 && ch <= 0x7e) {
                        sb.append((char) ch);
                    } else {
                        sb.append("\\x").append(Character.forDigit(ch >> 4, 16)).append(Character.forDigit(ch & 15, 16));
                    }
                }
            }
        }
        sb.append('"');
    }
}
