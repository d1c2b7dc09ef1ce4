package io.aeredis.server;

import io.aeredis.commands.Client;
import io.aeredis.commands.CommandCommands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** CONFIG GET / SET / RESETSTAT / REWRITE / HELP (config.c), over {@link ServerConfig}'s table. */
final class ConfigCommand {
    private final RedisServer server;

    ConfigCommand(RedisServer server) {
        this.server = server;
    }

    /** configGetCommand: every option whose name matches any of the glob patterns, as a map. */
    void configGetCommand(Client c) {
        Map<String, String> matches = new LinkedHashMap<>();
        for (int i = 2; i < c.argc; i++) {
            byte[] pattern = c.argv[i];
            for (ServerConfig.Option o : server.config.all()) {
                String name = ServerConfig.name(o);
                if (matches.containsKey(name)) continue;
                if (io.aeredis.commands.GlobMatch.stringmatch(pattern, name.getBytes(StandardCharsets.US_ASCII), true)) {
                    matches.put(name, ServerConfig.value(o));
                }
            }
        }
        c.addReplyMapLen(matches.size());
        for (Map.Entry<String, String> e : matches.entrySet()) {
            c.addReplyBulkCString(e.getKey());
            c.addReplyBulkCString(e.getValue());
        }
    }

    /**
     * configSetCommand: CONFIG SET name value [name value ...]. Like Redis 7.0 it checks the
     * whole list (unknown names, duplicates) before applying anything.
     */
    void configSetCommand(Client c) {
        if ((c.argc & 1) != 0) {
            c.addReplyError("wrong number of arguments for 'config|set' command");
            return;
        }
        Set<String> seen = new HashSet<>();
        List<String[]> pairs = new ArrayList<>();
        for (int i = 2; i < c.argc; i += 2) {
            String name = ClientCommands.str(c.argv[i]);
            ServerConfig.Option o = server.config.lookup(name);
            if (o == null || o.argc() == 0) {
                RedisServer.addReplyErrorRaw(c, "Unknown option or number of arguments for CONFIG SET - '" + RedisServer.cstr(c.argv[i]) + "'");
                return;
            }
            if (!seen.add(ServerConfig.name(o))) {
                RedisServer.addReplyErrorRaw(c, ServerConfig.failed(RedisServer.cstr(c.argv[i]), "duplicate parameter"));
                return;
            }
            pairs.add(new String[]{name, ClientCommands.str(c.argv[i + 1])});
        }
        for (String[] p : pairs) {
            ServerConfig.Option o = server.config.lookup(p[0]);
            String[] args = o.argc() == 1 ? new String[]{p[1]} : splitMultiArg(p[1]);
            String err = server.config.configSet(p[0], args, true);
            if (err != null) {
                RedisServer.addReplyErrorRaw(c, err);
                return;
            }
        }
        c.addReplyRaw(RedisServer.OK);
    }

    /** Multi-argument options (save, bind, client-output-buffer-limit) take one space-separated value. */
    private static String[] splitMultiArg(String v) {
        String t = v.trim();
        return t.isEmpty() ? new String[0] : t.split("\\s+");
    }

    void configResetStatCommand(Client c) {
        server.stats.reset();
        server.stalls.resetStats();
        server.core.statKeyspaceHits = 0;
        server.core.statKeyspaceMisses = 0;
        server.core.statExpiredKeys = 0;
        for (io.aeredis.commands.RedisCommand cmd : server.core.commands.all()) {
            resetCommandStats(cmd);
            cmd.subcommands.values().forEach(ConfigCommand::resetCommandStats);
        }
        c.addReplyRaw(RedisServer.OK);
    }

    private static void resetCommandStats(io.aeredis.commands.RedisCommand cmd) {
        cmd.calls = 0;
        cmd.nanoseconds = 0;
        cmd.rejectedCalls = 0;
        cmd.failedCalls = 0;
    }

    /** configRewriteCommand: rewrite the config file with the current value of every option. */
    void configRewriteCommand(Client c) {
        if (server.configFile.isEmpty()) {
            c.addReplyError("The server is running without a config file");
            return;
        }
        StringBuilder sb = new StringBuilder("# Rewritten by CONFIG REWRITE\n");
        for (ServerConfig.Option o : server.config.all()) {
            String v = ServerConfig.value(o);
            sb.append(ServerConfig.name(o)).append(' ').append(o.argc() == 1 ? quote(v) : (v.isEmpty() ? "\"\"" : v)).append('\n');
        }
        try {
            Files.writeString(Path.of(server.configFile), sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            Log.warning("CONFIG REWRITE failed: " + e.getMessage());
            c.addReplyError("Rewriting config file: " + e.getMessage());
            return;
        }
        Log.notice("CONFIG REWRITE executed with success.");
        c.addReplyRaw(RedisServer.OK);
    }

    private static String quote(String v) {
        if (!v.isEmpty() && v.chars().noneMatch(ch -> ch <= ' ' || ch == '"' || ch == '\'' || ch > '~')) return v;
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    void configHelpCommand(Client c) {
        CommandCommands.addReplyHelp(c, new String[]{
            "GET <pattern>",
            "    Return parameters matching the glob-like <pattern> and their values.",
            "SET <directive> <value>",
            "    Set the configuration <directive> to <value>.",
            "RESETSTAT",
            "    Reset statistics reported by the INFO command.",
            "REWRITE",
            "    Rewrite the configuration file.",
        });
    }
}
