package io.aeredis.server;

import java.util.Locale;

/**
 * The {@code client-output-buffer-limit} option: hard limit, soft limit and soft seconds per
 * client class (Redis's {@code clientBufferLimitsConfig}). Defaults as Redis 7.0:
 * normal 0 0 0, replica 256mb 64mb 60, pubsub 32mb 8mb 60.
 */
public final class ClientBufferLimits {
    public static final int CLASS_NORMAL = 0;
    public static final int CLASS_REPLICA = 1;
    public static final int CLASS_PUBSUB = 2;
    private static final String[] NAMES = {"normal", "slave", "pubsub"};

    final long[] hard = {0, 256L << 20, 32L << 20};
    final long[] soft = {0, 64L << 20, 8L << 20};
    final long[] softSeconds = {0, 60, 60};

    public long hard(int cls) { return hard[cls]; }
    public long soft(int cls) { return soft[cls]; }
    public long softSeconds(int cls) { return softSeconds[cls]; }

    /** Parses "class hard soft seconds [class hard soft seconds ...]"; returns an error text or null. */
    String parse(String[] a) {
        if (a.length == 0 || a.length % 4 != 0) return "Wrong number of arguments in buffer limit configuration.";
        long[][] parsed = new long[a.length / 4][];
        int[] classes = new int[a.length / 4];
        for (int i = 0; i < a.length; i += 4) {
            int cls = classOf(a[i]);
            Long h = ServerConfig.parseMemory(a[i + 1]);
            Long s = ServerConfig.parseMemory(a[i + 2]);
            Long secs = ServerConfig.parseLong(a[i + 3]);
            if (cls < 0) return "Invalid client class specified in buffer limit configuration.";
            if (h == null || s == null || secs == null || h < 0 || s < 0 || secs < 0) {
                return "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
            }
            classes[i / 4] = cls;
            parsed[i / 4] = new long[]{h, s, secs};
        }
        for (int i = 0; i < classes.length; i++) {
            hard[classes[i]] = parsed[i][0];
            soft[classes[i]] = parsed[i][1];
            softSeconds[classes[i]] = parsed[i][2];
        }
        return null;
    }

    private static int classOf(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "normal": return CLASS_NORMAL;
            case "slave": case "replica": return CLASS_REPLICA;
            case "pubsub": return CLASS_PUBSUB;
            default: return -1;
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < NAMES.length; i++) {
            if (i > 0) sb.append(' ');
            sb.append(NAMES[i]).append(' ').append(hard[i]).append(' ').append(soft[i]).append(' ').append(softSeconds[i]);
        }
        return sb.toString();
    }
}
