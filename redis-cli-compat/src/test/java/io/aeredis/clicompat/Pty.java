package io.aeredis.clicompat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * redis-cli in interactive mode on a pseudo-terminal: util-linux {@code script -qfec CMD /dev/null}
 * gives it a pty (so linenoise edits lines, shows hints, and replies are formatted for a TTY) and
 * copies everything it prints to a file we poll. The terminal size is set with stty before
 * redis-cli starts: a pty without a size makes linenoise ask the terminal for the cursor position
 * and wait for an answer nobody sends.
 *
 * <p>Input is typed only when redis-cli shows a fresh prompt: linenoise has the terminal in raw
 * mode by then, so nothing is echoed by the kernel and the transcript is the same on every run
 * (and the same against redis-server as against aeredis).
 */
public final class Pty implements AutoCloseable {
    /** A new prompt at the start of a line: {@code 127.0.0.1:6379>}, {@code [2]} for a db, {@code (TX)} in MULTI. */
    private static final Pattern FRESH_PROMPT = Pattern.compile("(?:\\A|\\n)127\\.0\\.0\\.1:\\d+(?:\\[\\d+])?(?:\\(TX\\))?> \\z");
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;?]*[A-Za-z]");

    private final Process process;
    private final OutputStream keyboard;
    private final Path screen;
    private final Duration timeout;

    private Pty(Process process, Path screen, Duration timeout) {
        this.process = process;
        this.keyboard = process.getOutputStream();
        this.screen = screen;
        this.timeout = timeout;
    }

    /** Starts {@code redis-cli -p PORT args...} on a pty and waits for its first prompt. */
    public static Pty redisCli(Target t, String... args) {
        List<String> cli = Tools.cli(t, args);
        StringBuilder sh = new StringBuilder("stty cols 250 rows 50 && exec");
        for (String a : cli) sh.append(' ').append(shellQuote(a));
        Path screen = null;
        try {
            screen = Files.createTempFile("clicompat-pty", ".txt");
            ProcessBuilder pb = new ProcessBuilder(Tools.require("script"), "-qfec", sh.toString(), "/dev/null")
                    .redirectOutput(screen.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(screen.toFile()));
            pb.environment().put("TERM", "xterm");
            pb.environment().put("REDISCLI_HISTFILE", "/dev/null");
            pb.environment().put("REDISCLI_RCFILE", "/dev/null");
            pb.environment().remove("REDISCLI_AUTH");
            Pty pty = new Pty(pb.start(), screen, Duration.ofSeconds(30));
            try {
                pty.awaitFreshPrompt(0);
            } catch (RuntimeException | Error e) {
                pty.close();
                throw e;
            }
            return pty;
        } catch (IOException e) {
            if (screen != null) screen.toFile().delete();
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a non-interactive invocation ({@code redis-cli -p PORT args...}) with its stdout on a
     * terminal, types {@code keys} (may be empty) and returns the screen once it exits.
     */
    public static String runOnTty(Target t, String keys, String... args) throws InterruptedException {
        List<String> cli = Tools.cli(t, args);
        StringBuilder sh = new StringBuilder("stty cols 250 rows 50 && exec");
        for (String a : cli) sh.append(' ').append(shellQuote(a));
        Path screen;
        try {
            screen = Files.createTempFile("clicompat-tty", ".txt");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder pb = new ProcessBuilder(Tools.require("script"), "-qfec", sh.toString(), "/dev/null")
                .redirectOutput(screen.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(screen.toFile()));
        pb.environment().put("TERM", "xterm");
        pb.environment().remove("REDISCLI_AUTH");
        Pty pty;
        try {
            pty = new Pty(pb.start(), screen, Duration.ofSeconds(60));
        } catch (IOException e) {
            screen.toFile().delete();
            throw new UncheckedIOException(e);
        }
        try {
            if (!keys.isEmpty()) pty.send(keys);
            // stdin stays open until the end: script ends the session when its input closes.
            if (!pty.process.waitFor(pty.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("redis-cli " + String.join(" ", args) + " did not exit on a tty; screen:\n"
                        + pty.transcript());
            }
            return pty.transcript();
        } finally {
            pty.close();
        }
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Everything redis-cli has written to the terminal so far, escape sequences included. */
    public String transcript() {
        try {
            return Files.readString(screen, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Types {@code line} and Enter, waits for the next prompt and returns what the terminal showed
     * meanwhile (the line being edited with its hints, the reply, the new prompt).
     */
    public String type(String line) {
        int before = transcript().length();
        send(line + "\r");
        awaitFreshPrompt(before);
        return transcript().substring(before);
    }

    /** The reply to {@code line} as a user reads it: the lines after the edited line, without the next prompt. */
    public String reply(String line) {
        String shown = type(line);
        int nl = shown.indexOf('\n');
        String afterLine = shown.substring(nl + 1);
        int prompt = afterLine.lastIndexOf("127.0.0.1:");
        return plain(afterLine.substring(0, prompt));
    }

    /** Types {@code line} and Enter, then waits for redis-cli to exit (e.g. QUIT). */
    public int typeAndExit(String line) throws InterruptedException {
        send(line + "\r");
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("redis-cli did not exit after '" + line + "'; screen:\n" + transcript());
        }
        return process.exitValue();
    }

    /** Sends raw keystrokes. */
    public void send(String keys) {
        try {
            keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        } catch (IOException e) {
            throw new AssertionError("redis-cli's terminal is gone; screen:\n" + transcript(), e);
        }
    }

    /** Waits until the terminal shows {@code text} after offset {@code from}; returns the screen. */
    public String await(String text, int from) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String t = transcript();
            if (t.indexOf(text, from) >= 0) return t;
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("terminal never showed '" + text + "'; screen:\n" + t);
            }
            sleep();
        }
    }

    private void awaitFreshPrompt(int from) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String t = transcript();
            if (t.length() > from && FRESH_PROMPT.matcher(t).find(Math.max(0, from - 1))) return;
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("no redis-cli prompt within " + timeout + " (alive=" + process.isAlive()
                        + "); screen:\n" + t);
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The text without escape sequences and carriage returns: what a user reads. */
    public static String plain(String raw) {
        return ANSI.matcher(raw).replaceAll("").replace("\r", "");
    }

    @Override
    public void close() {
        try {
            keyboard.close();
        } catch (IOException ignored) {
            // The process may already be gone.
        }
        Tools.kill(process);
        screen.toFile().delete();
    }
}
