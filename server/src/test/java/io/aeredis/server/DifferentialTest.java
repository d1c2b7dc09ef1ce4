package io.aeredis.server;

import io.aeredis.resp.SplitArgs;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The differential harness: every case file under {@code src/test/resources/differential/}
 * is a list of command sequences, sent to a real redis-server 7.0 and to aeredis, in RESP2 and
 * again in RESP3; every raw reply must be byte-identical.
 *
 * <p>Case file format: {@code ## name} starts a case (both servers get FLUSHALL and SELECT 0
 * first); every other non-blank, non-{@code #} line is one command, split like redis-cli
 * input (quotes and \x escapes allowed). A prefix changes how the reply is compared:
 * {@code ~} the reply is an array compared as a sorted multiset (KEYS); {@code ?} only the
 * reply type and aggregate length are compared (TIME, RANDOMKEY).
 */
@Timeout(300)
class DifferentialTest extends DifferentialTestBase {
    /** Every *.txt under src/test/resources/differential/, so a family adds a file and nothing else. */
    static final String[] CASE_FILES = caseFiles();

    private static String[] caseFiles() {
        try {
            java.net.URL dir = DifferentialTest.class.getResource("/differential/");
            if (dir == null) throw new IllegalStateException("no differential/ case directory on the test classpath");
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(java.nio.file.Path.of(dir.toURI()))) {
                return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".txt")).sorted().toArray(String[]::new);
            }
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    record Case(String file, String name, List<String> lines) {}

    @TestFactory
    List<DynamicTest> everyCaseGivesIdenticalReplies() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : CASE_FILES) {
            for (Case c : load(file)) {
                for (int resp : new int[]{2, 3}) {
                    tests.add(DynamicTest.dynamicTest(file + " :: " + c.name + " (RESP" + resp + ")", () -> run(c, resp)));
                }
            }
        }
        assertTrue(tests.size() >= 8, "case files were not found");
        return tests;
    }

    static List<Case> load(String file) throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = DifferentialTest.class.getResourceAsStream("/differential/" + file)) {
            if (in == null) throw new IOException("missing case file " + file);
            String name = null;
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String t = line.strip();
                if (t.startsWith("## ")) {
                    if (name != null) cases.add(new Case(file, name, lines));
                    name = t.substring(3).strip();
                    lines = new ArrayList<>();
                } else if (!t.isEmpty() && !t.startsWith("#")) {
                    if (name == null) throw new IOException(file + ": command before the first '## case'");
                    lines.add(t);
                }
            }
            if (name != null) cases.add(new Case(file, name, lines));
        }
        return cases;
    }

    private static void run(Case c, int resp) throws IOException {
        try (RawClient expected = new RawClient(servers.redis.port); RawClient actual = new RawClient(servers.aeredis.port())) {
            for (RawClient r : List.of(expected, actual)) {
                r.call("FLUSHALL");
                r.call("HELLO", Integer.toString(resp));
            }
            List<String> mismatches = new ArrayList<>();
            for (String line : c.lines) {
                char mode = line.charAt(0) == '~' || line.charAt(0) == '?' ? line.charAt(0) : '=';
                String command = mode == '=' ? line : line.substring(1).strip();
                byte[][] argv = SplitArgs.split(command.getBytes(StandardCharsets.UTF_8));
                if (argv == null || argv.length == 0) fail("bad command line in " + c.file + ": " + line);
                expected.sendCommand(argv);
                actual.sendCommand(argv);
                String want = expected.readReply();
                String got = actual.readReply();
                boolean same = switch (mode) {
                    case '~' -> sortedElements(want).equals(sortedElements(got));
                    case '?' -> shape(want).equals(shape(got));
                    default -> want.equals(got);
                };
                if (!same) mismatches.add(line + "\n    redis:   " + visible(want) + "\n    aeredis: " + visible(got));
            }
            assertEquals(List.of(), mismatches, c.file + " :: " + c.name + " (RESP" + resp + ")");
        }
    }

    /** The type byte plus the first header line: "*3", "$5", ":"... for shape-only comparison. */
    private static String shape(String reply) {
        char type = reply.charAt(0);
        if (type == '*' || type == '%' || type == '~' || type == '>') return reply.substring(0, reply.indexOf('\r'));
        return String.valueOf(type);
    }

    /** The lines of an array reply after its header, sorted: a multiset of element encodings. */
    private static List<String> sortedElements(String reply) {
        // Limit -1 keeps the empty line of a trailing "$0\r\n\r\n"; drop only the piece after the final CRLF.
        String[] all = reply.split("\r\n", -1);
        String[] lines = java.util.Arrays.copyOf(all, all.length - 1);
        List<String> elements = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].startsWith("$") && i + 1 < lines.length) {
                elements.add(lines[i] + "|" + lines[++i]);
            } else {
                elements.add(lines[i]);
            }
        }
        elements.sort(null);
        elements.add(0, lines[0]);
        return elements;
    }

    private static String visible(String s) {
        return s.replace("\r\n", "\\r\\n");
    }
}
