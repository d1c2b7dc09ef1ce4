package io.aeredis.resp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Client side: encodes a command as a RESP multibulk request ("*argc" then "$len" bulks), the
 * way redis-cli and client libraries send commands. For tests, benchmarks and the differential
 * harness.
 */
public final class RequestEncoder {
    private RequestEncoder() {}

    /** The multibulk request for {@code args} (each arg as UTF-8). */
    public static byte[] command(String... args) {
        byte[][] b = new byte[args.length][];
        for (int i = 0; i < args.length; i++) b[i] = args[i].getBytes(StandardCharsets.UTF_8);
        return command(b);
    }

    /** The multibulk request for binary {@code args}. */
    public static byte[] command(byte[]... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + args.length * 16);
        byte[] num = new byte[24];
        out.write(num, 0, ReplyBuffer.encodeLongWithPrefix(num, 0, (byte) '*', args.length));
        for (byte[] a : args) {
            out.write(num, 0, ReplyBuffer.encodeLongWithPrefix(num, 0, (byte) '$', a.length));
            out.write(a, 0, a.length);
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }
}
