package io.aeredis.clicompat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Runs redis-cli and redis-benchmark as separate processes. Output goes to files (no pipes to
 * drain, no reader threads), and every process started here is killed, with its children, when
 * it is done or when the test gives up on it.
 */
public final class Tools {
    private Tools() { }

    /** What a finished (or stopped) process printed. */
    public record Result(List<String> command, int exit, String out, String err) {
        /** For assertion messages. */
        public String describe() {
            return String.join(" ", command) + "\n  exit=" + exit + "\n  stdout:\n" + out + "\n  stderr:\n" + err;
        }
    }

    /** The absolute path of a tool the tests need; fails (never skips) with how to get it. */
    public static String require(String name) {
        for (String dir : new String[] {"/usr/bin", "/usr/local/bin"}) {
            File f = new File(dir, name);
            if (f.canExecute()) return f.getAbsolutePath();
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                File f = new File(dir, name);
                if (f.canExecute()) return f.getAbsolutePath();
            }
        }
        String pkg = name.equals("redis-server") ? "redis-server" : name.startsWith("redis") ? "redis-tools" : "util-linux/coreutils";
        throw new AssertionError(name + " is not installed: these tests drive the real tool. "
                + "Run bin/aeredis-test (it apt-get installs " + pkg + ") or install it yourself.");
    }

    /** {@code redis-cli -p PORT args...}. */
    public static List<String> cli(Target t, String... args) {
        List<String> cmd = new ArrayList<>(List.of(require("redis-cli"), "-p", Integer.toString(t.port())));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** {@code redis-benchmark -p PORT args...}. */
    public static List<String> benchmark(Target t, String... args) {
        List<String> cmd = new ArrayList<>(List.of(require("redis-benchmark"), "-p", Integer.toString(t.port())));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs a command to completion with {@code stdin} (null: none) and a deadline; a hang fails the test. */
    public static Result run(List<String> cmd, byte[] stdin, Duration timeout) {
        Path in = null;
        try {
            if (stdin != null) {
                in = Files.createTempFile("clicompat-stdin", ".txt");
                Files.write(in, stdin);
            }
            return runWithInput(cmd, in, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (in != null) in.toFile().delete();
        }
    }

    public static Result run(List<String> cmd) {
        return run(cmd, null, Duration.ofSeconds(60));
    }

    /** Runs a command with its stdin read from a file (e.g. redis-cli --pipe). */
    public static Result runWithInput(List<String> cmd, Path stdinFile, Duration timeout) {
        try (Running r = start(cmd, stdinFile)) {
            if (!r.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Result partial = r.stop();
                throw new AssertionError("did not finish within " + timeout + ": " + partial.describe());
            }
            return r.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts a long-running command (stdout/stderr to files) to be polled and stopped. */
    public static Running start(List<String> cmd, Path stdinFile) {
        try {
            return new Running(cmd, stdinFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Prefix for the tools that loop until killed (--stat, --latency-history...): with stdout a
     * file, stdio would buffer their lines until exit, and a killed process flushes nothing.
     * stdbuf (coreutils) makes stdout line-buffered.
     */
    public static List<String> lineBuffered(List<String> cmd) {
        List<String> c = new ArrayList<>(List.of(require("stdbuf"), "-oL", "-eL"));
        c.addAll(cmd);
        return c;
    }

    /** A started process whose output files can be polled while it runs. */
    public static final class Running implements AutoCloseable {
        final List<String> command;
        final Process process;
        private final Path out;
        private final Path err;

        private Running(List<String> cmd, Path stdinFile) throws IOException {
            this.command = List.copyOf(cmd);
            this.out = Files.createTempFile("clicompat-out", ".txt");
            this.err = Files.createTempFile("clicompat-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(stdinFile != null ? ProcessBuilder.Redirect.from(stdinFile.toFile())
                            : ProcessBuilder.Redirect.from(new File("/dev/null")));
            // Nothing from the developer's environment changes what redis-cli does.
            pb.environment().remove("REDISCLI_AUTH");
            pb.environment().remove("REDISCLI_CLUSTER_YES");
            pb.environment().put("REDISCLI_HISTFILE", "/dev/null");
            pb.environment().put("REDISCLI_RCFILE", "/dev/null");
            this.process = pb.start();
        }

        /** Everything written to stdout so far, one char per byte (ISO-8859-1: binary replies survive). */
        public String out() {
            return read(out);
        }

        public String err() {
            return read(err);
        }

        /** Polls stdout until {@code done} holds (true) or the timeout passes or the process ends (false). */
        public boolean awaitOutput(Predicate<String> done, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (done.test(out())) return true;
                if (!process.isAlive()) return done.test(out());
                Thread.sleep(25);
            }
            return false;
        }

        /** Ends the process (SIGTERM, then SIGKILL) if it is still running, and returns its output. */
        public Result stop() {
            int exit = kill(process);
            return new Result(command, exit, out(), err());
        }

        @Override
        public void close() {
            kill(process);
            out.toFile().delete();
            err.toFile().delete();
        }

        private static String read(Path p) {
            try {
                return Files.readString(p, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** SIGTERM to the process and its descendants, then SIGKILL what is left; returns the exit status. */
    static int kill(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        if (p.isAlive()) p.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            for (ProcessHandle c : children) {
                if (c.isAlive()) c.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return p.isAlive() ? -1 : p.exitValue();
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temp directory left behind is not a test failure.
        }
    }
}
