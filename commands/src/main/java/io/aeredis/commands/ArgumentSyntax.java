package io.aeredis.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a docs syntax line, as redis.io prints a command's arguments (e.g.
 * {@code key value [NX | XX] [GET] [EX seconds | PX milliseconds | KEEPTTL]}), back into the
 * {@code redisCommandArg} tree Redis 7.0 keeps in its JSON command files and COMMAND DOCS
 * prints. The syntax line is what Redis renders from that tree, so the rules invert its
 * rendering:
 * <ul>
 * <li>{@code [ ... ]} is optional; {@code < ... >} groups without making optional.</li>
 * <li>{@code a | b} inside a group is a {@code oneof}, named by its alternatives' names joined
 *     with '_' (Redis's own convention for unnamed choices, e.g. {@code normal_master_slave}).</li>
 * <li>A group holding several arguments in sequence is a {@code block}, named the same way
 *     ({@code key value} → {@code key_value}).</li>
 * <li>An upper-case word is a token. Followed by lower-case words it prefixes them:
 *     {@code EX seconds} is argument {@code seconds} with token EX, {@code LIMIT offset count} a
 *     block named {@code limit} with token LIMIT. Followed by a {@code <...>} group it prefixes
 *     that group ({@code TYPE <A | B>}: a oneof named {@code type}). Alone it is a
 *     {@code pure-token} named after itself in lower case ({@code "" } → {@code empty_string}).</li>
 * <li>{@code x [x ...]} makes x {@code multiple}; {@code TOKEN x [TOKEN x ...]} also
 *     {@code multiple_token}; {@code TOKEN x [x ...]} is x multiple after a single token;
 *     {@code a b [a b ...]} is a multiple block {@code a_b}; a lone {@code [x ...]} is
 *     optional and multiple.</li>
 * <li>Types, which the line does not spell out, come from the argument's name: {@code key},
 *     names ending in "key", {@code key1}/{@code key2}..., {@code source},
 *     {@code destination}, {@code src} and {@code dst} are keys; {@code pattern}
 *     is a pattern; names starting "unix-time" are unix-time; a fixed list of counting names
 *     (seconds, milliseconds, count, offset, cursor, start, stop, end, index, ...) are
 *     integers; score/longitude/latitude/radius are doubles; anything else is a string.</li>
 * </ul>
 * Per-argument "since" and "summary" cannot be recovered from a syntax line and are omitted.
 */
public final class ArgumentSyntax {
    private ArgumentSyntax() {}

    private static final Set<String> INTEGER_NAMES = Set.of(
        "cursor", "count", "seconds", "milliseconds", "offset", "start", "stop", "end", "index",
        "db", "numkeys", "numreplicas", "increment", "decrement", "port", "client-id", "rank",
        "num-matches", "len", "timeout", "destination-db", "index1", "index2", "integer", "limit");
    private static final Set<String> DOUBLE_NAMES = Set.of("score", "longitude", "latitude", "radius");

    /** Parses {@code syntax}; an empty line means no arguments. Throws IllegalArgumentException if malformed. */
    public static List<CommandArg> parse(String syntax) {
        if (syntax == null || syntax.isBlank()) return new ArrayList<>();
        Parser p = new Parser(syntax);
        List<List<Node>> top = p.parseAlternatives('\0');
        if (top.size() != 1) throw p.error("'|' outside of a group");
        List<CommandArg> out = new ArrayList<>();
        for (Built b : buildSequence(top.get(0), p)) out.add(b.arg);
        return out;
    }

    /**
     * Points each key argument at a key spec: the n-th key argument (depth-first) gets spec n,
     * capped at the last spec, so {@code key newkey} maps onto RENAME's two specs and
     * {@code key [key ...]} onto DEL's one. Without specs a "key" is documented as a string.
     */
    public static void assignKeySpecIndexes(List<CommandArg> args, int numSpecs) {
        int[] next = {0};
        for (CommandArg a : args) assign(a, numSpecs, next);
    }

    private static void assign(CommandArg a, int numSpecs, int[] next) {
        if (a.type == CommandArg.Type.KEY) {
            if (numSpecs == 0) {
                a.type = CommandArg.Type.STRING;
            } else {
                a.keySpecIndex = Math.min(next[0]++, numSpecs - 1);
            }
        }
        for (CommandArg s : a.subargs) assign(s, numSpecs, next);
    }

    // ---------------------------------------------------------------- raw syntax tree

    private sealed interface Node permits Word, Group {}

    private record Word(String text) implements Node {}

    private record Group(boolean optional, List<List<Node>> alternatives) implements Node {}

    private static String text(Node n) {
        if (n instanceof Word w) return w.text;
        Group g = (Group) n;
        StringBuilder sb = new StringBuilder(g.optional ? "[" : "<");
        for (int i = 0; i < g.alternatives.size(); i++) {
            if (i > 0) sb.append(" | ");
            sb.append(text(g.alternatives.get(i)));
        }
        return sb.append(g.optional ? "]" : ">").toString();
    }

    private static String text(List<Node> nodes) {
        StringBuilder sb = new StringBuilder();
        for (Node n : nodes) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(text(n));
        }
        return sb.toString();
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) { this.s = s; }

        IllegalArgumentException error(String why) {
            return new IllegalArgumentException("bad command syntax \"" + s + "\" at " + pos + ": " + why);
        }

        /** Alternatives up to {@code close} (consumed), or to the end when close is '\0'. */
        List<List<Node>> parseAlternatives(char close) {
            List<List<Node>> alts = new ArrayList<>();
            List<Node> cur = new ArrayList<>();
            while (true) {
                while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
                if (pos == s.length()) {
                    if (close != '\0') throw error("missing '" + close + "'");
                    alts.add(cur);
                    return alts;
                }
                char ch = s.charAt(pos);
                if (ch == ']' || ch == '>') {
                    if (ch != close) throw error("unexpected '" + ch + "'");
                    pos++;
                    if (cur.isEmpty()) throw error("empty group or alternative");
                    alts.add(cur);
                    return alts;
                } else if (ch == '|') {
                    if (cur.isEmpty()) throw error("empty alternative");
                    pos++;
                    alts.add(cur);
                    cur = new ArrayList<>();
                } else if (ch == '[' || ch == '<') {
                    pos++;
                    cur.add(new Group(ch == '[', parseAlternatives(ch == '[' ? ']' : '>')));
                } else {
                    int start = pos;
                    while (pos < s.length() && !isDelimiter(s.charAt(pos))) pos++;
                    cur.add(new Word(s.substring(start, pos)));
                }
            }
        }

        private static boolean isDelimiter(char c) {
            return Character.isWhitespace(c) || c == '[' || c == ']' || c == '<' || c == '>' || c == '|';
        }
    }

    // ---------------------------------------------------------------- building the arg tree

    /** An argument under construction with the source text it came from, for matching "[... ...]". */
    private record Built(CommandArg arg, String src, String afterToken) {}

    private static boolean isToken(String w) {
        if (w.equals("...")) return false;
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (c >= 'a' && c <= 'z') return false;
        }
        return true;
    }

    private static boolean isEllipsis(Node n) {
        return n instanceof Word w && w.text.equals("...");
    }

    private static List<Built> buildSequence(List<Node> nodes, Parser p) {
        List<Built> items = new ArrayList<>();
        int i = 0;
        while (i < nodes.size()) {
            Node n = nodes.get(i);
            if (n instanceof Group g) {
                if (isRepetition(g)) {
                    applyRepetition(items, g, p);
                } else {
                    items.add(buildGroup(g, p));
                }
                i++;
                continue;
            }
            String w = ((Word) n).text;
            if (w.equals("...")) throw p.error("'...' outside of a repetition group like [key ...]");
            if (!isToken(w)) {
                items.add(new Built(wordArg(w), w, null));
                i++;
                continue;
            }
            // A token: it prefixes the lower-case words that follow, or a required group.
            int j = i + 1;
            List<String> words = new ArrayList<>();
            while (j < nodes.size() && nodes.get(j) instanceof Word x && !isToken(x.text) && !x.text.equals("...")) {
                words.add(x.text);
                j++;
            }
            CommandArg arg;
            String after;
            if (words.isEmpty() && j < nodes.size() && nodes.get(j) instanceof Group g && !g.optional && !isRepetition(g)) {
                arg = buildGroup(g, p).arg;
                if (arg.token != null) {
                    arg = block(tokenName(w), List.of(arg));
                } else if (arg.type == CommandArg.Type.ONEOF || arg.type == CommandArg.Type.BLOCK) {
                    arg.name = tokenName(w);
                }
                arg.token = w;
                after = text(g);
                j++;
            } else if (words.isEmpty()) {
                arg = new CommandArg(tokenName(w), CommandArg.Type.PURE_TOKEN);
                arg.token = w;
                after = null;
            } else if (words.size() == 1) {
                arg = wordArg(words.get(0));
                arg.token = w;
                after = words.get(0);
            } else {
                List<CommandArg> parts = new ArrayList<>();
                for (String x : words) parts.add(wordArg(x));
                arg = block(tokenName(w), parts);
                arg.token = w;
                after = String.join(" ", words);
            }
            items.add(new Built(arg, text(nodes.subList(i, j)), after));
            i = j;
        }
        return items;
    }

    /** "[... ...]": an optional group of one alternative ending in "...". */
    private static boolean isRepetition(Group g) {
        if (!g.optional || g.alternatives.size() != 1) return false;
        List<Node> alt = g.alternatives.get(0);
        return alt.size() >= 2 && isEllipsis(alt.get(alt.size() - 1));
    }

    /** Marks what "[body ...]" repeats as multiple (see the class comment for the forms). */
    private static void applyRepetition(List<Built> items, Group g, Parser p) {
        List<Node> alt = g.alternatives.get(0);
        List<Node> body = alt.subList(0, alt.size() - 1);
        String rep = text(body);
        if (!items.isEmpty()) {
            Built last = items.get(items.size() - 1);
            if (last.src.equals(rep)) {
                last.arg.flags |= CommandArg.MULTIPLE;
                if (last.arg.token != null) last.arg.flags |= CommandArg.MULTIPLE_TOKEN;
                return;
            }
            if (last.arg.token != null && rep.equals(last.afterToken)) {
                last.arg.flags |= CommandArg.MULTIPLE;
                return;
            }
            StringBuilder joined = new StringBuilder(last.src);
            for (int n = 2; n <= items.size(); n++) {
                joined.insert(0, items.get(items.size() - n).src + " ");
                if (joined.toString().equals(rep)) {
                    List<Built> tail = items.subList(items.size() - n, items.size());
                    List<CommandArg> parts = new ArrayList<>();
                    for (Built b : tail) parts.add(b.arg);
                    CommandArg blk = block(joinNames(parts), parts);
                    blk.flags |= CommandArg.MULTIPLE;
                    tail.clear();
                    items.add(new Built(blk, rep + " " + text(g), null));
                    return;
                }
            }
        }
        // Nothing before it to repeat: "[arg ...]" is zero or more args.
        Built b = single(buildSequence(body, p), rep);
        b.arg.flags |= CommandArg.OPTIONAL | CommandArg.MULTIPLE;
        items.add(new Built(b.arg, text(g), null));
    }

    private static Built buildGroup(Group g, Parser p) {
        List<CommandArg> alts = new ArrayList<>();
        for (List<Node> alt : g.alternatives) alts.add(single(buildSequence(alt, p), text(alt)).arg);
        CommandArg arg;
        if (alts.size() == 1) {
            arg = alts.get(0);
        } else {
            arg = new CommandArg(joinNames(alts), CommandArg.Type.ONEOF);
            arg.subargs.addAll(alts);
        }
        if (g.optional) arg.flags |= CommandArg.OPTIONAL;
        return new Built(arg, text(g), null);
    }

    /** One argument for a sequence: itself when alone, else a block of them. */
    private static Built single(List<Built> items, String src) {
        if (items.size() == 1) return items.get(0);
        List<CommandArg> parts = new ArrayList<>();
        for (Built b : items) parts.add(b.arg);
        return new Built(block(joinNames(parts), parts), src, null);
    }

    private static CommandArg block(String name, List<CommandArg> parts) {
        CommandArg b = new CommandArg(name, CommandArg.Type.BLOCK);
        b.subargs.addAll(parts);
        return b;
    }

    private static String joinNames(List<CommandArg> args) {
        StringBuilder sb = new StringBuilder();
        for (CommandArg a : args) {
            if (sb.length() > 0) sb.append('_');
            sb.append(a.name);
        }
        return sb.toString();
    }

    private static String tokenName(String token) {
        String t = token;
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) t = t.substring(1, t.length() - 1);
        return t.isEmpty() ? "empty_string" : t.toLowerCase(Locale.ROOT);
    }

    /** "key1", "key2" (LCS). */
    private static boolean isNumberedKey(String name) {
        if (!name.startsWith("key") || name.length() == 3) return false;
        for (int i = 3; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') return false;
        }
        return true;
    }

    private static CommandArg wordArg(String name) {
        return new CommandArg(name, typeOf(name));
    }

    static CommandArg.Type typeOf(String name) {
        if (name.endsWith("key") || isNumberedKey(name) || name.equals("source") || name.equals("destination")
                || name.equals("src") || name.equals("dst")) {
            return CommandArg.Type.KEY;
        }
        if (name.equals("pattern")) return CommandArg.Type.PATTERN;
        if (name.startsWith("unix-time")) return CommandArg.Type.UNIX_TIME;
        if (INTEGER_NAMES.contains(name)) return CommandArg.Type.INTEGER;
        if (DOUBLE_NAMES.contains(name)) return CommandArg.Type.DOUBLE;
        return CommandArg.Type.STRING;
    }
}
