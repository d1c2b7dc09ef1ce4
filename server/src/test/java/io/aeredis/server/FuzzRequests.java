package io.aeredis.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Builds request streams for the parser fuzz: valid commands, then a few mutations. The
 * vocabulary avoids words that mutate into commands whose replies differ by connection
 * (an inline "hello" is HELLO, which replies with the client id).
 */
final class FuzzRequests {
    private static final String[][] COMMANDS = {
        {"PING"}, {"ECHO", "greetings"}, {"SET", "k", "v"}, {"GET", "k"}, {"INCR", "n"},
        {"MSET", "a", "1", "b", "2"}, {"DEL", "a", "k"}, {"APPEND", "k", "xyz"}, {"STRLEN", "k"},
        {"EXISTS", "k", "a"}, {"TYPE", "k"}, {"ECHO", ""}, {"SET", "bin", "\r\n\u0000\u00ff"},
    };
    private static final String[] NOISE = {"\r\n", "\n", "*", "$", "-1", "0", "99999999999", " ", "\"", "'", "\\x4", "\u0000", "abc"};

    private FuzzRequests() {}

    static byte[] generate(Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            String[] cmd = COMMANDS[r.nextInt(COMMANDS.length)];
            out.writeBytes(r.nextInt(4) == 0 ? inline(cmd) : multibulk(cmd));
        }
        byte[] b = out.toByteArray();
        int mutations = r.nextInt(4);
        for (int m = 0; m < mutations && b.length > 0; m++) b = mutate(b, r);
        return b;
    }

    private static byte[] multibulk(String[] cmd) {
        StringBuilder sb = new StringBuilder("*").append(cmd.length).append("\r\n");
        for (String a : cmd) sb.append('$').append(a.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n").append(a).append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] inline(String[] cmd) {
        StringBuilder sb = new StringBuilder();
        for (String a : cmd) {
            boolean plain = !a.isEmpty() && a.chars().allMatch(ch -> ch > ' ' && ch < 127 && ch != '"' && ch != '\'');
            sb.append(plain ? a : "\"" + a.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\x00").replace("\u00ff", "\\xff") + "\"").append(' ');
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] mutate(byte[] b, Random r) {
        int at = r.nextInt(b.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (r.nextInt(5)) {
            case 0 -> { // flip one byte to a random value
                byte[] c = b.clone();
                c[at] = (byte) r.nextInt(256);
                return c;
            }
            case 1 -> { // drop a run of bytes
                int len = 1 + r.nextInt(Math.min(8, b.length - at));
                out.write(b, 0, at);
                out.write(b, at + len, b.length - at - len);
            }
            case 2 -> { // insert a noise token
                out.write(b, 0, at);
                out.writeBytes(NOISE[r.nextInt(NOISE.length)].getBytes(StandardCharsets.ISO_8859_1));
                out.write(b, at, b.length - at);
            }
            case 3 -> { // duplicate a run
                int len = 1 + r.nextInt(Math.min(16, b.length - at));
                out.write(b, 0, at + len);
                out.write(b, at, b.length - at);
            }
            default -> { // cut short
                out.write(b, 0, at);
            }
        }
        return out.toByteArray();
    }
}
