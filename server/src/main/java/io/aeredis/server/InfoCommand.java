package io.aeredis.server;

import io.aeredis.commands.Client;
import io.aeredis.commands.Db;
import io.aeredis.commands.RedisCommand;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * INFO: a port of {@code genRedisInfoString} (server.c) for the sections this server has.
 * Field names are Redis 7.0's so that redis-cli, Lettuce and dashboards read them unchanged.
 */
final class InfoCommand {
    private static final String[] DEFAULT_SECTIONS =
            {"server", "clients", "memory", "persistence", "stats", "replication", "cpu", "eventloop", "errorstats", "cluster", "keyspace"};
    private static final String[] ALL_EXTRA = {"commandstats", "latencystats"};

    private final RedisServer server;

    InfoCommand(RedisServer server) {
        this.server = server;
    }

    /** infoCommand: INFO [section [section ...]]; replied as a verbatim string, as Redis 7.0 does. */
    void infoCommand(Client c) {
        Set<String> sections = new LinkedHashSet<>();
        if (c.argc == 1) {
            sections.addAll(java.util.List.of(DEFAULT_SECTIONS));
        } else {
            for (int i = 1; i < c.argc; i++) {
                String s = new String(c.argv[i], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                switch (s) {
                    case "default" -> sections.addAll(java.util.List.of(DEFAULT_SECTIONS));
                    case "all", "everything" -> {
                        sections.addAll(java.util.List.of(DEFAULT_SECTIONS));
                        sections.addAll(java.util.List.of(ALL_EXTRA));
                    }
                    default -> sections.add(s);
                }
            }
        }
        c.reply.addReplyVerbatim(genRedisInfoString(sections).getBytes(StandardCharsets.ISO_8859_1), "txt");
    }

    String genRedisInfoString(Set<String> sections) {
        StringBuilder info = new StringBuilder(2048);
        int emitted = 0;
        for (String section : orderedSections(sections)) {
            int before = info.length();
            if (emitted > 0) info.append("\r\n");
            boolean known = switch (section) {
                case "server" -> { server(info); yield true; }
                case "clients" -> { clients(info); yield true; }
                case "memory" -> { memory(info); yield true; }
                case "persistence" -> { persistence(info); yield true; }
                case "stats" -> { stats(info); yield true; }
                case "replication" -> { replication(info); yield true; }
                case "cpu" -> { cpu(info); yield true; }
                case "eventloop" -> { server.stalls.eventLoop.appendInfoSection(info); yield true; }
                case "commandstats" -> { commandstats(info); yield true; }
                case "errorstats" -> { errorstats(info); yield true; }
                case "latencystats" -> { server.stalls.latency.latencystats(info, server.core.commands.all()); yield true; }
                case "cluster" -> { info.append("# Cluster\r\ncluster_enabled:0\r\n"); yield true; }
                case "keyspace" -> { keyspace(info); yield true; }
                default -> false;
            };
            if (known) emitted++;
            else info.setLength(before);
        }
        return info.toString();
    }

    /** Sections come out in Redis's fixed order whatever order they were asked in. */
    private static Iterable<String> orderedSections(Set<String> asked) {
        String[] order = {"server", "clients", "memory", "persistence", "stats", "replication", "cpu", "eventloop",
                "commandstats", "errorstats", "latencystats", "cluster", "keyspace"};
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String s : order) if (asked.contains(s)) out.add(s);
        return out;
    }

    private void server(StringBuilder b) {
        long uptime = (System.currentTimeMillis() - server.startTimeMs) / 1000;
        b.append("# Server\r\n");
        field(b, "redis_version", RedisServer.REDIS_VERSION);
        field(b, "aeredis_version", RedisServer.AEREDIS_VERSION);
        field(b, "redis_git_sha1", "00000000");
        field(b, "redis_git_dirty", "0");
        field(b, "redis_build_id", "0");
        field(b, "redis_mode", "standalone");
        field(b, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        field(b, "arch_bits", "64");
        field(b, "monotonic_clock", "System.nanoTime");
        field(b, "multiplexing_api", server.el.getApiName());
        field(b, "atomicvar_api", "java");
        field(b, "java_version", System.getProperty("java.version"));
        field(b, "process_id", Long.toString(ProcessHandle.current().pid()));
        field(b, "process_supervised", "no");
        field(b, "run_id", server.runId);
        field(b, "tcp_port", Integer.toString(server.port()));
        field(b, "server_time_usec", Long.toString(System.currentTimeMillis() * 1000));
        field(b, "uptime_in_seconds", Long.toString(uptime));
        field(b, "uptime_in_days", Long.toString(uptime / 86400));
        field(b, "hz", Integer.toString(server.config.hz));
        field(b, "configured_hz", Integer.toString(server.config.hz));
        field(b, "lru_clock", Long.toString((System.currentTimeMillis() / 1000) & ((1 << 24) - 1)));
        field(b, "executable", ProcessHandle.current().info().command().orElse(""));
        field(b, "config_file", server.configFile);
        field(b, "io_threads_active", "0");
        // aeredis: scripts are JavaScript on GraalVM; interpreted unless the JVM has the Graal JIT.
        field(b, "js_engine", io.aeredis.scripting.ScriptEngine.description());
        field(b, "js_jit", io.aeredis.scripting.ScriptEngine.jit() ? "yes" : "no");
        field(b, "slow_script_mode", server.config.slowScriptMode);
        field(b, "slow_script_workers", Integer.toString(server.config.slowScriptWorkers));
        field(b, "slow_scripts_running", Integer.toString(server.scriptThreads.running()));
        field(b, "slow_scripts_queued", Integer.toString(server.scriptThreads.queued()));
        field(b, "slow_scripts_completed", Long.toString(server.scriptThreads.slowScriptsCompleted));
        field(b, "slow_scripts_rejected", Long.toString(server.scriptThreads.slowScriptsRejected));
    }

    private void clients(StringBuilder b) {
        // getExpansiveClientsInfo: the largest buffers clientsCron saw over the last few seconds.
        long maxIn = 0;
        long maxOut = 0;
        for (int i = 0; i < RedisServer.CLIENTS_PEAK_MEM_USAGE_SLOTS; i++) {
            maxIn = Math.max(maxIn, server.clientsPeakMemInput[i]);
            maxOut = Math.max(maxOut, server.clientsPeakMemOutput[i]);
        }
        b.append("# Clients\r\n");
        field(b, "connected_clients", Integer.toString(server.networking.clients.size()));
        field(b, "cluster_connections", "0");
        field(b, "maxclients", Integer.toString(server.config.maxclients));
        field(b, "client_recent_max_input_buffer", Long.toString(maxIn));
        field(b, "client_recent_max_output_buffer", Long.toString(maxOut));
        field(b, "blocked_clients", Integer.toString(server.core.blocking.blockedClients()));
        field(b, "tracking_clients", "0");
        field(b, "clients_in_timeout_table", "0");
    }

    private void memory(StringBuilder b) {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        long rss = rssBytes();
        b.append("# Memory\r\n");
        field(b, "used_memory", Long.toString(used));
        field(b, "used_memory_human", bytesToHuman(used));
        field(b, "used_memory_rss", Long.toString(rss));
        field(b, "used_memory_rss_human", bytesToHuman(rss));
        long peak = Math.max(used, server.memory.peak());
        field(b, "used_memory_peak", Long.toString(peak));
        field(b, "used_memory_peak_human", bytesToHuman(peak));
        field(b, "total_system_memory", Long.toString(totalSystemMemory()));
        field(b, "jvm_heap_committed", Long.toString(rt.totalMemory()));
        field(b, "jvm_heap_max", Long.toString(rt.maxMemory()));
        field(b, "maxmemory", Long.toString(server.config.maxmemory));
        field(b, "maxmemory_human", bytesToHuman(server.config.maxmemory));
        field(b, "maxmemory_policy", server.config.maxmemoryPolicy);
        field(b, "mem_allocator", "jvm");
        field(b, "number_of_cached_scripts", Integer.toString(server.scripting.scripts().size()));
        field(b, "number_of_functions", Integer.toString(server.scripting.functions().functionsCount()));
        field(b, "number_of_libraries", Integer.toString(server.scripting.functions().librariesCount()));
    }

    private void persistence(StringBuilder b) {
        b.append("# Persistence\r\n");
        field(b, "loading", "0");
        field(b, "async_loading", "0");
        field(b, "rdb_changes_since_last_save", Long.toString(server.core.dirty));
        field(b, "rdb_bgsave_in_progress", "0");
        field(b, "rdb_last_save_time", Long.toString(server.startTimeMs / 1000));
        field(b, "rdb_last_bgsave_status", "ok");
        field(b, "aof_enabled", "0");
        field(b, "aof_rewrite_in_progress", "0");
    }

    private void stats(StringBuilder b) {
        ServerStats s = server.stats;
        b.append("# Stats\r\n");
        field(b, "total_connections_received", Long.toString(s.numconnections));
        field(b, "total_commands_processed", Long.toString(s.numcommands));
        field(b, "instantaneous_ops_per_sec", Long.toString(s.getInstantaneousMetric(ServerStats.METRIC_COMMAND)));
        field(b, "total_net_input_bytes", Long.toString(s.netInputBytes));
        field(b, "total_net_output_bytes", Long.toString(s.netOutputBytes));
        field(b, "instantaneous_input_kbps", kbps(s.getInstantaneousMetric(ServerStats.METRIC_NET_INPUT)));
        field(b, "instantaneous_output_kbps", kbps(s.getInstantaneousMetric(ServerStats.METRIC_NET_OUTPUT)));
        field(b, "rejected_connections", Long.toString(s.rejectedConn));
        field(b, "expired_keys", Long.toString(server.core.statExpiredKeys));
        field(b, "evicted_keys", "0");
        field(b, "keyspace_hits", Long.toString(server.core.statKeyspaceHits));
        field(b, "keyspace_misses", Long.toString(server.core.statKeyspaceMisses));
        field(b, "pubsub_channels", Long.toString(server.pubsub.numChannels()));
        field(b, "pubsub_patterns", Long.toString(server.pubsub.numPatterns()));
        field(b, "pubsubshard_channels", Long.toString(server.pubsub.numShardChannels()));
        field(b, "total_error_replies", Long.toString(s.totalErrorReplies));
        field(b, "total_reads_processed", Long.toString(s.totalReads));
        field(b, "total_writes_processed", Long.toString(s.totalWrites));
        server.stalls.eventLoop.appendStatsFields(b, s);
    }

    private void replication(StringBuilder b) {
        b.append("# Replication\r\n");
        field(b, "role", "master");
        field(b, "connected_slaves", "0");
        field(b, "master_replid", server.runId);
        field(b, "master_repl_offset", "0");
    }

    private void cpu(StringBuilder b) {
        long cpuNanos = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            cpuNanos = os.getProcessCpuTime();
        }
        String mainThread = String.format(Locale.ROOT, "%.6f", cpuNanos / 1e9);
        b.append("# CPU\r\n");
        // The JVM reports one process CPU figure; it is shown as user time.
        field(b, "used_cpu_sys", "0.000000");
        field(b, "used_cpu_user", mainThread);
        field(b, "used_cpu_sys_children", "0.000000");
        field(b, "used_cpu_user_children", "0.000000");
    }

    private void commandstats(StringBuilder b) {
        b.append("# Commandstats\r\n");
        for (RedisCommand cmd : server.core.commands.all()) {
            commandstat(b, cmd);
            for (RedisCommand sub : cmd.subcommands.values()) commandstat(b, sub);
        }
    }

    private static void commandstat(StringBuilder b, RedisCommand cmd) {
        if (cmd.calls == 0 && cmd.rejectedCalls == 0 && cmd.failedCalls == 0) return;
        b.append("cmdstat_").append(cmd.fullname).append(":calls=").append(cmd.calls)
                .append(",usec=").append(cmd.nanoseconds / 1000)
                .append(",usec_per_call=").append(String.format(Locale.ROOT, "%.2f", cmd.calls == 0 ? 0.0 : cmd.nanoseconds / 1000.0 / cmd.calls))
                .append(",rejected_calls=").append(cmd.rejectedCalls)
                .append(",failed_calls=").append(cmd.failedCalls).append("\r\n");
    }

    private void errorstats(StringBuilder b) {
        b.append("# Errorstats\r\n");
        server.stats.errors.forEach((code, count) -> b.append("errorstat_").append(code).append(":count=").append(count).append("\r\n"));
    }

    private void keyspace(StringBuilder b) {
        b.append("# Keyspace\r\n");
        for (int i = 0; i < server.core.dbnum(); i++) {
            Db db = server.core.db(i);
            long keys = db.size();
            if (keys == 0) continue;
            b.append("db").append(i).append(":keys=").append(keys).append(",expires=").append(db.expiresSize())
                    .append(",avg_ttl=").append(db.avgTtl()).append("\r\n");
        }
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append(name).append(':').append(value).append("\r\n");
    }

    private static String kbps(long bytesPerSec) {
        return String.format(Locale.ROOT, "%.2f", bytesPerSec / 1024.0);
    }

    /** bytesToHuman (server.c). */
    static String bytesToHuman(long n) {
        if (n < 1024) return n + "B";
        if (n < 1024L * 1024) return String.format(Locale.ROOT, "%.2fK", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.2fM", n / (1024.0 * 1024));
        if (n < 1024L * 1024 * 1024 * 1024) return String.format(Locale.ROOT, "%.2fG", n / (1024.0 * 1024 * 1024));
        return String.format(Locale.ROOT, "%.2fT", n / (1024.0 * 1024 * 1024 * 1024));
    }

    /** RSS from /proc/self/statm where it exists (Linux); 0 elsewhere. */
    static long rssBytes() {
        try {
            String[] f = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(f[1]) * 4096;
        } catch (Exception e) {
            return 0;
        }
    }

    private static long totalSystemMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }
}
