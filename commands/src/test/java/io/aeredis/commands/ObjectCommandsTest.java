package io.aeredis.commands;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The string encodings and shared integers OBJECT reports, as tryObjectEncoding decides them. */
class ObjectCommandsTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void integersNeedCanonicalFormWithinLongRange() {
        assertEquals("int", ObjectCommands.stringEncoding(b("0")));
        assertEquals("int", ObjectCommands.stringEncoding(b("-9223372036854775808")));
        assertEquals("int", ObjectCommands.stringEncoding(b("9223372036854775807")));
        assertEquals("embstr", ObjectCommands.stringEncoding(b("9223372036854775808")));
        assertEquals("embstr", ObjectCommands.stringEncoding(b("01")));
        assertEquals("embstr", ObjectCommands.stringEncoding(b("-0")));
        assertEquals("embstr", ObjectCommands.stringEncoding(b("+1")));
        assertEquals("embstr", ObjectCommands.stringEncoding(b(" 1")));
    }

    @Test
    void embstrUpTo44Bytes() {
        assertEquals("embstr", ObjectCommands.stringEncoding(new byte[0]));
        assertEquals("embstr", ObjectCommands.stringEncoding(new byte[44]));
        assertEquals("raw", ObjectCommands.stringEncoding(new byte[45]));
    }

    @Test
    void sharedIntegersAreZeroTo9999() {
        assertTrue(ObjectCommands.isSharedInteger(b("0")));
        assertTrue(ObjectCommands.isSharedInteger(b("9999")));
        assertFalse(ObjectCommands.isSharedInteger(b("10000")));
        assertFalse(ObjectCommands.isSharedInteger(b("-1")));
        assertFalse(ObjectCommands.isSharedInteger(b("007")));
        assertFalse(ObjectCommands.isSharedInteger(new Object()));
    }

    @Test
    void objectCommandRepliesThroughTheTable() {
        RedisCore core = new RedisCore(1);
        Commands.registerAll(core.commands);
        Client c = new Client(1, core);
        c.db.setKey(b("k"), b("123"), false);
        run(core, c, "OBJECT", "ENCODING", "k");
        run(core, c, "OBJECT", "REFCOUNT", "k");
        run(core, c, "OBJECT", "ENCODING", "missing");
        assertEquals("$3\r\nint\r\n:2147483647\r\n$-1\r\n", drain(c));
    }

    private static void run(RedisCore core, Client c, String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) argv[i] = b(args[i]);
        c.argv = argv;
        c.argc = argv.length;
        RedisCommand cmd = core.commands.lookupCommand(argv, argv.length);
        cmd.proc.call(c);
    }

    private static String drain(Client c) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        c.reply.writeTo((src, off, len) -> {
            out.write(src, off, len);
            return len;
        }, Long.MAX_VALUE);
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
