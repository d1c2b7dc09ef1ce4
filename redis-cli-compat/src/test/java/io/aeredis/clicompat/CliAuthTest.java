package io.aeredis.clicompat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** redis-cli -a / --user / --pass / AUTH against servers with requirepass, piped and on a pty. */
@Timeout(120)
class CliAuthTest {
    static final String WARNING = "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.\n";
    static Both both;

    @BeforeAll
    static void start() {
        both = Both.start("requirepass s3cret", "--requirepass", "s3cret");
    }

    @AfterAll
    static void stop() {
        if (both != null) both.close();
    }

    @Test
    void passwordOnTheCommandLine() {
        assertEquals("NOAUTH Authentication required.\n\n", both.cli("ping"));
        Tools.Result r = both.same(t -> Tools.cli(t, "-a", "s3cret", "ping"), null);
        assertEquals("PONG\n", r.out());
        assertEquals(WARNING, r.err());
        assertEquals("PONG\n", both.cli("--no-auth-warning", "-a", "s3cret", "ping"));
        assertEquals("PONG\n", both.cli("--no-auth-warning", "--user", "default", "--pass", "s3cret", "ping"));
        assertEquals("PONG\n", both.cli("--no-auth-warning", "-u", "redis://default:s3cret@127.0.0.1", "ping"));
        r = both.same(t -> Tools.cli(t, "--no-auth-warning", "-a", "wrong", "ping"), null);
        assertEquals("AUTH failed: WRONGPASS invalid username-password pair or user is disabled.\n", r.err());
        assertEquals("NOAUTH Authentication required.\n\n", r.out());
        // RESP3 with a password: redis-cli authenticates, then switches protocol with HELLO 3.
        assertEquals("(integer) 1\n", both.cli("--no-auth-warning", "-a", "s3cret", "-3", "--no-raw", "hset", "authhash", "a", "1"));
        assertEquals("1# \"a\" => \"1\"\n", both.cli("--no-auth-warning", "-a", "s3cret", "-3", "--no-raw", "hgetall", "authhash"));
    }

    @Test
    void authOnPipedStdin() {
        String out = both.cli("ping\nauth wrong\nauth s3cret\nping\nauth default s3cret\n".getBytes(StandardCharsets.UTF_8), "--no-raw");
        assertEquals("(error) NOAUTH Authentication required.\n"
                + "(error) WRONGPASS invalid username-password pair or user is disabled.\n"
                + "OK\nPONG\nOK\n", out);
    }

    @Test
    void interactiveWithAndWithoutDashA() throws Exception {
        for (Target t : both.targets()) {
            try (Pty pty = Pty.redisCli(t, "--no-auth-warning", "-a", "s3cret")) {
                assertEquals("PONG\n", pty.reply("ping"), t.name());
                assertEquals("OK\n", pty.reply("set authed yes"), t.name());
                pty.typeAndExit("quit");
            }
            try (Pty pty = Pty.redisCli(t)) {
                assertEquals("(error) NOAUTH Authentication required.\n", pty.reply("get authed"), t.name());
                assertEquals("(error) WRONGPASS invalid username-password pair or user is disabled.\n", pty.reply("auth nope"), t.name());
                assertEquals("OK\n", pty.reply("auth s3cret"), t.name());
                assertEquals("\"yes\"\n", pty.reply("get authed"), t.name());
                pty.typeAndExit("quit");
            }
        }
    }

    @Test
    void clientListShowsTheAuthenticatedUser() {
        Tools.Result r = Tools.run(Tools.cli(both.aeredis, "--no-auth-warning", "-a", "s3cret", "client", "list"));
        assertTrue(r.out().contains(" user=default "), r.describe());
        assertTrue(r.out().contains(" cmd=client|list "), r.describe());
    }
}
