package io.aeredis.commands;

import static io.aeredis.commands.RedisCommand.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * COMMAND and its subcommands: commandCommand, commandCountCommand, commandInfoCommand,
 * commandDocsCommand, commandListCommand, commandGetKeysCommand and friends of server.c
 * (Redis 7.0). Unknown subcommands never get here: the dispatcher's lookupCommand finds no
 * subcommand and replies "unknown subcommand".
 */
public final class CommandCommands {
    private CommandCommands() {}

    private static final String FLAGS = "loading stale";

    public static void register(CommandTable t) {
        RedisCommand cmd = command("command", -1, FLAGS, 0, 0, 0, "server")
            .since("2.8.13")
            .summary("Get array of Redis command details")
            .complexity("O(N) where N is the total number of Redis commands")
            .aclCategories("connection")
            .tips("nondeterministic_output_order")
            .proc(CommandCommands::commandCommand);
        cmd.subcommand(command("count", 2, FLAGS, 0, 0, 0, "server")
            .since("2.8.13")
            .summary("Get total number of Redis commands")
            .complexity("O(1)")
            .aclCategories("connection")
            .proc(CommandCommands::commandCountCommand));
        cmd.subcommand(command("docs", -2, FLAGS, 0, 0, 0, "server")
            .since("7.0.0")
            .summary("Get array of specific Redis command documentation")
            .complexity("O(N) where N is the number of commands to look up")
            .syntax("[command-name [command-name ...]]")
            .aclCategories("connection")
            .tips("nondeterministic_output_order")
            .proc(CommandCommands::commandDocsCommand));
        cmd.subcommand(command("getkeys", -4, FLAGS, 0, 0, 0, "server")
            .since("2.8.13")
            .summary("Extract keys given a full Redis command")
            .complexity("O(N) where N is the number of arguments to the command")
            .aclCategories("connection")
            .proc(CommandCommands::commandGetKeysCommand));
        cmd.subcommand(command("getkeysandflags", -4, FLAGS, 0, 0, 0, "server")
            .since("7.0.0")
            .summary("Extract keys and access flags given a full Redis command")
            .complexity("O(N) where N is the number of arguments to the command")
            .aclCategories("connection")
            .proc(CommandCommands::commandGetKeysAndFlagsCommand));
        cmd.subcommand(command("help", 2, FLAGS, 0, 0, 0, "server")
            .since("5.0.0")
            .summary("Show helpful text about the different subcommands")
            .complexity("O(1)")
            .aclCategories("connection")
            .proc(CommandCommands::commandHelpCommand));
        cmd.subcommand(command("info", -2, FLAGS, 0, 0, 0, "server")
            .since("2.8.13")
            .summary("Get array of specific Redis command details, or all when no argument is given.")
            .complexity("O(N) where N is the number of commands to look up")
            .syntax("[command-name [command-name ...]]")
            .history("7.0.0", "Allowed to be called with no argument to get info on all commands.")
            .aclCategories("connection")
            .tips("nondeterministic_output_order")
            .proc(CommandCommands::commandInfoCommand));
        cmd.subcommand(command("list", -2, FLAGS, 0, 0, 0, "server")
            .since("7.0.0")
            .summary("Get an array of Redis command names")
            .complexity("O(N) where N is the total number of Redis commands")
            .syntax("[FILTERBY <MODULE module-name | ACLCAT category | PATTERN pattern>]")
            .aclCategories("connection")
            .tips("nondeterministic_output_order")
            .proc(CommandCommands::commandListCommand));
        t.add(cmd);
    }

    /** commandCommand: COMMAND with no arguments, the info of every command. */
    static void commandCommand(Client c) {
        CommandTable table = c.server.commands;
        c.addReplyArrayLen(table.size());
        for (RedisCommand cmd : table.all()) CommandDocs.addReplyCommandInfo(c, cmd);
    }

    /** commandCountCommand: top-level commands only, like dictSize(server.commands). */
    static void commandCountCommand(Client c) {
        c.addReplyLongLong(c.server.commands.size());
    }

    /** commandInfoCommand: without names, every command; unknown names give nulls. */
    static void commandInfoCommand(Client c) {
        if (c.argc == 2) {
            commandCommand(c);
            return;
        }
        CommandTable table = c.server.commands;
        c.addReplyArrayLen(c.argc - 2);
        for (int i = 2; i < c.argc; i++) CommandDocs.addReplyCommandInfo(c, table.lookup(str(c.argv[i])));
    }

    /** commandDocsCommand: a map name → docs; unknown names are skipped. */
    static void commandDocsCommand(Client c) {
        CommandTable table = c.server.commands;
        if (c.argc == 2) {
            c.addReplyMapLen(table.size());
            for (RedisCommand cmd : table.all()) {
                c.addReplyBulkCString(cmd.fullname);
                CommandDocs.addReplyCommandDocs(c, cmd);
            }
            return;
        }
        // Redis uses a deferred length; looking the names up first gives the count directly.
        List<RedisCommand> found = new ArrayList<>();
        for (int i = 2; i < c.argc; i++) {
            RedisCommand cmd = table.lookup(str(c.argv[i]));
            if (cmd != null) found.add(cmd);
        }
        c.addReplyMapLen(found.size());
        for (RedisCommand cmd : found) {
            c.addReplyBulkCString(cmd.fullname);
            CommandDocs.addReplyCommandDocs(c, cmd);
        }
    }

    private enum ListFilter { NONE, MODULE, ACLCAT, PATTERN }

    /** commandListCommand: names of all commands and subcommands, optionally filtered. */
    static void commandListCommand(Client c) {
        ListFilter filter = ListFilter.NONE;
        String arg = null;
        for (int i = 2; i < c.argc; i++) {
            int moreargs = (c.argc - 1) - i;
            if (str(c.argv[i]).equalsIgnoreCase("filterby") && moreargs == 2) {
                String type = str(c.argv[i + 1]);
                if (type.equalsIgnoreCase("module")) {
                    filter = ListFilter.MODULE;
                } else if (type.equalsIgnoreCase("aclcat")) {
                    filter = ListFilter.ACLCAT;
                } else if (type.equalsIgnoreCase("pattern")) {
                    filter = ListFilter.PATTERN;
                } else {
                    c.addReplyError("syntax error");
                    return;
                }
                arg = str(c.argv[i + 2]);
                i += 2;
            } else {
                c.addReplyError("syntax error");
                return;
            }
        }

        List<RedisCommand> out = new ArrayList<>();
        long aclcat = filter == ListFilter.ACLCAT ? AclCategory.byName(arg) : 0;
        byte[] pattern = filter == ListFilter.PATTERN ? arg.getBytes(StandardCharsets.UTF_8) : null;
        for (RedisCommand cmd : c.server.commands.all()) {
            collect(cmd, filter, aclcat, pattern, out);
        }
        c.addReplyArrayLen(out.size());
        for (RedisCommand cmd : out) c.addReplyBulkCString(cmd.fullname);
    }

    /** commandListWithFilter / commandListWithoutFilter: a command, then its subcommands. */
    private static void collect(RedisCommand cmd, ListFilter filter, long aclcat, byte[] pattern, List<RedisCommand> out) {
        if (!shouldFilterFromCommandList(cmd, filter, aclcat, pattern)) out.add(cmd);
        for (RedisCommand sub : cmd.subcommands.values()) collect(sub, filter, aclcat, pattern, out);
    }

    private static boolean shouldFilterFromCommandList(RedisCommand cmd, ListFilter filter, long aclcat, byte[] pattern) {
        return switch (filter) {
            case NONE -> false;
            case MODULE -> true; // no modules: nothing belongs to any module
            case ACLCAT -> aclcat == 0 || (cmd.aclCategories & aclcat) == 0; // unknown category lists nothing
            case PATTERN -> !GlobMatch.stringmatch(pattern, cmd.fullname.getBytes(StandardCharsets.UTF_8), true);
        };
    }

    static void commandGetKeysCommand(Client c) {
        getKeysSubcommandImpl(c, false);
    }

    static void commandGetKeysAndFlagsCommand(Client c) {
        getKeysSubcommandImpl(c, true);
    }

    /**
     * getKeysSubcommandImpl: look up argv[2..] as a command line and list its keys (with the
     * key-spec flags of each for GETKEYSANDFLAGS).
     */
    private static void getKeysSubcommandImpl(Client c, boolean withFlags) {
        int argc = c.argc - 2;
        byte[][] argv = new byte[argc][];
        System.arraycopy(c.argv, 2, argv, 0, argc);
        RedisCommand cmd = c.server.commands.lookupCommand(argv, argc);
        if (cmd == null) {
            c.addReplyError("Invalid command specified");
            return;
        } else if (!KeySpec.commandHasKeys(cmd)) {
            c.addReplyError("The command has no key arguments");
            return;
        } else if ((cmd.arity > 0 && cmd.arity != argc) || argc < -cmd.arity) {
            c.addReplyError("Invalid number of arguments specified for command");
            return;
        }

        KeySpec.KeyReferences keys = KeySpec.getKeysFromCommandWithSpecs(cmd, argv, argc);
        if (keys == null || keys.count == 0) {
            if (cmd.has(RedisCommand.NO_MANDATORY_KEYS)) {
                c.addReplyArrayLen(0);
            } else {
                c.addReplyError("Invalid arguments specified for command");
            }
            return;
        }
        c.addReplyArrayLen(keys.count);
        for (int j = 0; j < keys.count; j++) {
            if (withFlags) c.addReplyArrayLen(2);
            c.addReplyBulk(argv[keys.pos[j]]);
            if (withFlags) {
                List<String> names = KeySpec.flagNames(keys.flags[j]);
                c.reply.addReplySetLen(names.size());
                for (String n : names) c.addReplyStatus(n);
            }
        }
    }

    private static final String[] HELP = {
        "(no subcommand)",
        "    Return details about all Redis commands.",
        "COUNT",
        "    Return the total number of commands in this Redis server.",
        "LIST",
        "    Return a list of all commands in this Redis server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full Redis command.",
        "GETKEYSANDFLAGS <full-command>",
        "    Return the keys and the access flags from a full Redis command.",
    };

    static void commandHelpCommand(Client c) {
        addReplyHelp(c, HELP);
    }

    /**
     * addReplyHelp (networking.c): a header naming argv[0] in upper case, the given lines, and
     * the HELP footer, each as a status reply. Shared by every container's HELP subcommand.
     */
    public static void addReplyHelp(Client c, String[] lines) {
        c.addReplyArrayLen(lines.length + 3);
        c.addReplyStatus(str(c.argv[0]).toUpperCase(java.util.Locale.ROOT)
            + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String l : lines) c.addReplyStatus(l);
        c.addReplyStatus("HELP");
        c.addReplyStatus("    Prints this help.");
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
