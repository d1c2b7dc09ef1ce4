package io.aeredis.clicompat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * aeredis and the reference redis-server side by side: one redis-cli invocation is run against
 * each, and what redis-cli prints must be identical (once each server's port number is replaced
 * by "PORT"). This is how the tests know the expected formatting: from redis-cli itself talking
 * to Redis 7.0, not from a guess.
 */
public final class Both implements AutoCloseable {
    public final Aeredis aeredis;
    public final RealRedis redis;

    private Both(Aeredis aeredis, RealRedis redis) {
        this.aeredis = aeredis;
        this.redis = redis;
    }

    /** Starts aeredis with {@code aeredisConfig} (redis.conf lines) and redis-server with {@code redisArgs}. */
    public static Both start(String aeredisConfig, String... redisArgs) {
        RealRedis redis = RealRedis.start(redisArgs);
        try {
            return new Both(Aeredis.start(aeredisConfig), redis);
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    public static Both start() {
        return start("");
    }

    public List<Target> targets() {
        return List.of(redis, aeredis);
    }

    /** Something to do on both servers through a plain connection (setting up data). */
    public interface Setup {
        void on(Resp c) throws IOException;
    }

    public void setup(Setup s) throws IOException {
        for (Target t : targets()) {
            try (Resp c = Resp.connect(t)) {
                s.on(c);
            }
        }
    }

    /** {@code redis-cli args...} with {@code stdin} against both; stdout, stderr and exit status must match. Returns aeredis's stdout. */
    public String cli(byte[] stdin, String... args) {
        return same(t -> Tools.cli(t, args), stdin).out();
    }

    public String cli(String... args) {
        return cli(null, args);
    }

    /** Runs the command built for each server and checks both printed the same; returns aeredis's result. */
    public Tools.Result same(Function<Target, List<String>> command, byte[] stdin) {
        Tools.Result expected = Tools.run(command.apply(redis), stdin, Duration.ofSeconds(60));
        Tools.Result actual = Tools.run(command.apply(aeredis), stdin, Duration.ofSeconds(60));
        String what = String.join(" ", command.apply(aeredis).subList(1, command.apply(aeredis).size()));
        assertEquals(normalize(expected.out(), redis), normalize(actual.out(), aeredis),
                "stdout of `" + what + "`: redis-server (expected) vs aeredis\n" + actual.describe());
        assertEquals(normalize(expected.err(), redis), normalize(actual.err(), aeredis),
                "stderr of `" + what + "`\n" + actual.describe());
        assertEquals(expected.exit(), actual.exit(), "exit status of `" + what + "`\n" + actual.describe());
        return new Tools.Result(actual.command(), actual.exit(), normalize(actual.out(), aeredis),
                normalize(actual.err(), aeredis));
    }

    /** The port number of the server replaced by "PORT", so two transcripts can be compared. */
    public static String normalize(String text, Target t) {
        return text.replaceAll("\\b" + Pattern.quote(Integer.toString(t.port())) + "\\b", "PORT");
    }

    @Override
    public void close() {
        try {
            aeredis.close();
        } finally {
            redis.close();
        }
    }
}
