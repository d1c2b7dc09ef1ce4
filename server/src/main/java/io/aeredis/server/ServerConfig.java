package io.aeredis.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Port of the parts of Redis's {@code config.c} this server supports: one declarative table of
 * options (name, type, bounds, default, mutability) that serves the config file, the
 * command line, CONFIG GET and CONFIG SET, with Redis's error texts.
 */
public final class ServerConfig {
    /** One entry of the config table (Redis's {@code standardConfig}). */
    public abstract static class Option {
        final String name;
        final boolean immutable;

        Option(String name, boolean immutable) {
            this.name = name;
            this.immutable = immutable;
        }

        /** The value as CONFIG GET prints it. */
        abstract String get();

        /** Applies {@code args}; returns null on success or Redis's reason text on failure. */
        abstract String set(String[] args);

        /** Most options take exactly one argument. */
        int argc() { return 1; }
    }

    // ---- the values (server.c field names in Java case)
    public int port = 6379;
    public String[] bind = {"127.0.0.1", "-::1"};
    public String aeBackend = "";
    public int hz = 10;
    public int maxclients = 10000;
    public String requirepass = "";
    public long maxidletime = 0;
    public int tcpKeepalive = 300;
    public int tcpBacklog = 511;
    public int databases = 16;
    public long protoMaxBulkLen = 512L * 1024 * 1024;
    public long clientMaxQuerybufLen = 1024L * 1024 * 1024;
    public final ClientBufferLimits obufLimits = new ClientBufferLimits();
    public int verbosity = Log.LL_NOTICE;
    public String logfile = "";
    public String save = "";
    public boolean appendonly = false;
    public String dir = ".";
    public String dbfilename = "dump.rdb";
    public String enableDebugCommand = "no";
    public long maxmemory = 0;
    public String maxmemoryPolicy = "noeviction";
    public boolean daemonize = false;
    public String pidfile = "";
    public boolean protectedMode = true;
    // stall measurement (SlowLog, LatencyMonitor)
    public long slowlogLogSlowerThan = 10000;
    public long slowlogMaxLen = 128;
    public long latencyMonitorThreshold = 0;
    public boolean latencyTracking = true;
    public double[] latencyTrackingInfoPercentiles = {50.0, 99.0, 99.9};
    // scripts: where EVAL_SLOW_SCRIPT runs, and when a running script makes the server answer -BUSY
    public String slowScriptMode = "worker";
    public int slowScriptWorkers = 2;
    public int slowScriptQueue = 64;
    public long busyReplyThreshold = 5000;
    // encoding thresholds (RedisCore mirrors them)
    public int listMaxListpackSize = -2;
    public int listCompressDepth = 0;
    public long hashMaxListpackEntries = 128;
    public long hashMaxListpackValue = 64;
    public long setMaxIntsetEntries = 512;
    public long zsetMaxListpackEntries = 128;
    public long zsetMaxListpackValue = 64;
    /** notify-keyspace-events as NOTIFY_* flags (Notify parses and prints the class string). */
    public int notifyKeyspaceEvents = 0;

    private static final String[] LOGLEVELS = {"debug", "verbose", "notice", "warning"};
    private static final String[] DEBUG_CMD = {"no", "yes", "local"};
    private static final String[] POLICIES = {"volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
            "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"};

    private final Map<String, Option> options = new LinkedHashMap<>();
    /** Redis 7.0 directives met in a config file that aeredis accepts but does not implement. */
    private final java.util.Set<String> ignoredDirectives = new java.util.TreeSet<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();
    /**
     * Called after a successful CONFIG SET of the named option, to apply it to the running
     * server; a non-null result is an error: CONFIG SET fails with it and the old value returns.
     */
    private java.util.function.Function<String, String> onChange = name -> null;

    public ServerConfig() {
        intOpt("port", false, 0, 65535, () -> port, v -> port = (int) v);
        add(new Option("bind", true) {
            String get() { return String.join(" ", bind); }
            String set(String[] args) {
                if (args.length == 0 || args.length > 16) return "Too many bind addresses specified.";
                bind = args.clone();
                return null;
            }
            int argc() { return -1; }
        });
        enumOpt("ae-backend", true, new String[]{"", "epoll", "kqueue", "select"}, () -> aeBackend, v -> aeBackend = v);
        add(new Option("hz", false) {
            String get() { return Integer.toString(hz); }
            String set(String[] a) {
                Long v = parseLong(a[0]);
                if (v == null) return "argument couldn't be parsed into an integer";
                if (v < 0 || v > Integer.MAX_VALUE) return "argument must be between 0 and 2147483647 inclusive";
                // Redis clamps rather than refusing: CONFIG_MIN_HZ 1, CONFIG_MAX_HZ 500.
                hz = (int) Math.max(1, Math.min(500, v));
                return null;
            }
        });
        longOpt("maxclients", false, 1, 4294967295L, () -> maxclients, v -> maxclients = (int) Math.min(v, Integer.MAX_VALUE));
        stringOpt("requirepass", false, () -> requirepass, v -> requirepass = v);
        longOpt("timeout", false, 0, Integer.MAX_VALUE, () -> maxidletime, v -> maxidletime = v);
        intOpt("tcp-keepalive", false, 0, Integer.MAX_VALUE, () -> tcpKeepalive, v -> tcpKeepalive = (int) v);
        intOpt("tcp-backlog", true, 0, Integer.MAX_VALUE, () -> tcpBacklog, v -> tcpBacklog = (int) v);
        intOpt("databases", true, 1, Integer.MAX_VALUE, () -> databases, v -> databases = (int) v);
        memOpt("proto-max-bulk-len", false, 1024 * 1024, Long.MAX_VALUE, () -> protoMaxBulkLen, v -> protoMaxBulkLen = v);
        memOpt("client-query-buffer-limit", false, 1024 * 1024, Long.MAX_VALUE, () -> clientMaxQuerybufLen, v -> clientMaxQuerybufLen = v);
        add(new Option("client-output-buffer-limit", false) {
            String get() { return obufLimits.toString(); }
            String set(String[] a) { return obufLimits.parse(a); }
            int argc() { return -1; }
        });
        enumOpt("loglevel", false, LOGLEVELS, () -> LOGLEVELS[verbosity], v -> {
            verbosity = indexOf(LOGLEVELS, v);
            Log.setVerbosity(verbosity);
        });
        stringOpt("logfile", true, () -> logfile, v -> logfile = v);
        add(new Option("save", false) {
            String get() { return save; }
            String set(String[] a) {
                String joined = String.join(" ", a).trim();
                if (!joined.isEmpty()) {
                    String[] parts = joined.split("\\s+");
                    if (parts.length % 2 != 0) return "Invalid save parameters";
                    for (String p : parts) if (parseLong(p) == null) return "Invalid save parameters";
                }
                save = joined;
                return null;
            }
            int argc() { return -1; }
        });
        boolOpt("appendonly", false, () -> appendonly, v -> appendonly = v);
        stringOpt("dir", false, () -> dir, v -> dir = v);
        stringOpt("dbfilename", false, () -> dbfilename, v -> dbfilename = v);
        enumOpt("enable-debug-command", true, DEBUG_CMD, () -> enableDebugCommand, v -> enableDebugCommand = v);
        memOpt("maxmemory", false, 0, Long.MAX_VALUE, () -> maxmemory, v -> maxmemory = v);
        enumOpt("maxmemory-policy", false, POLICIES, () -> maxmemoryPolicy, v -> maxmemoryPolicy = v);
        boolOpt("daemonize", true, () -> daemonize, v -> daemonize = v);
        stringOpt("pidfile", true, () -> pidfile, v -> pidfile = v);
        boolOpt("protected-mode", false, () -> protectedMode, v -> protectedMode = v);
        longOpt("slowlog-log-slower-than", false, -1, Long.MAX_VALUE, () -> slowlogLogSlowerThan, v -> slowlogLogSlowerThan = v);
        longOpt("slowlog-max-len", false, 0, Long.MAX_VALUE, () -> slowlogMaxLen, v -> slowlogMaxLen = v);
        longOpt("latency-monitor-threshold", false, 0, Long.MAX_VALUE, () -> latencyMonitorThreshold, v -> latencyMonitorThreshold = v);
        boolOpt("latency-tracking", false, () -> latencyTracking, v -> latencyTracking = v);
        add(new Option("latency-tracking-info-percentiles", false) {
            String get() { return LatencyMonitor.formatPercentiles(latencyTrackingInfoPercentiles); }
            String set(String[] a) {
                double[][] parsed = new double[1][];
                String err = LatencyMonitor.parsePercentiles(a, parsed);
                if (err == null) latencyTrackingInfoPercentiles = parsed[0];
                return err;
            }
            int argc() { return -1; }
        });
        enumOpt("slow-script-mode", false, new String[]{"worker", "inline"}, () -> slowScriptMode, v -> slowScriptMode = v);
        intOpt("slow-script-workers", false, 1, 1024, () -> slowScriptWorkers, v -> slowScriptWorkers = (int) v);
        intOpt("slow-script-queue", true, 1, Integer.MAX_VALUE, () -> slowScriptQueue, v -> slowScriptQueue = (int) v);
        longOpt("busy-reply-threshold", false, 0, Long.MAX_VALUE, () -> busyReplyThreshold, v -> busyReplyThreshold = v);
        alias("lua-time-limit", "busy-reply-threshold");
        intOpt("list-max-listpack-size", false, Integer.MIN_VALUE, Integer.MAX_VALUE, () -> listMaxListpackSize, v -> listMaxListpackSize = (int) v);
        alias("list-max-ziplist-size", "list-max-listpack-size");
        intOpt("list-compress-depth", false, 0, Integer.MAX_VALUE, () -> listCompressDepth, v -> listCompressDepth = (int) v);
        longOpt("hash-max-listpack-entries", false, 0, Long.MAX_VALUE, () -> hashMaxListpackEntries, v -> hashMaxListpackEntries = v);
        alias("hash-max-ziplist-entries", "hash-max-listpack-entries");
        memOpt("hash-max-listpack-value", false, 0, Long.MAX_VALUE, () -> hashMaxListpackValue, v -> hashMaxListpackValue = v);
        alias("hash-max-ziplist-value", "hash-max-listpack-value");
        longOpt("set-max-intset-entries", false, 0, Long.MAX_VALUE, () -> setMaxIntsetEntries, v -> setMaxIntsetEntries = v);
        longOpt("zset-max-listpack-entries", false, 0, Long.MAX_VALUE, () -> zsetMaxListpackEntries, v -> zsetMaxListpackEntries = v);
        alias("zset-max-ziplist-entries", "zset-max-listpack-entries");
        memOpt("zset-max-listpack-value", false, 0, Long.MAX_VALUE, () -> zsetMaxListpackValue, v -> zsetMaxListpackValue = v);
        alias("zset-max-ziplist-value", "zset-max-listpack-value");
        add(new Option("notify-keyspace-events", false) {
            String get() { return Notify.keyspaceEventsFlagsToString(notifyKeyspaceEvents); }
            String set(String[] a) {
                int flags = Notify.keyspaceEventsStringToFlags(a[0]);
                if (flags < 0) return Notify.INVALID_CLASS;
                notifyKeyspaceEvents = flags;
                return null;
            }
        });
    }

    /** An old name Redis still accepts for an option (createXConfig's alias). */
    private void alias(String alias, String name) { aliases.put(alias, name); }

    /** Copies the options commands read into the keyspace's mirror of them. */
    public void applyTo(io.aeredis.commands.RedisCore core) {
        core.protoMaxBulkLen = protoMaxBulkLen;
        core.hz = hz;
        core.listMaxListpackSize = listMaxListpackSize;
        core.listCompressDepth = listCompressDepth;
        core.hashMaxListpackEntries = hashMaxListpackEntries;
        core.hashMaxListpackValue = hashMaxListpackValue;
        core.setMaxIntsetEntries = setMaxIntsetEntries;
        core.zsetMaxListpackEntries = zsetMaxListpackEntries;
        core.zsetMaxListpackValue = zsetMaxListpackValue;
        core.notifyKeyspaceEvents = notifyKeyspaceEvents;
    }

    public void setOnChange(java.util.function.Function<String, String> onChange) { this.onChange = onChange; }

    public Option lookup(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        Option o = options.get(lower);
        if (o == null && aliases.containsKey(lower)) o = options.get(aliases.get(lower));
        return o;
    }

    public Iterable<Option> all() { return options.values(); }

    public static String name(Option o) { return o.name; }
    public static String value(Option o) { return o.get(); }

    /**
     * CONFIG SET semantics for one option: returns null on success or the full error text
     * (without "-ERR ") as Redis words it.
     */
    public String configSet(String name, String[] args, boolean atRuntime) {
        Option o = lookup(name);
        if (o == null || (o.argc() > 0 && args.length != o.argc())) {
            return atRuntime ? "Unknown option or number of arguments for CONFIG SET - '" + name + "'"
                    : "Bad directive or wrong number of arguments";
        }
        if (atRuntime && o.immutable) return failed(name, "can't set immutable config");
        String previous = o.get();
        String err = o.set(args);
        if (err != null) return atRuntime ? failed(name, err) : err;
        if (atRuntime) {
            String applyErr = onChange.apply(o.name);
            if (applyErr != null) {
                // Like Redis's restoreBackupConfig: the option goes back to what it was.
                o.set(o.argc() == 1 ? new String[]{previous} : previous.isEmpty() ? new String[0] : previous.split(" "));
                onChange.apply(o.name);
                return failed(name, applyErr);
            }
        }
        return null;
    }

    static String failed(String name, String reason) {
        return "CONFIG SET failed (possibly related to argument '" + name + "') - " + reason;
    }

    /**
     * loadServerConfigFromString: one directive per line, '#' comments, arguments split like
     * sdssplitargs, {@code include} loads another file in place. A directive Redis 7.0 knows
     * but aeredis does not implement is remembered in {@link #ignoredDirectives()} so that an
     * existing redis.conf loads; anything else throws IllegalArgumentException with Redis's
     * "FATAL CONFIG FILE ERROR" text.
     */
    public void loadFromString(String text) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) continue;
            List<String> argv = ConfigArgs.split(line);
            if (argv == null) throw configError(i + 1, lines[i], "Unbalanced quotes in configuration line");
            if (argv.isEmpty()) continue;
            String name = argv.get(0).toLowerCase(Locale.ROOT);
            if (name.equals("include") && argv.size() == 2) {
                loadFromString(readIncluded(argv.get(1), i + 1, lines[i]));
                continue;
            }
            if (lookup(name) == null && RedisDirectives.isKnown(name)) {
                ignoredDirectives.add(name);
                continue;
            }
            String err = configSet(argv.get(0), argv.subList(1, argv.size()).toArray(new String[0]), false);
            if (err != null) throw configError(i + 1, lines[i], err);
        }
    }

    private static String readIncluded(String path, int lineNo, String line) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(path));
        } catch (java.io.IOException e) {
            throw configError(lineNo, line, "Fatal error, can't open config file '" + path + "': " + e.getMessage());
        }
    }

    /** The Redis directives a config file used that have no effect here (for the startup warning). */
    public java.util.Set<String> ignoredDirectives() { return ignoredDirectives; }

    private static IllegalArgumentException configError(int lineNo, String line, String err) {
        return new IllegalArgumentException("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
                + "Reading the configuration file, at line " + lineNo + "\n>>> '" + line.trim() + "'\n" + err);
    }

    // ---- option builders

    private void add(Option o) { options.put(o.name, o); }

    private void boolOpt(String name, boolean immutable, Supplier<Boolean> get, Consumer<Boolean> set) {
        add(new Option(name, immutable) {
            String get() { return get.get() ? "yes" : "no"; }
            String set(String[] a) {
                String v = a[0].toLowerCase(Locale.ROOT);
                if (!v.equals("yes") && !v.equals("no")) return "argument must be 'yes' or 'no'";
                set.accept(v.equals("yes"));
                return null;
            }
        });
    }

    private void intOpt(String name, boolean immutable, long min, long max, LongSupplier get, LongConsumer set) {
        numericOpt(name, immutable, min, max, false, get, set);
    }

    private void longOpt(String name, boolean immutable, long min, long max, LongSupplier get, LongConsumer set) {
        numericOpt(name, immutable, min, max, false, get, set);
    }

    private void memOpt(String name, boolean immutable, long min, long max, LongSupplier get, LongConsumer set) {
        numericOpt(name, immutable, min, max, true, get, set);
    }

    private void numericOpt(String name, boolean immutable, long min, long max, boolean memory,
                            LongSupplier get, LongConsumer set) {
        add(new Option(name, immutable) {
            String get() { return Long.toString(get.getAsLong()); }
            String set(String[] a) {
                Long v = memory ? parseMemory(a[0]) : parseLong(a[0]);
                if (v == null) {
                    return memory ? "argument must be a memory value" : "argument couldn't be parsed into an integer";
                }
                if (v < min || v > max) return "argument must be between " + min + " and " + max + " inclusive";
                set.accept(v);
                return null;
            }
        });
    }

    private void stringOpt(String name, boolean immutable, Supplier<String> get, Consumer<String> set) {
        add(new Option(name, immutable) {
            String get() { return get.get(); }
            String set(String[] a) { set.accept(a[0]); return null; }
        });
    }

    private void enumOpt(String name, boolean immutable, String[] values, Supplier<String> get, Consumer<String> set) {
        add(new Option(name, immutable) {
            String get() { return get.get(); }
            String set(String[] a) {
                String v = a[0].toLowerCase(Locale.ROOT);
                if (indexOf(values, v) < 0) {
                    List<String> shown = new ArrayList<>();
                    for (String s : values) if (!s.isEmpty()) shown.add(s);
                    return "argument(s) must be one of the following: " + String.join(", ", shown);
                }
                set.accept(v);
                return null;
            }
        });
    }

    private static int indexOf(String[] values, String v) {
        for (int i = 0; i < values.length; i++) if (values[i].equals(v)) return i;
        return -1;
    }

    /** string2ll-strict parse of a decimal, or null. */
    static Long parseLong(String s) {
        if (s.isEmpty() || s.length() > 20) return null;
        char c0 = s.charAt(0);
        if (c0 == '+' || (s.length() > 1 && c0 == '0') || Character.isWhitespace(c0)) return null;
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** memtoull (util.c): "1gb" = 1024^3, "1g" = 1000^3, "5k", plain bytes; null if malformed. */
    static Long parseMemory(String s) {
        String v = s.toLowerCase(Locale.ROOT);
        long mul = 1;
        String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"},
                {"k", "1000"}, {"m", "1000000"}, {"g", "1000000000"}, {"b", "1"}};
        for (String[] u : units) {
            if (v.endsWith(u[0])) {
                mul = Long.parseLong(u[1]);
                v = v.substring(0, v.length() - u[0].length());
                break;
            }
        }
        if (v.isEmpty()) return null;
        for (int i = 0; i < v.length(); i++) if (!Character.isDigit(v.charAt(i))) return null;
        try {
            return Math.multiplyExact(Long.parseLong(v), mul);
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }
}
