package io.aeredis.resp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RespReaderTest {
    static byte[] b(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    /** An InputStream that hands out at most one byte per read, like a slow socket. */
    static InputStream trickle(byte[] data) {
        return new InputStream() {
            int i;
            @Override public int read() { return i < data.length ? data[i++] & 0xff : -1; }
            @Override public int read(byte[] dst, int off, int len) {
                if (i >= data.length) return -1;
                if (len == 0) return 0;
                dst[off] = data[i++];
                return 1;
            }
        };
    }

    @Test
    void readsEachReplyExactlyAsReceived() throws IOException {
        String[] replies = {
            "+OK\r\n", "-ERR bad thing\r\n", ":-42\r\n", "$5\r\na\r\nbc\r\n", "$-1\r\n", "*-1\r\n", "$0\r\n\r\n",
            "*3\r\n:1\r\n*2\r\n$1\r\nx\r\n*0\r\n\r\n+y\r\n".replace("*0\r\n\r\n", "*0\r\n"),
            "%2\r\n+a\r\n:1\r\n+b\r\n~2\r\n#t\r\n#f\r\n", "_\r\n", ",3.5\r\n", ",inf\r\n", "(123456789012345678901234567890\r\n",
            "=8\r\ntxt:hiya\r\n", "!9\r\nSYNTAX xx\r\n", ">3\r\n+message\r\n$2\r\nch\r\n$3\r\nmsg\r\n",
            "|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.5\r\n*2\r\n:1\r\n:2\r\n",
        };
        StringBuilder all = new StringBuilder();
        for (String r : replies) all.append(r);
        for (boolean slow : new boolean[] {false, true}) {
            byte[] bytes = b(all.toString());
            RespReader rr = new RespReader(slow ? trickle(bytes) : new ByteArrayInputStream(bytes));
            for (String r : replies) assertEquals(r, new String(rr.readReply(), StandardCharsets.ISO_8859_1));
            assertThrows(EOFException.class, rr::readReply);
        }
    }

    @Test
    void decodesEveryType() {
        assertEquals("OK", RespReader.decode(b("+OK\r\n")));
        RespReader.ErrorReply e = (RespReader.ErrorReply) RespReader.decode(b("-WRONGTYPE Operation\r\n"));
        assertEquals("WRONGTYPE Operation", e.message());
        assertEquals("WRONGTYPE", e.code());
        assertEquals(new RespReader.ErrorReply("SYNTAX x"), RespReader.decode(b("!8\r\nSYNTAX x\r\n")));
        assertEquals(-42L, RespReader.decode(b(":-42\r\n")));
        assertEquals("a\r\nb", RespReader.decode(b("$4\r\na\r\nb\r\n")));
        assertArrayEquals(new byte[] {(byte) 0xff, 0}, (byte[]) RespReader.decode(b("$2\r\n\u00ff\0\r\n"), true));
        assertNull(RespReader.decode(b("$-1\r\n")));
        assertNull(RespReader.decode(b("*-1\r\n")));
        assertNull(RespReader.decode(b("_\r\n")));
        assertEquals(true, RespReader.decode(b("#t\r\n")));
        assertEquals(false, RespReader.decode(b("#f\r\n")));
        assertEquals(1.5, RespReader.decode(b(",1.5\r\n")));
        assertEquals(Double.NEGATIVE_INFINITY, RespReader.decode(b(",-inf\r\n")));
        assertEquals(new BigInteger("-123456789012345678901234567890"), RespReader.decode(b("(-123456789012345678901234567890\r\n")));
        assertEquals("some text", RespReader.decode(b("=13\r\ntxt:some text\r\n")));
        assertEquals(List.of(1L, List.of("a", List.of()), "b"), RespReader.decode(b("*3\r\n:1\r\n*2\r\n$1\r\na\r\n*0\r\n+b\r\n")));
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put("a", 1L);
        m.put("b", Arrays.asList(2L, null));
        assertEquals(m, RespReader.decode(b("%2\r\n+a\r\n:1\r\n$1\r\nb\r\n*2\r\n:2\r\n_\r\n")));
        assertEquals(Set.of("x", "y"), RespReader.decode(b("~2\r\n+x\r\n+y\r\n")));
        assertEquals(new RespReader.Push(List.of("message", "ch")), RespReader.decode(b(">2\r\n+message\r\n+ch\r\n")));
        RespReader.Attributed a = (RespReader.Attributed) RespReader.decode(b("|1\r\n+k\r\n:7\r\n+v\r\n"));
        assertEquals(Map.of("k", 7L), a.attributes());
        assertEquals("v", a.value());
    }

    @Test
    void replyEndSaysIncompleteUntilTheLastByte() {
        byte[] r = b("*2\r\n$3\r\nfoo\r\n%1\r\n+a\r\n$-1\r\n");
        for (int i = 0; i < r.length; i++) assertEquals(-1, RespReader.replyEnd(r, 0, i), "prefix " + i);
        assertEquals(r.length, RespReader.replyEnd(r, 0, r.length));
    }

    @Test
    void malformedInputIsAProtocolError() {
        RespReader rr = new RespReader(new ByteArrayInputStream(b("hello\r\n")));
        assertThrows(ProtocolException.class, rr::readReply);
        assertThrows(IllegalArgumentException.class, () -> RespReader.decode(b("+OK\r\n+extra\r\n")));
        assertThrows(IllegalArgumentException.class, () -> RespReader.replyEnd(b("$?\r\n"), 0, 4));
    }

    @Test
    void readsReplyBufferOutputBackInBothProtocols() throws IOException {
        for (int resp = 2; resp <= 3; resp++) {
            ReplyBuffer rb = new ReplyBuffer();
            rb.setResp(resp);
            rb.addReplyStatus("OK");
            rb.addReplyError("boom");
            rb.addReplyLongLong(Long.MIN_VALUE);
            rb.addReplyBulkCString("héllo");
            rb.addReplyNull();
            rb.addReplyNullArray();
            rb.addReplyDouble(0.1);
            rb.addReplyBool(true);
            rb.addReplyVerbatim(b("text"), "txt");
            rb.addReplyBigNum("99999999999999999999");
            Object h = rb.addReplyDeferredLen();
            byte[] big = new byte[50_000];
            Arrays.fill(big, (byte) 'q');
            for (int i = 0; i < 3; i++) {
                rb.addReplyBulk(("k" + i).getBytes(StandardCharsets.US_ASCII));
                rb.addReplyBulk(big);
            }
            rb.setDeferredMapLen(h, 3);
            rb.addReplySetLen(2);
            rb.addReplyLongLong(1);
            rb.addReplyLongLong(2);
            byte[] out = ReplyBufferTest.drainBytes(rb);

            RespReader rr = new RespReader(new ByteArrayInputStream(out));
            List<Object> got = new ArrayList<>();
            while (true) {
                try {
                    got.add(rr.readValue());
                } catch (EOFException eof) {
                    break;
                }
            }
            assertEquals(12, got.size());
            assertEquals("OK", got.get(0));
            assertEquals(new RespReader.ErrorReply("ERR boom"), got.get(1));
            assertEquals(Long.MIN_VALUE, got.get(2));
            assertEquals("héllo", got.get(3));
            assertNull(got.get(4));
            assertNull(got.get(5));
            String bigs = "q".repeat(50_000);
            if (resp == 2) {
                assertEquals("0.10000000000000001", got.get(6));
                assertEquals(1L, got.get(7));
                assertEquals("99999999999999999999", got.get(9));
                assertEquals(List.of("k0", bigs, "k1", bigs, "k2", bigs), got.get(10));
                assertEquals(List.of(1L, 2L), got.get(11));
            } else {
                assertEquals(0.1, got.get(6));
                assertEquals(true, got.get(7));
                assertEquals(new BigInteger("99999999999999999999"), got.get(9));
                Map<?, ?> m = (Map<?, ?>) got.get(10);
                assertEquals(List.of("k0", "k1", "k2"), new ArrayList<>(m.keySet()));
                assertTrue(m.values().stream().allMatch(bigs::equals));
                assertEquals(Set.of(1L, 2L), got.get(11));
            }
            assertEquals("text", got.get(8));
            assertFalse(rr.hasBuffered());
        }
    }

    @Test
    void encodedCommandsParseBack() {
        byte[] req = RequestEncoder.command(new byte[][] {b("SET"), b("k"), b("v\r\n\0")});
        assertEquals("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\nv\r\n\0\r\n", new String(req, StandardCharsets.ISO_8859_1));
        RequestParser p = new RequestParser();
        assertEquals(req.length, p.parse(req, 0, req.length));
        assertEquals(RequestParser.COMPLETE, p.status());
        assertArrayEquals(b("v\r\n\0"), p.argv()[2]);
        assertArrayEquals(b("*1\r\n$4\r\nPING\r\n"), RequestEncoder.command("PING"));
    }
}
