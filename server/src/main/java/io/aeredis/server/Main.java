package io.aeredis.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point, like redis-server's {@code main()}:
 * {@code aeredis-server [/path/to/redis.conf] [--option value ...]}. Command-line options are
 * appended to the config file's text, so they override it, exactly as redis-server does.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("-v") || args[0].equals("--version"))) {
            System.out.println("aeredis server v=" + RedisServer.AEREDIS_VERSION + " redis_version=" + RedisServer.REDIS_VERSION
                    + " bits=64 java=" + System.getProperty("java.version"));
            return;
        }
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            usage();
            return;
        }
        ServerConfig config = new ServerConfig();
        String configFile = "";
        try {
            StringBuilder text = new StringBuilder();
            int j = 0;
            if (args.length > 0 && !args[0].startsWith("--")) {
                configFile = args[0];
                text.append(configFile.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(Path.of(configFile), StandardCharsets.UTF_8)).append('\n');
                j = 1;
            }
            text.append(optionsToConfigText(args, j));
            log("oO0OoO0OoO0Oo aeredis is starting oO0OoO0OoO0Oo");
            log("aeredis version=" + RedisServer.AEREDIS_VERSION + " (Redis " + RedisServer.REDIS_VERSION
                    + " compatible), bits=64, pid=" + ProcessHandle.current().pid() + ", java=" + System.getProperty("java.version")
                    + ", just started");
            if (configFile.isEmpty()) {
                log("Warning: no config file specified, using the default config. In order to specify a config file use "
                        + "bin/aeredis-server /path/to/redis.conf");
            }
            config.loadFromString(text.toString());
            Log.setVerbosity(config.verbosity);
            try {
                Log.setLogfile(config.logfile);
            } catch (IOException e) {
                System.err.println("Can't open the log file: " + e.getMessage());
                System.exit(1);
                return;
            }
            Log.log(Log.LL_WARNING, 'C', "Configuration loaded");
            if (!config.ignoredDirectives().isEmpty()) {
                Log.log(Log.LL_WARNING, 'C', "Ignoring " + config.ignoredDirectives().size()
                        + " Redis directive(s) aeredis does not implement: " + String.join(", ", config.ignoredDirectives()));
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        } catch (IOException e) {
            System.err.println("Fatal error, can't open config file '" + configFile + "': " + e.getMessage());
            System.exit(1);
            return;
        }
        if (config.daemonize) Log.warning("daemonize yes is not supported by aeredis; running in the foreground.");

        RedisServer server = new RedisServer(config);
        server.configFile = configFile.isEmpty() || configFile.equals("-") ? "" : Path.of(configFile).toAbsolutePath().toString();
        try {
            server.init();
        } catch (RuntimeException e) {
            Log.warning(e.getMessage());
            System.exit(1);
            return;
        }
        Log.notice("Running mode=standalone, port=" + server.port() + ".");
        Log.notice("Event loop backend: " + server.backendName());
        Log.warning("Server initialized");
        Thread loopThread = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!loopThread.isAlive()) return; // already stopped by SHUTDOWN
            Log.warning("Received SIGTERM scheduling shutdown...");
            server.shutdownAsync();
            try {
                loopThread.join(2000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown-hook"));
        server.run();
    }

    private static void log(String msg) {
        Log.log(Log.LL_WARNING, 'C', msg);
    }

    /** "--port 6380 --bind a b" becomes "port 6380\nbind a b\n", arguments quoted as Redis does. */
    static String optionsToConfigText(String[] args, int from) {
        StringBuilder sb = new StringBuilder();
        for (int j = from; j < args.length; j++) {
            String a = args[j];
            if (a.startsWith("--") && a.length() > 2) {
                if (sb.length() > 0) sb.append('\n');
                sb.append(a.substring(2));
            } else {
                sb.append(' ').append(ConfigArgs.quote(a));
            }
        }
        return sb.append('\n').toString();
    }

    private static void usage() {
        System.err.println("Usage: bin/aeredis-server [/path/to/redis.conf] [options] [-]");
        System.err.println("       bin/aeredis-server -v or --version");
        System.err.println("       bin/aeredis-server -h or --help");
        System.err.println();
        System.err.println("Examples:");
        System.err.println("       bin/aeredis-server (run the server with default conf)");
        System.err.println("       bin/aeredis-server /etc/redis/6379.conf");
        System.err.println("       bin/aeredis-server --port 7777");
        System.err.println("       bin/aeredis-server --port 7777 --ae-backend select");
        System.err.println("       bin/aeredis-server /etc/myredis.conf --loglevel verbose -");
    }
}
