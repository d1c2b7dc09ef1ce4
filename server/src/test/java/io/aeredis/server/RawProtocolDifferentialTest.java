package io.aeredis.server;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Byte-level differential test of the request parser: the same raw bytes (valid, malformed,
 * inline, pipelined) go to redis-server 7.0 and to aeredis, the client half-closes, and the
 * whole byte stream each server sends back before closing must be identical. Inputs are
 * written with C escapes (\r \n \x00 \\ \").
 */
@Timeout(120)
class RawProtocolDifferentialTest extends DifferentialTestBase {

    @ParameterizedTest
    @ValueSource(strings = {
        "PING\\r\\n",
        "PING\\n",
        "   PING   \\r\\n",
        "\\r\\n\\r\\n\\nPING\\r\\n",
        "*0\\r\\n*-1\\r\\nPING\\r\\n",
        "*1\\r\\n$4\\r\\nPING\\r\\n*2\\r\\n$4\\r\\nECHO\\r\\n$0\\r\\n\\r\\n",
        "*2\\r\\n$4\\r\\nECHO\\r\\n$3\\r\\nfooXY",
        "*2\\r\\n$4\\r\\nECHO\\r\\n$3\\r\\nfoo\\r\\nPING\\r\\n",
        "*abc\\r\\n",
        "*1\\r\\nx\\r\\n",
        "*1\\r\\n$-1\\r\\n",
        "*1\\r\\n$abc\\r\\n",
        "*1\\r\\n$+1\\r\\n",
        "*1\\r\\n$01\\r\\n",
        "*01\\r\\n",
        "*+1\\r\\n",
        "*3000000000\\r\\n",
        "*1\\r\\n$536870913\\r\\n",
        "*x\\r\\nPING\\r\\n",
        "PING\\r\\n*x\\r\\nPING\\r\\n",
        "ECHO \\\"unterminated\\r\\n",
        "ECHO \\\"a\\\"b\\r\\n",
        "ECHO 'it\\\\'s'\\r\\n",
        "ECHO 'unterminated\\r\\n",
        "ECHO \\\"\\\\x41\\\\x4g\\\\n\\\\t\\\\q\\\"\\r\\n",
        "ECHO \\\"\\\" ''\\r\\n",
        "SET k v\\r\\nGET k\\r\\nQUIT\\r\\nGET k\\r\\n",
        "GET\\r\\nSET\\r\\nFOO a b c\\r\\n",
        "echo\\x00hidden\\r\\nPING\\r\\n",
        "*2\\r\\n$4\\r\\necho\\r\\n$4\\r\\n\\xff\\xfe\\r\\n\\r\\n",
        "*1\\r\\n\\xff\\r\\n",
        "*3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\nk\\r\\n",
        "CLIENT SETNAME x y\\r\\nCLIENT NOPE\\r\\n",
        // Error texts quote arguments with C's %s: they stop at the first NUL byte.
        "*1\\r\\n$4\\r\\nPI\\x00N\\r\\n",
        "FOO \\\"a\\\\x00b\\\" \\\"\\\\xff\\\\x00\\\"\\r\\n",
        "CLIENT \\\"N\\\\x00OPE\\\"\\r\\n",
        "HELLO 3 \\\"X\\\\x00Y\\\"\\r\\n",
        "CONFIG SET \\\"no\\\\x00pe\\\" 1\\r\\n",
    })
    void sameBytesInSameBytesOut(String escaped) throws IOException {
        byte[] input = unescape(escaped);
        String want = exchange(servers.redis.port, input);
        String got = exchange(servers.aeredis.port(), input);
        assertTrue(want.startsWith("+OK\r\n"), "the reference must at least answer the FLUSHALL sent first");
        assertEquals(visible(want), visible(got), "input: " + escaped);
    }

    /**
     * A seeded differential fuzz of the request parser: requests built from valid pieces, then
     * mutated (bytes flipped, dropped or duplicated, lengths changed, cut short), must draw the
     * same bytes from both servers. The seed is printed on failure so a case can be replayed.
     */
    @org.junit.jupiter.api.RepeatedTest(300)
    void mutatedRequestsDrawIdenticalBytes(org.junit.jupiter.api.RepetitionInfo rep) throws IOException {
        long seed = 0x5EED_0000L + rep.getCurrentRepetition();
        byte[] input = FuzzRequests.generate(new java.util.Random(seed));
        String want = exchange(servers.redis.port, input);
        String got = exchange(servers.aeredis.port(), input);
        assertEquals(visible(want), visible(got), "seed " + seed + ", input: " + visible(new String(input, StandardCharsets.ISO_8859_1)));
    }

    /** Send, half-close, read until the server closes: the server answers what it can, then sees EOF. */
    private static String exchange(int port, byte[] input) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("FLUSHALL\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(input);
            s.getOutputStream().flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
            } catch (java.net.SocketException reset) {
                // a reset after the replies is the same as a close for this comparison
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '\\') {
                out.write(ch);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'x' -> {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> out.write(e);
            }
        }
        return out.toByteArray();
    }

    private static String visible(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n\n");
    }
}
