package io.aeredis.benchmarks.jmh;

import io.aeredis.resp.ReplyBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Reply encoding into a client's {@link ReplyBuffer}, RESP2 and RESP3, with the calls the
 * command procs make: GET's {@code addReplyBulk}, INCR's {@code addReplyLongLong}, LRANGE's
 * {@code addReplyArrayLen} followed by one {@code addReplyBulk(array, off, len)} per element
 * straight out of a packed listpack-like array, and ZSCORE's {@code addReplyDouble}.
 *
 * <p>Every invocation then empties the buffer with {@link ReplyBuffer#clear()} (a few field
 * stores), standing in for the write in beforeSleep, so each reply starts at the head of the
 * 16 KB {@code buf} as a reply to a single command does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReplyEncodeBenchmark {
    /** Elements in the LRANGE-like array reply. */
    static final int ARRAY_LEN = 100;
    /** Bytes per element of the array reply. */
    static final int ELEMENT_LEN = 10;

    @Param({"2", "3"})
    public int resp;

    private final ReplyBuffer reply = new ReplyBuffer();
    private final byte[] value = "hello world value".getBytes(StandardCharsets.US_ASCII);
    /** ARRAY_LEN elements of ELEMENT_LEN bytes back to back, like the entries of a listpack. */
    private final byte[] packed = new byte[ARRAY_LEN * ELEMENT_LEN];
    /** Not constants, so the JIT cannot fold the encodings. */
    private long integer = 1_234_567;
    private double fraction = 3.14159;
    private double integral = 42;

    @Setup
    public void setup() {
        reply.setResp(resp);
        for (int i = 0; i < ARRAY_LEN; i++) {
            byte[] e = String.format("element%03d", i).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(e, 0, packed, i * ELEMENT_LEN, ELEMENT_LEN);
        }
    }

    /** GET: "$17\r\nhello world value\r\n". */
    @Benchmark
    public int bulk() {
        reply.addReplyBulk(value);
        return drain();
    }

    /** INCR: ":1234567\r\n" (0 and 1 are shared constants; this goes through the digit loop). */
    @Benchmark
    public int integer() {
        reply.addReplyLongLong(integer);
        return drain();
    }

    /** LRANGE key 0 99 on a listpack-encoded list of 100 10-byte elements. */
    @Benchmark
    public int array100() {
        reply.addReplyArrayLen(ARRAY_LEN);
        for (int i = 0; i < ARRAY_LEN; i++) reply.addReplyBulk(packed, i * ELEMENT_LEN, ELEMENT_LEN);
        return drain();
    }

    /**
     * ZSCORE of a fractional score, printed with Redis 7.0's %.17g: RESP2
     * "$18\r\n3.1415899999999999\r\n", RESP3 ",3.1415899999999999\r\n".
     */
    @Benchmark
    public int doubleFraction() {
        reply.addReplyDouble(fraction);
        return drain();
    }

    /** ZSCORE of an integral score: RESP2 "$2\r\n42\r\n", RESP3 ",42\r\n". */
    @Benchmark
    public int doubleIntegral() {
        reply.addReplyDouble(integral);
        return drain();
    }

    /** The bytes encoded, then an empty buffer for the next invocation. */
    private int drain() {
        int n = reply.bufpos();
        reply.clear();
        return n;
    }
}
