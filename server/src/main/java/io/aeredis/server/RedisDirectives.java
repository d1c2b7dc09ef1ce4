package io.aeredis.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The directive names Redis 7.0 accepts in redis.conf (the resource
 * {@code redis-7.0-directives.txt}), so that an existing redis.conf loads: directives aeredis
 * does not implement are reported instead of being fatal.
 */
final class RedisDirectives {
    private static final Set<String> KNOWN = load();

    private RedisDirectives() {}

    static boolean isKnown(String lowerCaseName) {
        return KNOWN.contains(lowerCaseName);
    }

    private static Set<String> load() {
        try (InputStream in = RedisDirectives.class.getResourceAsStream("/redis-7.0-directives.txt")) {
            if (in == null) throw new IllegalStateException("redis-7.0-directives.txt is missing from the jar");
            Set<String> names = new HashSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                String t = line.trim();
                if (!t.isEmpty() && !t.startsWith("#")) names.add(t);
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
