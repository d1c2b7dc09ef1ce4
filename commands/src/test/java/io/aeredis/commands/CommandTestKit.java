package io.aeredis.commands;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test support for the command-table tests: runs a command line through a table the way the
 * dispatcher would (lookupCommand, then the proc) and decodes the reply bytes.
 * Decoded values: bulk → String, integer → Long, status → {@link Status}, error → {@link Err},
 * RESP3 set → {@link RSet}, array → List, map → LinkedHashMap, null → null.
 */
final class CommandTestKit {
    private CommandTestKit() {}

    record Status(String s) {}

    record Err(String s) {}

    record RSet(List<Object> items) {}

    static Status st(String s) { return new Status(s); }

    static RSet set(Object... items) { return new RSet(List.of(items)); }

    static Client client(RedisCore core, int resp) {
        Client c = new Client(1, core);
        c.reply.setResp(resp);
        return c;
    }

    /** Runs one command and returns the raw reply bytes. */
    static byte[] callRaw(Client c, String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        c.argv = argv;
        c.argc = argv.length;
        RedisCommand cmd = c.server.commands.lookupCommand(argv, argv.length);
        if (cmd == null || cmd.proc == null) throw new AssertionError("no command for " + String.join(" ", args));
        c.cmd = cmd;
        cmd.proc.call(c);
        return drain(c);
    }

    static Object call(Client c, String... args) {
        byte[] raw = callRaw(c, args);
        Decoder d = new Decoder(raw);
        Object v = d.read();
        if (d.pos != raw.length) throw new AssertionError("trailing bytes after reply: " + ascii(raw));
        return v;
    }

    static byte[] drain(Client c) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        c.reply.writeTo((src, off, len) -> {
            bos.write(src, off, len);
            return len;
        }, Long.MAX_VALUE);
        return bos.toByteArray();
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        if (o instanceof RSet s) return s.items;
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    static Map<Object, Object> map(Object o) {
        return (Map<Object, Object>) o;
    }

    /** RESP2 map replies are flat arrays: pair them up into a map. */
    static Map<Object, Object> pairs(Object o) {
        List<Object> l = list(o);
        if (l.size() % 2 != 0) throw new AssertionError("odd length for a map: " + l);
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < l.size(); i += 2) m.put(l.get(i), l.get(i + 1));
        return m;
    }

    static final class Decoder {
        final byte[] b;
        int pos;

        Decoder(byte[] b) { this.b = b; }

        private String line() {
            int start = pos;
            while (!(b[pos] == '\r' && b[pos + 1] == '\n')) pos++;
            String s = new String(b, start, pos - start, StandardCharsets.UTF_8);
            pos += 2;
            return s;
        }

        Object read() {
            char t = (char) b[pos++];
            String l = line();
            switch (t) {
                case '+':
                    return new Status(l);
                case '-':
                    return new Err(l);
                case ':':
                    return Long.parseLong(l);
                case '_':
                    return null;
                case ',':
                    return Double.parseDouble(l);
                case '#':
                    return l.equals("t");
                case '$':
                case '=': {
                    int n = Integer.parseInt(l);
                    if (n < 0) return null;
                    String s = new String(b, pos, n, StandardCharsets.UTF_8);
                    pos += n + 2;
                    return s;
                }
                case '*':
                case '>':
                case '~': {
                    int n = Integer.parseInt(l);
                    if (n < 0) return null;
                    List<Object> items = new ArrayList<>();
                    for (int i = 0; i < n; i++) items.add(read());
                    return t == '~' ? new RSet(items) : items;
                }
                case '%': {
                    int n = Integer.parseInt(l);
                    Map<Object, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        Object k = read();
                        m.put(k, read());
                    }
                    return m;
                }
                default:
                    throw new AssertionError("bad RESP type " + t + " at " + (pos - 1));
            }
        }
    }
}
