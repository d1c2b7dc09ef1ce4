package io.aeredis.resp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReplyBufferTest {
    /** Everything pending, through an unbounded sink. */
    static String drain(ReplyBuffer rb) {
        return new String(drainBytes(rb), StandardCharsets.ISO_8859_1);
    }

    static byte[] drainBytes(ReplyBuffer rb) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = rb.writeTo((b, off, len) -> { out.write(b, off, len); return len; }, Long.MAX_VALUE);
        assertEquals(out.size(), n);
        assertFalse(rb.hasPendingReplies());
        assertEquals(0, rb.pendingBytes());
        return out.toByteArray();
    }

    private static ReplyBuffer rb(int resp) {
        ReplyBuffer rb = new ReplyBuffer();
        rb.setResp(resp);
        return rb;
    }

    @Test
    void simpleTypesEncodeLikeRedis() {
        ReplyBuffer rb = rb(2);
        rb.addReplyStatus("OK");
        rb.addReplyError("unknown command");
        rb.addReplyError("-WRONGTYPE Operation against a key");
        rb.addReplyError("bad\r\nline");
        rb.addReplyError("");
        rb.addReplyLongLong(0);
        rb.addReplyLongLong(1);
        rb.addReplyLongLong(-1);
        rb.addReplyLongLong(1234567890123L);
        rb.addReplyLongLong(Long.MIN_VALUE);
        rb.addReplyLongLong(Long.MAX_VALUE);
        assertEquals("+OK\r\n-ERR unknown command\r\n-WRONGTYPE Operation against a key\r\n"
                + "-ERR bad  line\r\n-ERR \r\n:0\r\n:1\r\n:-1\r\n:1234567890123\r\n"
                + ":-9223372036854775808\r\n:9223372036854775807\r\n", drain(rb));
    }

    @Test
    void bulkStringsEncodeLengthAndBytes() {
        ReplyBuffer rb = rb(2);
        rb.addReplyBulk("foo".getBytes(StandardCharsets.UTF_8));
        rb.addReplyBulk(new byte[0]);
        rb.addReplyBulk("xxa\r\nbyy".getBytes(StandardCharsets.UTF_8), 2, 5);
        rb.addReplyBulkCString("héllo");
        rb.addReplyBulkCString(null);
        rb.addReplyBulkLongLong(-42);
        rb.addReplyBulkLongLong(Long.MIN_VALUE);
        rb.addReplyBulk(new byte[40]);
        String s = drain(rb);
        assertEquals("$3\r\nfoo\r\n$0\r\n\r\n$5\r\na\r\nby\r\n$6\r\nh\u00c3\u00a9llo\r\n$-1\r\n$3\r\n-42\r\n"
                + "$20\r\n-9223372036854775808\r\n$40\r\n" + "\0".repeat(40) + "\r\n", s);
    }

    @Test
    void resp2EncodingsOfResp3Types() {
        ReplyBuffer rb = rb(2);
        rb.addReplyNull();
        rb.addReplyNullArray();
        rb.addReplyArrayLen(3);
        rb.addReplyArrayLen(100);
        rb.addReplyMapLen(2);
        rb.addReplyMapLen(20);
        rb.addReplySetLen(5);
        rb.addReplyPushLen(3);
        rb.addReplyBool(true);
        rb.addReplyBool(false);
        rb.addReplyVerbatim("hi".getBytes(StandardCharsets.UTF_8), "txt");
        rb.addReplyBigNum("1234567890123456789012345678901234567890");
        rb.addReplyDouble(1.5);
        rb.addReplyDouble(0.1);
        rb.addReplyDouble(Double.POSITIVE_INFINITY);
        rb.addReplyDouble(Double.NEGATIVE_INFINITY);
        assertEquals("$-1\r\n*-1\r\n*3\r\n*100\r\n*4\r\n*40\r\n*5\r\n*3\r\n:1\r\n:0\r\n$2\r\nhi\r\n"
                + "$40\r\n1234567890123456789012345678901234567890\r\n$3\r\n1.5\r\n"
                + "$19\r\n0.10000000000000001\r\n$3\r\ninf\r\n$4\r\n-inf\r\n", drain(rb));
    }

    @Test
    void resp3Encodings() {
        ReplyBuffer rb = rb(3);
        rb.addReplyNull();
        rb.addReplyNullArray();
        rb.addReplyArrayLen(3);
        rb.addReplyMapLen(2);
        rb.addReplyMapLen(40);
        rb.addReplySetLen(5);
        rb.addReplySetLen(50);
        rb.addReplyPushLen(3);
        rb.addReplyBool(true);
        rb.addReplyBool(false);
        rb.addReplyVerbatim("hi".getBytes(StandardCharsets.UTF_8), "txt");
        rb.addReplyVerbatim("x".getBytes(StandardCharsets.UTF_8), "md");
        rb.addReplyBigNum("-12345678901234567890");
        rb.addReplyDouble(1.5);
        rb.addReplyDouble(3.0);
        rb.addReplyDouble(Double.POSITIVE_INFINITY);
        rb.addReplyDouble(Double.NEGATIVE_INFINITY);
        rb.addReplyLongLong(7);
        assertEquals("_\r\n_\r\n*3\r\n%2\r\n%40\r\n~5\r\n~50\r\n>3\r\n#t\r\n#f\r\n=6\r\ntxt:hi\r\n"
                + "=5\r\nmd :x\r\n(-12345678901234567890\r\n,1.5\r\n,3\r\n,inf\r\n,-inf\r\n:7\r\n",
                drain(rb));
    }

    @Test
    void bufFillsFirstThenOverflowGoesToTheList() {
        ReplyBuffer rb = rb(2);
        byte[] big = new byte[ReplyBuffer.PROTO_REPLY_CHUNK_BYTES - 10];
        Arrays.fill(big, (byte) 'a');
        rb.addReplyRaw(big);
        assertEquals(0, rb.listLength());
        assertEquals(big.length, rb.bufpos());
        rb.addReplyRaw("0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII));
        // The first 10 bytes complete buf, the other 6 open a 16 KB chunk.
        assertEquals(ReplyBuffer.PROTO_REPLY_CHUNK_BYTES, rb.bufpos());
        assertEquals(1, rb.listLength());
        assertEquals(ReplyBuffer.PROTO_REPLY_CHUNK_BYTES, rb.listBytes());
        assertEquals(ReplyBuffer.PROTO_REPLY_CHUNK_BYTES + 6, rb.pendingBytes());
        // A write bigger than a chunk: tail filled, then one chunk of exactly the remainder.
        byte[] huge = new byte[100_000];
        Arrays.fill(huge, (byte) 'h');
        rb.addReplyRaw(huge);
        assertEquals(2, rb.listLength());
        int rest = 100_000 - (ReplyBuffer.PROTO_REPLY_CHUNK_BYTES - 6);
        assertEquals(ReplyBuffer.PROTO_REPLY_CHUNK_BYTES + rest, rb.listBytes());
        String out = drain(rb);
        assertEquals("a".repeat(big.length) + "0123456789ABCDEF" + "h".repeat(100_000), out);
        assertEquals(0, rb.listBytes());
        assertEquals(0, rb.listLength());
    }

    @Test
    void bufIsAllocatedByTheFirstReplyAndGrowsByDoubling() {
        ReplyBuffer rb = rb(2);
        assertEquals(0, rb.bufSize());
        rb.addReplyStatus("PONG");
        assertEquals(ReplyBuffer.PROTO_REPLY_MIN_BYTES, rb.bufSize());
        assertEquals(7, rb.bufPeak());
        // A reply that does not fit doubles buf (pending bytes kept) rather than open a chunk.
        byte[] mid = new byte[3000];
        Arrays.fill(mid, (byte) 'm');
        rb.addReplyRaw(mid);
        assertEquals(4096, rb.bufSize());
        assertEquals(0, rb.listLength());
        assertEquals(3007, rb.bufPeak());
        assertEquals("+PONG\r\n" + "m".repeat(3000), drain(rb));
    }

    @Test
    void growingBufKeepsAPartlySentReplyInPlace() {
        ReplyBuffer rb = rb(2);
        rb.addReplyRaw("0123456789".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReplyBuffer.Sink four = (b, off, len) -> { int n = Math.min(len, 4); out.write(b, off, n); return n; };
        assertEquals(4, rb.writeTo(four, 4));
        byte[] big = new byte[5000];
        Arrays.fill(big, (byte) 'b');
        rb.addReplyRaw(big); // buf grows from 1 KB to 8 KB while 6 bytes of it are unsent
        assertEquals(8192, rb.bufSize());
        out.writeBytes(drainBytes(rb));
        assertEquals("0123456789" + "b".repeat(5000), out.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void cronShrinksBufToTheRecentPeakAndResetsThePeak() {
        ReplyBuffer rb = rb(2);
        byte[] big = new byte[12_000];
        rb.addReplyRaw(big);
        drain(rb);
        assertEquals(16384, rb.bufSize());
        // Peak 12000 is not under half of 16384: kept. The window is over: peak := bufpos (0).
        assertEquals(0, rb.clientsCronResizeOutputBuffer(10_000, 5000));
        assertEquals(16384, rb.bufSize());
        assertEquals(0, rb.bufPeak());
        rb.addReplyRaw(new byte[100]);
        // Peak 100: shrink to PROTO_REPLY_MIN_BYTES, keeping the 100 unsent bytes.
        assertEquals(16384 - 1024, rb.clientsCronResizeOutputBuffer(11_000, 5000));
        assertEquals(1024, rb.bufSize());
        assertEquals(100, rb.bufPeak()); // same window: peak kept
        assertEquals(100, drainBytes(rb).length);
        // Already at the floor: nothing to shrink.
        assertEquals(0, rb.clientsCronResizeOutputBuffer(12_000, 5000));
        assertEquals(1024, rb.bufSize());
    }

    @Test
    void cronShrinkStopsAtThePeakNotTheFloor() {
        ReplyBuffer rb = rb(2);
        rb.addReplyRaw(new byte[16_000]);
        drain(rb);
        rb.clientsCronResizeOutputBuffer(10_000, 5000); // new window, peak 0
        rb.addReplyRaw(new byte[3000]);
        rb.clientsCronResizeOutputBuffer(10_001, 5000);
        assertEquals(3001, rb.bufSize());
    }

    @Test
    void anEmptyBufIsReleasedAndComesBackOnTheNextReply() {
        ReplyBuffer rb = rb(2);
        rb.addReplyLongLong(12345);
        assertEquals(0, rb.releaseBufferIfEmpty()); // bytes pending: kept
        assertEquals(":12345\r\n", drain(rb));
        assertEquals(1024 + 128, rb.releaseBufferIfEmpty()); // buf and the scratch array
        assertEquals(0, rb.bufSize());
        rb.addReplyLongLong(678);
        assertEquals(1024, rb.bufSize());
        assertEquals(":678\r\n", drain(rb));
    }

    @Test
    void afterBufIsSentNewRepliesStartAtItsBeginning() {
        ReplyBuffer rb = rb(2);
        rb.addReplyStatus("OK");
        assertEquals("+OK\r\n", drain(rb));
        assertEquals(0, rb.bufpos());
        rb.addReplyLongLong(5);
        assertEquals(4, rb.bufpos());
        assertEquals(":5\r\n", drain(rb));
    }

    @Test
    void partialWritesResumeWhereTheyStopped() {
        ReplyBuffer rb = rb(2);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            rb.addReplyBulkCString("value-" + i);
            expected.append("$").append(("value-" + i).length()).append("\r\nvalue-").append(i).append("\r\n");
        }
        assertTrue(rb.listLength() > 0, "the replies overflowed buf");
        long total = expected.length();
        assertEquals(total, rb.pendingBytes());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] calls = {0};
        // A sink that accepts at most 7 bytes per call.
        ReplyBuffer.Sink sink = (b, off, len) -> {
            calls[0]++;
            int n = Math.min(len, 7);
            out.write(b, off, n);
            return n;
        };
        while (rb.hasPendingReplies()) {
            long before = rb.pendingBytes();
            long n = rb.writeTo(sink, 1000);
            // Whole segments may go through; a short write (7 < offered) ends the call.
            assertTrue(n > 0, "progress");
            assertEquals(before - n, rb.pendingBytes());
        }
        assertEquals(expected.toString(), out.toString(StandardCharsets.ISO_8859_1));
        assertEquals(0, rb.listBytes());
    }

    @Test
    void writeToHonoursMaxBytesAndCrossesSegments() {
        ReplyBuffer rb = rb(2);
        byte[] data = new byte[50_000];
        for (int i = 0; i < data.length; i++) data[i] = (byte) i;
        rb.addReplyRaw(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReplyBuffer.Sink sink = (b, off, len) -> { out.write(b, off, len); return len; };
        assertEquals(10_000, rb.writeTo(sink, 10_000));
        assertEquals(40_000, rb.pendingBytes());
        assertEquals(20_000, rb.writeTo(sink, 20_000)); // rest of buf, then into the first chunk
        assertEquals(20_000, rb.pendingBytes());
        assertEquals(20_000, rb.writeTo(sink, Long.MAX_VALUE));
        assertArrayEquals(data, out.toByteArray());
        assertFalse(rb.hasPendingReplies());
    }

    @Test
    void sinkErrorReturnsMinusOneAndZeroStops() {
        ReplyBuffer rb = rb(2);
        rb.addReplyStatus("OK");
        assertEquals(-1, rb.writeTo((b, o, l) -> -1, 100));
        assertEquals(0, rb.writeTo((b, o, l) -> 0, 100));
        assertEquals(5, rb.pendingBytes());
        assertEquals("+OK\r\n", drain(rb));
    }

    @Test
    void deferredLengthInBufOnlyGoesBeforeLaterData() {
        ReplyBuffer rb = rb(2);
        rb.addReplyStatus("first");
        Object h = rb.addReplyDeferredLen();
        rb.addReplyBulkCString("a");
        rb.addReplyBulkCString("b");
        rb.setDeferredArrayLen(h, 2);
        assertEquals("+first\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n", drain(rb));
    }

    @Test
    void deferredLengthFilledAfterSeveralKilobytes() {
        for (int resp = 2; resp <= 3; resp++) {
            ReplyBuffer rb = rb(resp);
            StringBuilder body = new StringBuilder();
            Object h = rb.addReplyDeferredLen();
            int n = 0;
            while (body.length() < 40_000) {
                String v = "element:" + n++;
                rb.addReplyBulkCString(v);
                body.append('$').append(v.length()).append("\r\n").append(v).append("\r\n");
            }
            rb.addReplyStatus("after");
            rb.setDeferredArrayLen(h, n);
            assertEquals("*" + n + "\r\n" + body + "+after\r\n", drain(rb));
        }
    }

    @Test
    void deferredMapAndSetLengthsAfterOverflow() {
        ReplyBuffer rb = rb(3);
        byte[] filler = new byte[20_000];
        Arrays.fill(filler, (byte) 'f');
        rb.addReplyBulk(filler); // fills buf and opens a chunk
        Object map = rb.addReplyDeferredLen();
        rb.addReplyBulkCString("k");
        Object set = rb.addReplyDeferredLen();
        for (int i = 0; i < 1000; i++) rb.addReplyLongLong(i + 100);
        rb.setDeferredSetLen(set, 1000);
        rb.setDeferredMapLen(map, 1);
        StringBuilder expected = new StringBuilder("$20000\r\n" + "f".repeat(20000) + "\r\n%1\r\n$1\r\nk\r\n~1000\r\n");
        for (int i = 0; i < 1000; i++) expected.append(':').append(i + 100).append("\r\n");
        assertEquals(expected.toString(), drain(rb));

        rb.setResp(2);
        rb.addReplyBulk(filler);
        map = rb.addReplyDeferredLen();
        set = rb.addReplyDeferredLen();
        rb.setDeferredSetLen(set, 0);
        rb.setDeferredMapLen(map, 40);
        assertEquals("$20000\r\n" + "f".repeat(20000) + "\r\n*80\r\n*0\r\n", drain(rb));
    }

    @Test
    void unfilledDeferredLengthBlocksWritingUntilSet() {
        ReplyBuffer rb = rb(2);
        rb.addReplyStatus("OK");
        Object h = rb.addReplyDeferredLen();
        rb.addReplyLongLong(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReplyBuffer.Sink sink = (b, off, len) -> { out.write(b, off, len); return len; };
        assertEquals(5, rb.writeTo(sink, 1000)); // buf only
        assertTrue(rb.hasPendingReplies());
        rb.setDeferredArrayLen(h, 1);
        rb.writeTo(sink, 1000);
        assertEquals("+OK\r\n*1\r\n:1\r\n", out.toString(StandardCharsets.ISO_8859_1));
        assertFalse(rb.hasPendingReplies());
    }

    @Test
    void clearDropsEverythingAndStaleHandlesAreIgnored() {
        ReplyBuffer rb = rb(2);
        rb.addReplyRaw(new byte[30_000]);
        Object h = rb.addReplyDeferredLen();
        rb.clear();
        assertFalse(rb.hasPendingReplies());
        assertEquals(0, rb.pendingBytes());
        assertEquals(0, rb.listBytes());
        rb.setDeferredArrayLen(h, 3);
        rb.addReplyStatus("OK");
        assertEquals("+OK\r\n", drain(rb));
    }

    @Test
    void discardedRepliesAreDropped() {
        ReplyBuffer rb = rb(2);
        rb.setDiscardReplies(true);
        rb.addReplyStatus("OK");
        rb.addReplyNull();
        Object h = rb.addReplyDeferredLen();
        rb.setDeferredArrayLen(h, 2);
        assertFalse(rb.hasPendingReplies());
        rb.setDiscardReplies(false);
        rb.addReplyLongLong(3);
        assertEquals(":3\r\n", drain(rb));
    }

    @Test
    void nonAsciiStatusAndErrorAreUtf8() {
        ReplyBuffer rb = rb(2);
        rb.addReplyStatus("é");
        rb.addReplyError("ü\nx");
        rb.addReplyErrorBytes(new byte[] {'-', 'E', ' ', (byte) 0xff, '\r'}, 0, 5);
        assertEquals("+\u00c3\u00a9\r\n-ERR \u00c3\u00bc x\r\n-E \u00ff \r\n", drain(rb));
    }
}
