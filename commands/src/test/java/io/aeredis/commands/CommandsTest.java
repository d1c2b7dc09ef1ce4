package io.aeredis.commands;

import static io.aeredis.commands.CommandTestKit.call;
import static io.aeredis.commands.CommandTestKit.list;
import static io.aeredis.commands.CommandTestKit.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real table: every family registered by {@link Commands#registerAll}. */
class CommandsTest {
    private static RedisCore core() {
        RedisCore core = new RedisCore(16);
        Commands.registerAll(core.commands);
        return core;
    }

    private static List<RedisCommand> everyCommand(CommandTable t) {
        List<RedisCommand> out = new ArrayList<>();
        for (RedisCommand c : t.all()) {
            out.add(c);
            out.addAll(c.subcommands.values());
        }
        return out;
    }

    @Test
    void registerAllAddsEveryFamily() {
        CommandTable t = core().commands;
        for (String name : List.of("get", "set", "mset", "del", "keys", "scan", "rename", "expire", "ttl",
            "ping", "echo", "time", "command", "command|docs")) {
            assertNotNull(t.lookup(name), name);
        }
    }

    @Test
    void everyCommandHasSummarySinceGroupAndAProcOrSubcommands() {
        for (RedisCommand c : everyCommand(core().commands)) {
            assertFalse(c.summary.isBlank(), c.fullname + " summary");
            assertTrue(c.since.matches("\\d+\\.\\d+\\.\\d+"), c.fullname + " since " + c.since);
            assertFalse(c.group.isBlank(), c.fullname + " group");
            assertFalse(c.complexity.isBlank(), c.fullname + " complexity");
            assertTrue(c.arity != 0, c.fullname + " arity");
            assertTrue(c.proc != null || !c.subcommands.isEmpty(), c.fullname + " proc");
        }
    }

    @Test
    void everySyntaxLineParsesAndItsKeysPointAtKeySpecs() {
        for (RedisCommand c : everyCommand(core().commands)) {
            // add() already parsed it; parse again to be sure the line round-trips on its own.
            List<CommandArg> args = ArgumentSyntax.parse(c.syntax);
            assertEquals(c.syntax.isBlank(), args.isEmpty(), c.fullname);
            List<CommandArg> keys = new ArrayList<>();
            collectKeys(c.args, keys);
            for (CommandArg k : keys) {
                assertTrue(k.keySpecIndex >= 0 && k.keySpecIndex < c.keySpecs.size(), c.fullname + " " + k);
            }
            if (!c.keySpecs.isEmpty()) {
                assertFalse(keys.isEmpty(), c.fullname + " has key specs but its syntax names no key: " + c.syntax);
            }
        }
    }

    private static void collectKeys(List<CommandArg> args, List<CommandArg> out) {
        for (CommandArg a : args) {
            if (a.type == CommandArg.Type.KEY) out.add(a);
            collectKeys(a.subargs, out);
        }
    }

    @Test
    void commandInfoAndDocsCoverTheWholeTableInBothProtocols() {
        RedisCore core = core();
        int n = core.commands.size();
        for (int resp : new int[] {2, 3}) {
            Client c = CommandTestKit.client(core, resp);
            assertEquals((long) n, call(c, "command", "count"));
            assertEquals(n, list(call(c, "command")).size());
            Object docs = call(c, "command", "docs");
            assertEquals(n, resp == 3 ? map(docs).size() : list(docs).size() / 2);
        }
    }
}
