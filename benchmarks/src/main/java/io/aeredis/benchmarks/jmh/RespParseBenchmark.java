package io.aeredis.benchmarks.jmh;

import io.aeredis.resp.RequestParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * RESP parsing of one pipelined batch: a query buffer holding {@code batch} multibulk requests
 * ({@code SET key:NNN value} or {@code GET key:NNN}, as redis-benchmark -P sends them) handed to
 * {@link RequestParser} exactly the way {@code Networking.processInputBuffer} does: parse from
 * the read position, stop on NEED_MORE, take argv/argc of each COMPLETE command, reset.
 *
 * <p>The score is nanoseconds per batch; jmh.sh's table divides by {@code batch} for the cost
 * per command, and {@code -prof gc}'s {@code gc.alloc.rate.norm} likewise gives bytes per batch
 * (the design goal: only the argument byte arrays, 24 bytes each for these short arguments).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RespParseBenchmark {
    @Param({"16", "64"})
    public int batch;

    @Param({"SET", "GET"})
    public String command;

    private byte[] querybuf;
    private int qbLen;
    private final RequestParser parser = new RequestParser();

    @Setup
    public void setup() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < batch; i++) {
            String key = String.format("key:%03d", i);
            String[] args = command.equals("SET") ? new String[] {"SET", key, "value"} : new String[] {"GET", key};
            out.writeBytes(multibulk(args));
        }
        byte[] bytes = out.toByteArray();
        // A query buffer bigger than its content, like the client's 16 KB querybuf.
        querybuf = new byte[Math.max(16 * 1024, bytes.length)];
        System.arraycopy(bytes, 0, querybuf, 0, bytes.length);
        qbLen = bytes.length;
        parser.setMaxBulkLen(RequestParser.DEFAULT_PROTO_MAX_BULK_LEN);
        if (parseBatch(null) != batch) throw new IllegalStateException("the batch did not parse into " + batch + " commands");
    }

    /** processInputBuffer's loop, with "run the command" replaced by handing argv to the blackhole. */
    @Benchmark
    public int parseBatch(Blackhole bh) {
        RequestParser p = parser;
        byte[] buf = querybuf;
        int qbPos = 0;
        int commands = 0;
        while (qbPos < qbLen) {
            p.setAuthRequired(false);
            qbPos = p.parse(buf, qbPos, qbLen);
            int status = p.status();
            if (status == RequestParser.NEED_MORE) break;
            if (status == RequestParser.ERROR) throw new IllegalStateException(p.errorMessage());
            if (p.argc() > 0) {
                if (bh != null) bh.consume(p.argv());
                commands++;
            }
            p.reset();
        }
        return commands;
    }

    static byte[] multibulk(String... args) {
        StringBuilder sb = new StringBuilder();
        sb.append('*').append(args.length).append("\r\n");
        for (String a : args) sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
