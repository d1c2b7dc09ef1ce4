package io.aeredis.commands;

import static io.aeredis.commands.RedisCommand.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandTableTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[][] argv(String... a) {
        byte[][] out = new byte[a.length][];
        for (int i = 0; i < a.length; i++) out[i] = b(a[i]);
        return out;
    }

    private static CommandTable sample() {
        CommandTable t = new CommandTable();
        SampleCommands.register(t);
        return t;
    }

    @Test
    void lookupIgnoresAsciiCaseOfArgv0() {
        CommandTable t = sample();
        RedisCommand get = t.lookup(b("get"));
        assertNotNull(get);
        assertSame(get, t.lookup(b("GET")));
        assertSame(get, t.lookup(b("gEt")));
        assertSame(get, t.lookup("Get"));
    }

    @Test
    void lookupOfUnknownOrNearMissNamesIsNull() {
        CommandTable t = sample();
        assertNull(t.lookup(b("ge")));
        assertNull(t.lookup(b("gett")));
        assertNull(t.lookup(b("")));
        assertNull(t.lookup(b("g\u00e9t")));
        assertNull(t.lookup(b("nosuch")));
    }

    @Test
    void onlyAsciiLettersFoldCase() {
        CommandTable t = new CommandTable();
        t.add(command("x{", 1, "", 0, 0, 0, "server"));
        assertNotNull(t.lookup(b("X{")));
        // '[' is 0x5B, '{' 0x7B: they differ by the case bit but are not letters.
        assertNull(t.lookup(b("x[")));
    }

    @Test
    void lookupStillFindsEveryCommandAfterTheTableGrows() {
        CommandTable t = new CommandTable();
        List<RedisCommand> added = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            RedisCommand c = command("cmd" + i, 1, "fast", 0, 0, 0, "server");
            t.add(c);
            added.add(c);
        }
        assertEquals(500, t.size());
        for (int i = 0; i < 500; i++) {
            assertSame(added.get(i), t.lookup(b("CMD" + i)));
        }
        assertEquals(added, new ArrayList<>(t.all()));
    }

    @Test
    void lookupByFullNameFindsSubcommandsCaseInsensitively() {
        CommandTable t = sample();
        RedisCommand setname = t.lookup("box|setname");
        assertNotNull(setname);
        assertEquals("box|setname", setname.fullname);
        assertSame(setname, t.lookup("BOX|SetName"));
        assertNull(t.lookup("box|nosuch"));
        assertNull(t.lookup("get|x"), "GET has no subcommands");
        assertNull(t.lookup("box|setname|x"));
        assertNull(t.lookup("nosuch|setname"));
    }

    @Test
    void lookupCommandReturnsTheSubcommandOfAContainerWhenThereIsASecondArgument() {
        CommandTable t = sample();
        RedisCommand box = t.lookup("box");
        assertSame(box, t.lookupCommand(argv("BOX"), 1));
        assertSame(t.lookup("box|kill"), t.lookupCommand(argv("box", "KILL", "x"), 3));
        assertNull(t.lookupCommand(argv("box", "nosuch"), 2));
        // argc, not argv.length, decides: a recycled argv array may be longer.
        assertSame(box, t.lookupCommand(argv("box", "kill"), 1));
    }

    @Test
    void lookupCommandIgnoresFurtherArgumentsOfPlainCommands() {
        CommandTable t = sample();
        assertSame(t.lookup("get"), t.lookupCommand(argv("get", "setname"), 2));
        assertNull(t.lookupCommand(argv("nosuch", "x"), 2));
        assertNull(t.lookupCommand(new byte[0][], 0));
    }

    @Test
    void sizeAndAllCountTopLevelCommandsOnly() {
        CommandTable t = sample();
        assertEquals(11, t.size());
        assertEquals(11, t.all().size());
        assertEquals("get", t.all().iterator().next().name);
    }

    @Test
    void addingTheSameNameTwiceFails() {
        CommandTable t = sample();
        assertThrows(IllegalStateException.class, () -> t.add(command("GET", 2, "", 1, 1, 1, "string")));
    }

    @Test
    void addRejectsAMalformedSyntaxLine() {
        CommandTable t = new CommandTable();
        RedisCommand bad = command("bad", -2, "", 0, 0, 0, "server").syntax("key [NX | XX");
        assertThrows(IllegalArgumentException.class, () -> t.add(bad));
    }

    @Test
    void addDerivesAKeySpecFromTheLegacyKeyRange() {
        CommandTable t = sample();
        KeySpec get = t.lookup("get").keySpecs.get(0);
        assertEquals(KeySpec.BeginSearch.INDEX, get.beginSearch);
        assertEquals(1, get.bsIndex);
        assertEquals(0, get.fkLastKey);
        assertEquals(1, get.fkKeyStep);
        assertEquals(List.of("RO", "access"), KeySpec.flagNames(get.flags));

        KeySpec mset = t.lookup("mset").keySpecs.get(0);
        assertEquals(-1, mset.fkLastKey);
        assertEquals(2, mset.fkKeyStep);
        assertEquals(List.of("OW", "update"), KeySpec.flagNames(mset.flags));

        assertEquals(2, t.lookup("rename").keySpecs.size(), "declared specs are kept as they are");
        assertEquals(0, t.lookup("scan").keySpecs.size());
    }

    @Test
    void aclCategoriesFollowFlagsAndGroupLikeSetImplicitACLCategories() {
        CommandTable t = sample();
        assertEquals(List.of("@read", "@string", "@fast"), AclCategory.names(t.lookup("get").aclCategories));
        assertEquals(List.of("@write", "@string", "@slow"), AclCategory.names(t.lookup("set").aclCategories));
        assertEquals(List.of("@keyspace", "@write", "@slow"), AclCategory.names(t.lookup("del").aclCategories));
        assertEquals(List.of("@read", "@stream", "@slow", "@blocking"), AclCategory.names(t.lookup("xread").aclCategories));
        assertEquals(List.of("@slow", "@scripting"), AclCategory.names(t.lookup("eval").aclCategories));
        // Declared categories replace the group's (server implies none anyway).
        assertEquals(List.of("@keyspace", "@write", "@slow", "@dangerous"), AclCategory.names(t.lookup("flushall").aclCategories));
        // A container carries only what its flags imply; its subcommands get their group's.
        assertEquals(List.of("@slow"), AclCategory.names(t.lookup("box").aclCategories));
        assertEquals(List.of("@admin", "@slow", "@dangerous", "@connection"),
            AclCategory.names(t.lookup("box|kill").aclCategories));
    }

    @Test
    void addParsesTheSyntaxLineOfCommandsAndSubcommands() {
        CommandTable t = sample();
        assertEquals("[key:key#0]", t.lookup("get").args.toString());
        assertEquals("[connection-name:string]", t.lookup("box|setname").args.toString());
        assertEquals(List.of(), t.lookup("box").args);
    }
}
