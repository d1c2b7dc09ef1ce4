package io.aeredis.server;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Port of {@code serverLog} (server.c): lines in Redis's format,
 * {@code pid:role dd Mon yyyy HH:mm:ss.mmm <level-char> message}, where the level character is
 * '.' debug, '-' verbose, '*' notice, '#' warning.
 */
public final class Log {
    public static final int LL_DEBUG = 0;
    public static final int LL_VERBOSE = 1;
    public static final int LL_NOTICE = 2;
    public static final int LL_WARNING = 3;
    private static final char[] LEVEL_CHARS = {'.', '-', '*', '#'};
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ENGLISH).withZone(ZoneId.systemDefault());
    private static final long PID = ProcessHandle.current().pid();

    private static volatile int verbosity = LL_NOTICE;
    private static volatile PrintStream out = System.out;
    private static volatile String logfile = "";

    private Log() {}

    public static void setVerbosity(int level) { verbosity = level; }

    /** The {@code logfile} option: "" logs to standard output, as Redis does. */
    public static synchronized void setLogfile(String path) throws IOException {
        if (path.equals(logfile)) return;
        PrintStream next = path.isEmpty() ? System.out
                : new PrintStream(new FileOutputStream(path, true), true, StandardCharsets.UTF_8);
        PrintStream prev = out;
        out = next;
        logfile = path;
        if (prev != System.out) prev.close();
    }

    public static String logfile() { return logfile; }

    public static boolean enabled(int level) { return level >= verbosity; }

    public static void log(int level, String msg) {
        log(level, 'M', msg);
    }

    /** Role 'C' is used before the server is initialised, as Redis logs config loading. */
    public static void log(int level, char role, String msg) {
        if (level < verbosity) return;
        String line = PID + ":" + role + " " + TIME.format(Instant.now()) + " " + LEVEL_CHARS[level] + " " + msg;
        PrintStream o = out;
        synchronized (Log.class) {
            o.println(line);
            o.flush();
        }
    }

    public static void warning(String msg) { log(LL_WARNING, msg); }
    public static void notice(String msg) { log(LL_NOTICE, msg); }
    public static void verbose(String msg) { log(LL_VERBOSE, msg); }
    public static void debug(String msg) { log(LL_DEBUG, msg); }
}
