package io.aeredis.commands;

import static io.aeredis.commands.CommandTestKit.ascii;
import static io.aeredis.commands.CommandTestKit.call;
import static io.aeredis.commands.CommandTestKit.callRaw;
import static io.aeredis.commands.CommandTestKit.list;
import static io.aeredis.commands.CommandTestKit.set;
import static io.aeredis.commands.CommandTestKit.st;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeredis.commands.CommandTestKit.Err;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionCommandsTest {
    private static Client client(int resp) {
        RedisCore core = new RedisCore(1);
        ConnectionCommands.register(core.commands);
        CommandCommands.register(core.commands);
        return CommandTestKit.client(core, resp);
    }

    @Test
    void pingWithoutMessageRepliesPongStatusInBothProtocols() {
        assertEquals("+PONG\r\n", ascii(callRaw(client(2), "PING")));
        assertEquals("+PONG\r\n", ascii(callRaw(client(3), "ping")));
    }

    @Test
    void pingWithMessageRepliesTheMessageAsABulk() {
        assertEquals("$11\r\nhello world\r\n", ascii(callRaw(client(2), "ping", "hello world")));
        assertEquals("$0\r\n\r\n", ascii(callRaw(client(3), "ping", "")));
    }

    @Test
    void pingWithTwoMessagesIsAnArityError() {
        assertEquals(new Err("ERR wrong number of arguments for 'ping' command"), call(client(2), "ping", "a", "b"));
    }

    @Test
    void echoRepliesItsArgumentBinarySafe() {
        assertEquals("$4\r\na\r\nb\r\n", ascii(callRaw(client(2), "echo", "a\r\nb")));
    }

    @Test
    void timeRepliesSecondsAndMicrosecondsAsBulks() {
        long before = System.currentTimeMillis() / 1000;
        List<Object> t = list(call(client(3), "time"));
        long after = System.currentTimeMillis() / 1000;
        assertEquals(2, t.size());
        long sec = Long.parseLong((String) t.get(0));
        long usec = Long.parseLong((String) t.get(1));
        assertTrue(sec >= before && sec <= after, "seconds " + sec + " not within [" + before + ", " + after + "]");
        assertTrue(usec >= 0 && usec < 1_000_000, "microseconds " + usec);
    }

    @Test
    void connectionCommandsAreDescribedLikeRedis() {
        List<Object> info = list(call(client(3), "command", "info", "ping", "echo", "time"));
        List<Object> ping = list(info.get(0));
        assertEquals(-1L, ping.get(1));
        assertEquals(set(st("fast")), ping.get(2));
        assertEquals(set(st("@fast"), st("@connection")), ping.get(6));
        List<Object> echo = list(info.get(1));
        assertEquals(set(st("loading"), st("stale"), st("fast")), echo.get(2));
        List<Object> time = list(info.get(2));
        assertEquals(1L, time.get(1));
        assertEquals(set(st("@fast")), time.get(6), "TIME is in the server group: no @connection");
        assertEquals(set("nondeterministic_output"), time.get(7));
    }
}
