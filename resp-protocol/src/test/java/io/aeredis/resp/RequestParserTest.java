package io.aeredis.resp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestParserTest {

    /** What a client's query buffer produced: commands (argc > 0) then maybe an error. */
    static final class Outcome {
        final List<List<String>> commands = new ArrayList<>();
        final List<Boolean> inline = new ArrayList<>();
        int emptyCommands;
        String error;

        @Override public String toString() { return commands + " empty=" + emptyCommands + " error=" + error; }

        @Override public boolean equals(Object o) {
            return o instanceof Outcome && toString().equals(o.toString()) && inline.equals(((Outcome) o).inline);
        }

        @Override public int hashCode() { return toString().hashCode(); }
    }

    /**
     * Feeds the pieces as a server would: appends each to a query buffer, parses while bytes
     * remain, keeps the unread bytes and moves them (to a shifting offset, behind junk) so the
     * parser cannot rely on absolute positions.
     */
    static Outcome feed(RequestParser p, byte[]... pieces) {
        Outcome out = new Outcome();
        byte[] qb = new byte[0];
        int pos = 0, end = 0;
        int shift = 0;
        for (byte[] piece : pieces) {
            // Compact: unread bytes + the new piece, placed after 'shift' junk bytes.
            int unread = end - pos;
            int off = shift++ % 5;
            byte[] nq = new byte[off + unread + piece.length];
            Arrays.fill(nq, 0, off, (byte) '*');
            System.arraycopy(qb, pos, nq, off, unread);
            System.arraycopy(piece, 0, nq, off + unread, piece.length);
            qb = nq;
            pos = off;
            end = nq.length;
            while (pos < end) {
                pos = p.parse(qb, pos, end);
                if (p.status() == RequestParser.NEED_MORE) break;
                if (p.status() == RequestParser.ERROR) {
                    out.error = p.errorMessage();
                    return out;
                }
                if (p.argc() == 0) {
                    out.emptyCommands++;
                } else {
                    List<String> cmd = new ArrayList<>();
                    for (int i = 0; i < p.argc(); i++) cmd.add(new String(p.argv()[i], StandardCharsets.ISO_8859_1));
                    out.commands.add(cmd);
                    out.inline.add(p.wasInline());
                }
                p.reset();
            }
        }
        return out;
    }

    static byte[] b(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    static String mbulk(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        return sb.toString();
    }

    static List<String> cmd(String... args) { return Arrays.asList(args); }

    static Outcome parseAll(String input) { return feed(new RequestParser(), b(input)); }

    static final String MIXED = mbulk("SET", "key", "value")
            + mbulk("SET", "bin", "a\r\nb\r\n\0\u00ff")
            + mbulk("SET", "empty", "")
            + "PING\r\n"
            + "  set  \"a\\x41\\n\\r\\t\\b\\a\\\"\\\\z\" 'it\\'s'  \r\n"
            + "\r\n"
            + "*0\r\n"
            + "*-1\r\n"
            + mbulk("ECHO", "x".repeat(300))
            + "echo a\"b c\"\n"
            + "*1\r\n$4\r\nPINGXY"
            + mbulk("LAST");

    @Test
    void mixedPipelineParsesToTheExpectedCommands() {
        Outcome o = parseAll(MIXED);
        assertNull(o.error);
        assertEquals(List.of(
                cmd("SET", "key", "value"),
                cmd("SET", "bin", "a\r\nb\r\n\0\u00ff"),
                cmd("SET", "empty", ""),
                cmd("PING"),
                cmd("set", "aA\n\r\t\b\u0007\"\\z", "it's"),
                cmd("ECHO", "x".repeat(300)),
                cmd("echo", "ab c"),
                cmd("PING"),
                cmd("LAST")), o.commands);
        assertEquals(List.of(false, false, false, true, true, false, true, false, false), o.inline);
        assertEquals(3, o.emptyCommands); // the blank inline line, *0 and *-1
    }

    @Test
    void everySplitPointGivesTheSameCommands() {
        String[] inputs = {
            MIXED,
            mbulk("MSET", "k1", "v\r\n1", "k2", "", "k3", "\r\n\r\n"),
            "SET \"quoted \\x00 value\" 'single \\' q'\r\nGET k\nDEL a b c\r\n",
            mbulk("A") + "INLINE x\r\n" + mbulk("B", "c"),
        };
        for (String input : inputs) {
            byte[] all = b(input);
            Outcome whole = feed(new RequestParser(), all);
            assertNull(whole.error);
            for (int i = 0; i <= all.length; i++) {
                Outcome split = feed(new RequestParser(),
                        Arrays.copyOfRange(all, 0, i), Arrays.copyOfRange(all, i, all.length));
                assertEquals(whole, split, "split at " + i + " of " + input);
            }
            // One parser reused across all splits too (state must fully reset between commands).
            RequestParser shared = new RequestParser();
            for (int i = 0; i <= all.length; i += 7) {
                assertEquals(whole, feed(shared, Arrays.copyOfRange(all, 0, i), Arrays.copyOfRange(all, i, all.length)));
            }
            byte[][] bytes = new byte[all.length][];
            for (int i = 0; i < all.length; i++) bytes[i] = new byte[] {all[i]};
            assertEquals(whole, feed(new RequestParser(), bytes), "byte by byte: " + input);
        }
    }

    @Test
    void inlineRequestsStillParseAfterTheIdleBuffersAreReleased() {
        RequestParser p = new RequestParser();
        byte[] in = b("SET a \"b c\"\r\n");
        assertEquals(in.length, p.parse(in, 0, in.length));
        assertEquals(cmd("SET", "a", "b c"), List.of(p.takeArgv()).stream().map(x -> new String(x, StandardCharsets.ISO_8859_1)).toList());
        p.reset();
        p.releaseIdleBuffers();
        byte[] again = b("GET 'x y'\r\n");
        assertEquals(again.length, p.parse(again, 0, again.length));
        assertEquals(cmd("GET", "x y"), List.of(p.takeArgv()).stream().map(x -> new String(x, StandardCharsets.ISO_8859_1)).toList());
    }

    @Test
    void argumentsAreFreshArraysOwnedByTheCommand() {
        RequestParser p = new RequestParser();
        byte[] in = b(mbulk("GET", "k"));
        assertEquals(in.length, p.parse(in, 0, in.length));
        byte[][] argv = p.takeArgv();
        assertEquals(2, argv.length);
        Arrays.fill(in, (byte) 'z');
        assertArrayEquals(b("GET"), argv[0]);
        assertArrayEquals(b("k"), argv[1]);
        p.reset();
        assertEquals(0, p.argc());
        assertNull(p.argv()[0]);
    }

    @Test
    void manyArgumentsGrowArgv() {
        String[] args = new String[3000];
        for (int i = 0; i < args.length; i++) args[i] = "a" + i;
        Outcome o = parseAll(mbulk(args));
        assertEquals(List.of(Arrays.asList(args)), o.commands);
    }

    @Test
    void parseReturnsPositionsAndStatus() {
        RequestParser p = new RequestParser();
        byte[] in = b("*2\r\n$3\r\nGET\r\n$1\r\nk");
        int pos = p.parse(in, 0, in.length);
        assertEquals(RequestParser.NEED_MORE, p.status());
        assertEquals(in.length - 1, pos); // consumed up to the pending argument's data
        assertEquals(1, p.argc());
        assertEquals(1, p.bulklen());
        assertEquals(2, p.pendingBulkLen()); // "k" is there, its \r\n is missing... k + CRLF = 3, 1 buffered
        assertEquals(RequestParser.NEED_MORE, p.status());
    }

    @Test
    void pendingBulkLenTellsTheMissingBytesOfABigArgument() {
        RequestParser p = new RequestParser();
        byte[] in = b("*1\r\n$100000\r\n" + "x".repeat(1000));
        int pos = p.parse(in, 0, in.length);
        assertEquals(in.length - 1000, pos);
        assertEquals(100_002 - 1000, p.pendingBulkLen());
        p.reset();
        assertEquals(0, p.pendingBulkLen());
    }

    @Test
    void trailingBytesOfABulkAreNotChecked() {
        assertEquals(List.of(cmd("foo"), cmd("PING")), parseAll("*1\r\n$3\r\nfooXY*1\r\n$4\r\nPING\r\n").commands);
        // Nor is the byte after the '\r' of the count and length lines.
        assertEquals(List.of(cmd("PING")), parseAll("*1\rX$4\rXPINGXY").commands);
    }

    @Test
    void emptyMultibulkCountsGiveEmptyCommands() {
        RequestParser p = new RequestParser();
        byte[] in = b("*-1\r\n");
        assertEquals(5, p.parse(in, 0, in.length));
        assertEquals(RequestParser.COMPLETE, p.status());
        assertEquals(0, p.argc());
        p.reset();
        in = b("*0\r\n");
        assertEquals(4, p.parse(in, 0, in.length));
        assertEquals(RequestParser.COMPLETE, p.status());
        assertEquals(0, p.argc());
        assertFalse(p.wasInline());
    }

    @Test
    void inlineBlankLinesAreEmptyCommands() {
        Outcome o = parseAll("\r\n\n  \t \nPING\n");
        assertEquals(3, o.emptyCommands);
        assertEquals(List.of(cmd("PING")), o.commands);
    }

    @Test
    void inlineSplittingFollowsSdssplitargs() {
        assertEquals(List.of(cmd("ECHO", "x4")), parseAll("ECHO \"\\x4\"\r\n").commands); // not a full \xHH
        assertEquals(List.of(cmd("ECHO", "a\\")), parseAll("ECHO \"a\\\\\"\r\n").commands);
        assertEquals(List.of(cmd("ECHO", "a\fb")), parseAll("ECHO a\fb\r\n").commands); // \f does not end a word
        assertEquals(List.of(cmd("ECHO\u000bx")), parseAll("ECHO\u000bx\r\n").commands);
        assertEquals(List.of(cmd("ECHO", "x")), parseAll("ECHO \"x\"\u000b\r\n").commands); // but follows a quote
        assertEquals(List.of(cmd("a\\b", "c\\d")), parseAll("a\\b 'c\\d'\n").commands);
        // "a b\r\r\n": one '\r' is dropped, the other ends the word "b".
        assertEquals(List.of(cmd("a", "b")), parseAll("a b\r\r\n").commands);
        assertEquals(List.of(cmd("\u00ff\u0000")), parseAll("\"\\xff\\x00\"\n").commands);
        assertEquals(List.of(cmd("")), parseAll("\"\"\n").commands);
        assertEquals(List.of(cmd("", "")), parseAll("'' \"\"\n").commands);
    }

    @Test
    void inlineNulByteHidesTheNewlineLikeStrchr() {
        RequestParser p = new RequestParser();
        byte[] in = b("ECHO a\0b\r\n");
        assertEquals(0, p.parse(in, 0, in.length));
        assertEquals(RequestParser.NEED_MORE, p.status());
    }

    // ------------------------------------------------------------------ errors

    static String error(String input) {
        Outcome o = parseAll(input);
        return o.error;
    }

    static String error(RequestParser p, String input) {
        return feed(p, b(input)).error;
    }

    @Test
    void multibulkCountErrors() {
        for (String bad : new String[] {"*abc\r\n", "*3000000000\r\n", "*2147483648\r\n", "*+1\r\n", "*01\r\n",
                "* 1\r\n", "*1 \r\n", "*\r\n", "*-\r\n", "*-0\r\n", "*99999999999999999999\r\n"}) {
            assertEquals("Protocol error: invalid multibulk length", error(bad), bad);
        }
        // INT_MAX itself is accepted (then waits for arguments).
        RequestParser p = new RequestParser();
        byte[] in = b("*2147483647\r\n");
        assertEquals(in.length, p.parse(in, 0, in.length));
        assertEquals(RequestParser.NEED_MORE, p.status());
    }

    @Test
    void tooBigMbulkCountString() {
        String digits = "1".repeat(RequestParser.PROTO_INLINE_MAX_SIZE - 1);
        RequestParser p = new RequestParser();
        byte[] in = b("*" + digits); // exactly 64 KB buffered: keep waiting
        p.parse(in, 0, in.length);
        assertEquals(RequestParser.NEED_MORE, p.status());
        in = b("*" + digits + "1");
        p.parse(in, 0, in.length);
        assertEquals(RequestParser.ERROR, p.status());
        assertEquals("Protocol error: too big mbulk count string", p.errorMessage());
    }

    @Test
    void tooBigBulkCountString() {
        String head = "*1\r\n";
        String filler = "$" + "1".repeat(RequestParser.PROTO_INLINE_MAX_SIZE - 1);
        assertNull(error(head + filler));
        assertEquals("Protocol error: too big bulk count string", error(head + filler + "1"));
    }

    @Test
    void tooBigInlineRequest() {
        String line = "x".repeat(RequestParser.PROTO_INLINE_MAX_SIZE);
        assertNull(error(line));
        assertEquals("Protocol error: too big inline request", error(line + "x"));
        assertEquals(List.of(cmd(line + "x")), parseAll(line + "x\n").commands); // whole line present: fine
    }

    @Test
    void expectedDollar() {
        assertEquals("Protocol error: expected '$', got 'f'", error("*1\r\nfoo\r\n"));
        assertEquals("Protocol error: expected '$', got '\r'", error("*1\r\n\r\n\r\n"));
        RequestParser p = new RequestParser();
        assertEquals("Protocol error: expected '$', got '\u00ff'", error(p, "*1\r\n\u00ff3\r\n"));
        assertArrayEquals(new byte[] {'\'', (byte) 0xff, '\''},
                Arrays.copyOfRange(p.errorMessageBytes(), p.errorMessageBytes().length - 3, p.errorMessageBytes().length));
        assertEquals("Protocol error: expected '$', got '*'", error(mbulk("A", "B").substring(0, 11) + "*1\r\n"));
    }

    @Test
    void invalidBulkLength() {
        for (String bad : new String[] {"$-1", "$abc", "$01", "$+1", "$", "$ 1", "$-0", "$536870913"}) {
            assertEquals("Protocol error: invalid bulk length", error("*1\r\n" + bad + "\r\n"), bad);
        }
        assertNull(error("*1\r\n$536870912\r\n")); // the default proto-max-bulk-len itself is allowed
        RequestParser p = new RequestParser();
        p.setMaxBulkLen(10);
        assertEquals("Protocol error: invalid bulk length", error(p, "*1\r\n$11\r\n"));
        p = new RequestParser();
        p.setMaxBulkLen(10);
        assertEquals(List.of(cmd("0123456789")), feed(p, b(mbulk("0123456789"))).commands);
    }

    @Test
    void unauthenticatedLimits() {
        RequestParser p = new RequestParser();
        p.setAuthRequired(true);
        assertEquals("Protocol error: unauthenticated multibulk length", error(p, "*11\r\n"));
        p = new RequestParser();
        p.setAuthRequired(true);
        assertEquals("Protocol error: unauthenticated bulk length", error(p, "*1\r\n$16385\r\n"));
        p = new RequestParser();
        p.setAuthRequired(true);
        String[] ten = new String[10];
        Arrays.fill(ten, "x".repeat(16384));
        Outcome o = feed(p, b(mbulk(ten)));
        assertNull(o.error);
        assertEquals(1, o.commands.size());
        // Lifting the requirement (AUTH succeeded) lifts the limits.
        p.setAuthRequired(false);
        assertNull(error(p, "*11\r\n$16385\r\n"));
        // The invalid check comes first.
        p = new RequestParser();
        p.setAuthRequired(true);
        assertEquals("Protocol error: invalid bulk length", error(p, "*1\r\n$-5\r\n"));
    }

    @Test
    void unbalancedQuotes() {
        for (String bad : new String[] {"SET \"a\r\n", "SET 'a\r\n", "SET \"a\"b\r\n", "SET 'a'b\n", "ECHO \"a\\\"\r\n",
                "\"\n", "'\\'\n", "x \"\\x4\n"}) {
            assertEquals("Protocol error: unbalanced quotes in request", error(bad), bad);
        }
    }

    @Test
    void errorIsStickyUntilReset() {
        RequestParser p = new RequestParser();
        byte[] in = b("*x\r\n");
        p.parse(in, 0, in.length);
        assertEquals(RequestParser.ERROR, p.status());
        byte[] ok = b("PING\r\n");
        p.parse(ok, 0, ok.length);
        assertEquals(RequestParser.ERROR, p.status());
        p.reset();
        assertEquals(ok.length, p.parse(ok, 0, ok.length));
        assertEquals(RequestParser.COMPLETE, p.status());
        assertNull(p.errorMessage());
    }

    @Test
    void largeBinaryArgumentAcrossManyReads() {
        byte[] value = new byte[1 << 20];
        for (int i = 0; i < value.length; i++) value[i] = (byte) (i * 31);
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.writeBytes(b("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + value.length + "\r\n"));
        req.writeBytes(value);
        req.writeBytes(b("\r\n"));
        byte[] all = req.toByteArray();
        List<byte[]> pieces = new ArrayList<>();
        for (int i = 0; i < all.length; i += 16 * 1024) pieces.add(Arrays.copyOfRange(all, i, Math.min(all.length, i + 16 * 1024)));
        RequestParser p = new RequestParser();
        Outcome o = feed(p, pieces.toArray(new byte[0][]));
        assertEquals(1, o.commands.size());
        assertArrayEquals(value, o.commands.get(0).get(2).getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(o.error == null);
    }
}
