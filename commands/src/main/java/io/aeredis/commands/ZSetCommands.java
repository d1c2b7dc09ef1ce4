package io.aeredis.commands;

import static io.aeredis.commands.RedisCommand.command;

import io.aeredis.resp.DoubleFormat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The sorted set commands of t_zset.c: ZADD and ZINCRBY, ZREM, the lookups (ZSCORE, ZMSCORE,
 * ZRANK, ZCARD, ZCOUNT, ZLEXCOUNT), the range family (ZRANGE with BYSCORE/BYLEX/REV/LIMIT,
 * ZRANGESTORE and the older Z[REV]RANGE[BYSCORE|BYLEX]), range removal, the pops (ZPOPMIN,
 * ZPOPMAX, ZMPOP and their blocking forms), the set algebra (ZUNION, ZINTER, ZDIFF, their
 * STORE forms and ZINTERCARD), ZRANDMEMBER and ZSCAN. Values are {@link ZSetValue}s.
 *
 * <p>Scores are doubles: replies go through addReplyDouble (RESP2 a "%.17g" bulk string,
 * RESP3 a double); arguments parse like Redis's strtod-based helpers ({@link #string2d} for
 * scores, {@link #parseRange} for intervals).
 */
public final class ZSetCommands {
    private ZSetCommands() {}

    /** Adds this family's rows to the command table. */
    public static void register(CommandTable t) {
        for (RedisCommand cmd : commands()) t.add(cmd);
    }

    private static final String GROUP = "sorted-set";
    private static final String RANGE_COMPLEXITY = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.";
    private static final String RANGEBY_COMPLEXITY = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).";
    private static final String REMRANGE_COMPLEXITY = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.";

    /** The rows, with Redis 7.0's arity, flags, key specs, ACL categories, tips and docs. */
    static List<RedisCommand> commands() {
        return List.of(
        command("zadd", -4, "write denyoom fast", 1, 1, 1, GROUP)
            .since("1.2.0").summary("Add one or more members to a sorted set, or update its score if it already exists")
            .complexity("O(log(N)) for each item added, where N is the number of elements in the sorted set.")
            .syntax("key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...]")
            .keySpecFlags("RW update")
            .history("2.4.0", "Accepts multiple elements.")
            .history("3.0.2", "Added the `XX`, `NX`, `CH` and `INCR` options.")
            .history("6.2.0", "Added the `GT` and `LT` options.")
            .proc(ZSetCommands::zaddCommand),
        command("zincrby", 4, "write denyoom fast", 1, 1, 1, GROUP)
            .since("1.2.0").summary("Increment the score of a member in a sorted set")
            .complexity("O(log(N)) where N is the number of elements in the sorted set.")
            .syntax("key increment member")
            .keySpecFlags("RW access update")
            .proc(ZSetCommands::zincrbyCommand),
        command("zrem", -3, "write fast", 1, 1, 1, GROUP)
            .since("1.2.0").summary("Remove one or more members from a sorted set")
            .complexity("O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.")
            .syntax("key member [member ...]")
            .keySpecFlags("RW delete")
            .history("2.4.0", "Accepts multiple elements.")
            .proc(ZSetCommands::zremCommand),
        command("zremrangebyscore", 4, "write", 1, 1, 1, GROUP)
            .since("1.2.0").summary("Remove all members in a sorted set within the given scores")
            .complexity(REMRANGE_COMPLEXITY)
            .syntax("key min max")
            .keySpecFlags("RW delete")
            .proc(ZSetCommands::zremrangebyscoreCommand),
        command("zremrangebyrank", 4, "write", 1, 1, 1, GROUP)
            .since("2.0.0").summary("Remove all members in a sorted set within the given indexes")
            .complexity(REMRANGE_COMPLEXITY)
            .syntax("key start stop")
            .keySpecFlags("RW delete")
            .proc(ZSetCommands::zremrangebyrankCommand),
        command("zremrangebylex", 4, "write", 1, 1, 1, GROUP)
            .since("2.8.9").summary("Remove all members in a sorted set between the given lexicographical range")
            .complexity(REMRANGE_COMPLEXITY)
            .syntax("key min max")
            .keySpecFlags("RW delete")
            .proc(ZSetCommands::zremrangebylexCommand),
        command("zunionstore", -4, "write denyoom movablekeys", 1, 1, 1, GROUP)
            .since("2.0.0").summary("Add multiple sorted sets and store the resulting sorted set in a new key")
            .complexity("O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.")
            .syntax("destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE <SUM | MIN | MAX>]")
            .keySpec(KeySpec.index(1).range(0, 1, 0).flags("OW update"))
            .keySpec(KeySpec.index(2).keynum(0, 1, 1).flags("RO access"))
            .proc(ZSetCommands::zunionstoreCommand),
        command("zinterstore", -4, "write denyoom movablekeys", 1, 1, 1, GROUP)
            .since("2.0.0").summary("Intersect multiple sorted sets and store the resulting sorted set in a new key")
            .complexity("O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.")
            .syntax("destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE <SUM | MIN | MAX>]")
            .keySpec(KeySpec.index(1).range(0, 1, 0).flags("OW update"))
            .keySpec(KeySpec.index(2).keynum(0, 1, 1).flags("RO access"))
            .proc(ZSetCommands::zinterstoreCommand),
        command("zdiffstore", -4, "write denyoom movablekeys", 1, 1, 1, GROUP)
            .since("6.2.0").summary("Subtract multiple sorted sets and store the resulting sorted set in a new key")
            .complexity("O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.")
            .syntax("destination numkeys key [key ...]")
            .keySpec(KeySpec.index(1).range(0, 1, 0).flags("OW update"))
            .keySpec(KeySpec.index(2).keynum(0, 1, 1).flags("RO access"))
            .proc(ZSetCommands::zdiffstoreCommand),
        command("zunion", -3, "readonly movablekeys", 0, 0, 0, GROUP)
            .since("6.2.0").summary("Add multiple sorted sets")
            .complexity("O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.")
            .syntax("numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE <SUM | MIN | MAX>] [WITHSCORES]")
            .keySpec(KeySpec.index(1).keynum(0, 1, 1).flags("RO access"))
            .proc(ZSetCommands::zunionCommand),
        command("zinter", -3, "readonly movablekeys", 0, 0, 0, GROUP)
            .since("6.2.0").summary("Intersect multiple sorted sets")
            .complexity("O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.")
            .syntax("numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE <SUM | MIN | MAX>] [WITHSCORES]")
            .keySpec(KeySpec.index(1).keynum(0, 1, 1).flags("RO access"))
            .proc(ZSetCommands::zinterCommand),
        command("zintercard", -3, "readonly movablekeys", 0, 0, 0, GROUP)
            .since("7.0.0").summary("Intersect multiple sorted sets and return the cardinality of the result")
            .complexity("O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.")
            .syntax("numkeys key [key ...] [LIMIT limit]")
            .keySpec(KeySpec.index(1).keynum(0, 1, 1).flags("RO access"))
            .proc(ZSetCommands::zinterCardCommand),
        command("zdiff", -3, "readonly movablekeys", 0, 0, 0, GROUP)
            .since("6.2.0").summary("Subtract multiple sorted sets")
            .complexity("O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.")
            .syntax("numkeys key [key ...] [WITHSCORES]")
            .keySpec(KeySpec.index(1).keynum(0, 1, 1).flags("RO access"))
            .proc(ZSetCommands::zdiffCommand),
        command("zrange", -4, "readonly", 1, 1, 1, GROUP)
            .since("1.2.0").summary("Return a range of members in a sorted set")
            .complexity(RANGE_COMPLEXITY)
            .syntax("key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES]")
            .keySpecFlags("RO access")
            .history("6.2.0", "Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options.")
            .proc(ZSetCommands::zrangeCommand),
        command("zrangestore", -5, "write denyoom", 1, 2, 1, GROUP)
            .since("6.2.0").summary("Store a range of members from sorted set into another key")
            .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.")
            .syntax("dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count]")
            .keySpec(KeySpec.index(1).range(0, 1, 0).flags("OW update"))
            .keySpec(KeySpec.index(2).range(0, 1, 0).flags("RO access"))
            .proc(ZSetCommands::zrangestoreCommand),
        command("zrangebyscore", -4, "readonly", 1, 1, 1, GROUP)
            .since("1.0.5").summary("Return a range of members in a sorted set, by score")
            .complexity(RANGEBY_COMPLEXITY)
            .syntax("key min max [WITHSCORES] [LIMIT offset count]")
            .keySpecFlags("RO access")
            .history("2.0.0", "Added the `WITHSCORES` modifier.")
            .docFlags("deprecated").deprecatedSince("6.2.0").replacedBy("`ZRANGE` with the `BYSCORE` argument")
            .proc(ZSetCommands::zrangebyscoreCommand),
        command("zrevrangebyscore", -4, "readonly", 1, 1, 1, GROUP)
            .since("2.2.0").summary("Return a range of members in a sorted set, by score, with scores ordered from high to low")
            .complexity(RANGEBY_COMPLEXITY)
            .syntax("key max min [WITHSCORES] [LIMIT offset count]")
            .keySpecFlags("RO access")
            .history("2.1.6", "`min` and `max` can be exclusive.")
            .docFlags("deprecated").deprecatedSince("6.2.0").replacedBy("`ZRANGE` with the `REV` and `BYSCORE` arguments")
            .proc(ZSetCommands::zrevrangebyscoreCommand),
        command("zrangebylex", -4, "readonly", 1, 1, 1, GROUP)
            .since("2.8.9").summary("Return a range of members in a sorted set, by lexicographical range")
            .complexity(RANGEBY_COMPLEXITY)
            .syntax("key min max [LIMIT offset count]")
            .keySpecFlags("RO access")
            .docFlags("deprecated").deprecatedSince("6.2.0").replacedBy("`ZRANGE` with the `BYLEX` argument")
            .proc(ZSetCommands::zrangebylexCommand),
        command("zrevrangebylex", -4, "readonly", 1, 1, 1, GROUP)
            .since("2.8.9").summary("Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.")
            .complexity(RANGEBY_COMPLEXITY)
            .syntax("key max min [LIMIT offset count]")
            .keySpecFlags("RO access")
            .docFlags("deprecated").deprecatedSince("6.2.0").replacedBy("`ZRANGE` with the `REV` and `BYLEX` arguments")
            .proc(ZSetCommands::zrevrangebylexCommand),
        command("zcount", 4, "readonly fast", 1, 1, 1, GROUP)
            .since("2.0.0").summary("Count the members in a sorted set with scores within the given values")
            .complexity("O(log(N)) with N being the number of elements in the sorted set.")
            .syntax("key min max")
            .keySpecFlags("RO access")
            .proc(ZSetCommands::zcountCommand),
        command("zlexcount", 4, "readonly fast", 1, 1, 1, GROUP)
            .since("2.8.9").summary("Count the number of members in a sorted set between a given lexicographical range")
            .complexity("O(log(N)) with N being the number of elements in the sorted set.")
            .syntax("key min max")
            .keySpecFlags("RO access")
            .proc(ZSetCommands::zlexcountCommand),
        command("zrevrange", -4, "readonly", 1, 1, 1, GROUP)
            .since("1.2.0").summary("Return a range of members in a sorted set, by index, with scores ordered from high to low")
            .complexity(RANGE_COMPLEXITY)
            .syntax("key start stop [WITHSCORES]")
            .keySpecFlags("RO access")
            .docFlags("deprecated").deprecatedSince("6.2.0").replacedBy("`ZRANGE` with the `REV` argument")
            .proc(ZSetCommands::zrevrangeCommand),
        command("zcard", 2, "readonly fast", 1, 1, 1, GROUP)
            .since("1.2.0").summary("Get the number of members in a sorted set")
            .complexity("O(1)")
            .syntax("key")
            .keySpecFlags("RO")
            .proc(ZSetCommands::zcardCommand),
        command("zscore", 3, "readonly fast", 1, 1, 1, GROUP)
            .since("1.2.0").summary("Get the score associated with the given member in a sorted set")
            .complexity("O(1)")
            .syntax("key member")
            .keySpecFlags("RO access")
            .proc(ZSetCommands::zscoreCommand),
        command("zmscore", -3, "readonly fast", 1, 1, 1, GROUP)
            .since("6.2.0").summary("Get the score associated with the given members in a sorted set")
            .complexity("O(N) where N is the number of members being requested.")
            .syntax("key member [member ...]")
            .keySpecFlags("RO access")
            .proc(ZSetCommands::zmscoreCommand),
        command("zrank", 3, "readonly fast", 1, 1, 1, GROUP)
            .since("2.0.0").summary("Determine the index of a member in a sorted set")
            .complexity("O(log(N))")
            .syntax("key member")
            .keySpecFlags("RO access")
            .proc(ZSetCommands::zrankCommand),
        command("zrevrank", 3, "readonly fast", 1, 1, 1, GROUP)
            .since("2.0.0").summary("Determine the index of a member in a sorted set, with scores ordered from high to low")
            .complexity("O(log(N))")
            .syntax("key member")
            .keySpecFlags("RO access")
            .proc(ZSetCommands::zrevrankCommand),
        command("zscan", -3, "readonly", 1, 1, 1, GROUP)
            .since("2.8.0").summary("Incrementally iterate sorted sets elements and associated scores")
            .complexity("O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..")
            .syntax("key cursor [MATCH pattern] [COUNT count]")
            .tips("nondeterministic_output")
            .keySpecFlags("RO access")
            .proc(ZSetCommands::zscanCommand),
        command("zpopmin", -2, "write fast", 1, 1, 1, GROUP)
            .since("5.0.0").summary("Remove and return members with the lowest scores in a sorted set")
            .complexity("O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.")
            .syntax("key [count]")
            .keySpecFlags("RW access delete")
            .proc(ZSetCommands::zpopminCommand),
        command("zpopmax", -2, "write fast", 1, 1, 1, GROUP)
            .since("5.0.0").summary("Remove and return members with the highest scores in a sorted set")
            .complexity("O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.")
            .syntax("key [count]")
            .keySpecFlags("RW access delete")
            .proc(ZSetCommands::zpopmaxCommand),
        command("bzpopmin", -3, "write noscript blocking fast", 1, -2, 1, GROUP)
            .since("5.0.0").summary("Remove and return the member with the lowest score from one or more sorted sets, or block until one is available")
            .complexity("O(log(N)) with N being the number of elements in the sorted set.")
            .syntax("key [key ...] timeout")
            .keySpecFlags("RW access delete")
            .history("6.0.0", "`timeout` is interpreted as a double instead of an integer.")
            .proc(ZSetCommands::bzpopminCommand),
        command("bzpopmax", -3, "write noscript blocking fast", 1, -2, 1, GROUP)
            .since("5.0.0").summary("Remove and return the member with the highest score from one or more sorted sets, or block until one is available")
            .complexity("O(log(N)) with N being the number of elements in the sorted set.")
            .syntax("key [key ...] timeout")
            .keySpecFlags("RW access delete")
            .history("6.0.0", "`timeout` is interpreted as a double instead of an integer.")
            .proc(ZSetCommands::bzpopmaxCommand),
        command("zmpop", -4, "write movablekeys", 0, 0, 0, GROUP)
            .since("7.0.0").summary("Remove and return members with scores in a sorted set")
            .complexity("O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.")
            .syntax("numkeys key [key ...] <MIN | MAX> [COUNT count]")
            .keySpec(KeySpec.index(1).keynum(0, 1, 1).flags("RW access delete"))
            .proc(ZSetCommands::zmpopCommand),
        command("bzmpop", -5, "write blocking movablekeys", 0, 0, 0, GROUP)
            .since("7.0.0").summary("Remove and return members with scores in a sorted set or block until one is available")
            .complexity("O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.")
            .syntax("timeout numkeys key [key ...] <MIN | MAX> [COUNT count]")
            .keySpec(KeySpec.index(2).keynum(0, 1, 1).flags("RW access delete"))
            .proc(ZSetCommands::bzmpopCommand),
        command("zrandmember", -2, "readonly", 1, 1, 1, GROUP)
            .since("6.2.0").summary("Get one or multiple random elements from a sorted set")
            .complexity("O(N) where N is the number of elements returned")
            .syntax("key [count [WITHSCORES]]")
            .tips("nondeterministic_output")
            .keySpecFlags("RO access")
            .proc(ZSetCommands::zrandmemberCommand));
    }

    // ------------------------------------------------------------------ shared replies and errors

    /** shared.emptyscan. */
    private static final String ERR_NAN = "resulting score is not a number (NaN)";
    private static final String ERR_MINMAX_FLOAT = "min or max is not a float";
    private static final String ERR_MINMAX_LEX = "min or max not valid string range item";

    /** The OBJ_ZSET value in {@code o}, or null after replying WRONGTYPE (o must be non-null). */
    private static ZSetValue zsetOrWrongType(Client c, Object o) {
        if (o instanceof ZSetValue z) return z;
        c.addReplyError(Shared.WRONGTYPE);
        return null;
    }

    // ------------------------------------------------------------------ number parsing

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int hexVal(byte b) {
        if (b >= '0' && b <= '9') return b - '0';
        int l = lower(b);
        if (l >= 'a' && l <= 'f') return l - 'a' + 10;
        return -1;
    }

    private static boolean matchWord(byte[] s, int p, int end, String w) {
        if (end - p < w.length()) return false;
        for (int i = 0; i < w.length(); i++) {
            if (lower(s[p + i]) != w.charAt(i)) return false;
        }
        return true;
    }

    /**
     * glibc's strtod on the C string {@code s[from..]} (it ends at the first NUL): leading
     * spaces, a sign, then a decimal number with optional exponent, a hex float ("0x1.8p3"),
     * "inf"/"infinity" or "nan"/"nan(chars)", all case-insensitive. Returns the value;
     * {@code end[0]} gets the index after the last byte used ({@code from} when nothing was
     * parsed, the value then being 0) and {@code end[1]} is 1 when strtod would set ERANGE
     * with a zero or infinite result (underflow to zero, overflow).
     */
    static double strtod(byte[] s, int from, int[] end) {
        int n = from;
        while (n < s.length && s[n] != 0) n++;
        int p = from;
        end[0] = from;
        end[1] = 0;
        while (p < n && Util.isspace(s[p])) p++;
        boolean neg = false;
        if (p < n && (s[p] == '+' || s[p] == '-')) {
            neg = s[p] == '-';
            p++;
        }
        if (matchWord(s, p, n, "inf")) {
            int q = p + 3;
            if (matchWord(s, q, n, "inity")) q += 5;
            end[0] = q;
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (matchWord(s, p, n, "nan")) {
            int q = p + 3;
            if (q < n && s[q] == '(') {
                int r = q + 1;
                while (r < n && (isDigit(s[r]) || (lower(s[r]) >= 'a' && lower(s[r]) <= 'z') || s[r] == '_')) r++;
                if (r < n && s[r] == ')') q = r + 1;
            }
            end[0] = q;
            return Double.NaN;
        }
        if (p + 1 < n && s[p] == '0' && lower(s[p + 1]) == 'x') {
            double v = parseHex(s, p + 2, n, neg, end);
            if (end[0] >= 0) return v;
            // "0x" without hex digits: just the "0" is a number.
            end[0] = p + 1;
            return neg ? -0.0 : 0.0;
        }
        return parseDecimal(s, p, n, neg, from, end);
    }

    /** Digits of an exponent at s[q..n): returns {value clamped to +-1e9, end}, or null without digits. */
    private static long[] exponent(byte[] s, int q, int n) {
        boolean eneg = false;
        if (q < n && (s[q] == '+' || s[q] == '-')) {
            eneg = s[q] == '-';
            q++;
        }
        if (q >= n || !isDigit(s[q])) return null;
        long ev = 0;
        while (q < n && isDigit(s[q])) {
            if (ev < 1_000_000_000L) ev = ev * 10 + (s[q] - '0');
            q++;
        }
        return new long[] {eneg ? -ev : ev, q};
    }

    private static double parseDecimal(byte[] s, int p, int n, boolean neg, int from, int[] end) {
        int mStart = p;
        int digits = 0;
        boolean nonZero = false;
        while (p < n && isDigit(s[p])) {
            if (s[p] != '0') nonZero = true;
            p++;
            digits++;
        }
        if (p < n && s[p] == '.') {
            p++;
            while (p < n && isDigit(s[p])) {
                if (s[p] != '0') nonZero = true;
                p++;
                digits++;
            }
        }
        if (digits == 0) {
            end[0] = from;
            return 0;
        }
        int mEnd = p;
        long exp = 0;
        if (p < n && lower(s[p]) == 'e') {
            long[] e = exponent(s, p + 1, n);
            if (e != null) {
                exp = e[0];
                p = (int) e[1];
            }
        }
        end[0] = p;
        StringBuilder sb = new StringBuilder(mEnd - mStart + 16);
        if (neg) sb.append('-');
        for (int i = mStart; i < mEnd; i++) sb.append((char) s[i]);
        if (sb.charAt(sb.length() - 1) == '.') sb.append('0');
        if (sb.charAt(neg ? 1 : 0) == '.') sb.insert(neg ? 1 : 0, '0');
        sb.append('e').append(exp);
        double v = Double.parseDouble(sb.toString());
        if (Double.isInfinite(v) || (v == 0 && nonZero)) end[1] = 1;
        return v;
    }

    /**
     * The hex float after "0x" at s[p..n): hex digits, an optional '.' and fraction, an
     * optional binary exponent. end[0] = -1 when there is no hex digit at all.
     */
    private static double parseHex(byte[] s, int p, int n, boolean neg, int[] end) {
        int intStart = p;
        boolean nonZero = false;
        while (p < n && hexVal(s[p]) >= 0) {
            if (s[p] != '0') nonZero = true;
            p++;
        }
        int intEnd = p;
        int fracStart = -1;
        int fracEnd = -1;
        if (p < n && s[p] == '.') {
            fracStart = p + 1;
            int q = fracStart;
            while (q < n && hexVal(s[q]) >= 0) {
                if (s[q] != '0') nonZero = true;
                q++;
            }
            fracEnd = q;
        }
        int digits = (intEnd - intStart) + (fracStart < 0 ? 0 : fracEnd - fracStart);
        if (digits == 0) {
            end[0] = -1;
            return 0;
        }
        StringBuilder sb = new StringBuilder(digits + 24);
        sb.append(neg ? "-0x" : "0x");
        for (int i = intStart; i < intEnd; i++) sb.append((char) s[i]);
        if (fracStart >= 0) {
            sb.append('.');
            for (int i = fracStart; i < fracEnd; i++) sb.append((char) s[i]);
            p = fracEnd;
        }
        long exp = 0;
        if (p < n && lower(s[p]) == 'p') {
            long[] e = exponent(s, p + 1, n);
            if (e != null) {
                exp = e[0];
                p = (int) e[1];
            }
        }
        end[0] = p;
        sb.append('p').append(exp);
        double v = Double.parseDouble(sb.toString());
        if (Double.isInfinite(v) || (v == 0 && nonZero)) end[1] = 1;
        return v;
    }

    /**
     * string2d (getDoubleFromObject): the whole argument must be a number strtod takes, with no
     * leading space, no NaN, and no overflow or underflow to zero. Returns false if not;
     * otherwise the value is in {@code out[0]}.
     */
    static boolean string2d(byte[] s, double[] out) {
        // Integers, the usual scores, skip strtod: the long -> double conversion rounds to
        // nearest like strtod does ("-0" is no long long and keeps its sign the slow way).
        if (Util.isLongLong(s)) {
            out[0] = (double) Util.string2ll(s);
            return true;
        }
        if (s.length == 0 || Util.isspace(s[0])) return false;
        int[] end = new int[2];
        double d = strtod(s, 0, end);
        if (end[0] != s.length || end[1] != 0 || Double.isNaN(d)) return false;
        out[0] = d;
        return true;
    }

    /** getDoubleFromObjectOrReply: replies {@code msg} (default "value is not a valid float") when invalid. */
    static boolean getDoubleOrReply(Client c, byte[] arg, String msg, double[] out) {
        if (string2d(arg, out)) return true;
        c.addReplyError(msg != null ? msg : Shared.ERR_NOT_FLOAT);
        return false;
    }

    /** One end of zslParseRange: "(" makes it exclusive; the rest is strtod up to the C string's end. */
    private static boolean parseRangeItem(byte[] s, ZSetValue.ScoreRange r, boolean isMin) {
        boolean ex = s.length > 0 && s[0] == '(';
        int from = ex ? 1 : 0;
        double v;
        if (Util.isLongLong(s, from, s.length - from)) {
            v = (double) Util.string2ll(s, from, s.length - from);
        } else {
            int[] end = new int[2];
            v = strtod(s, from, end);
            // eptr[0] must be the terminating NUL (or an embedded one).
            if ((end[0] < s.length && s[end[0]] != 0) || Double.isNaN(v)) return false;
        }
        if (isMin) {
            r.min = v;
            r.minex = ex;
        } else {
            r.max = v;
            r.maxex = ex;
        }
        return true;
    }

    /** zslParseRange: null when min or max is not a float. */
    static ZSetValue.ScoreRange parseRange(byte[] min, byte[] max) {
        ZSetValue.ScoreRange r = new ZSetValue.ScoreRange();
        if (!parseRangeItem(min, r, true) || !parseRangeItem(max, r, false)) return null;
        return r;
    }

    /** zslParseLexRangeItem: "+", "-", "(x" or "[x"; null when invalid. ex[0] gets the exclusivity. */
    private static byte[] parseLexRangeItem(byte[] s, boolean[] ex) {
        int c0 = s.length > 0 ? s[0] : 0;
        int c1 = s.length > 1 ? s[1] : 0;
        switch (c0) {
            case '+':
                if (c1 != 0) return null;
                ex[0] = true;
                return ZSetValue.LexRange.MAXSTRING;
            case '-':
                if (c1 != 0) return null;
                ex[0] = true;
                return ZSetValue.LexRange.MINSTRING;
            case '(':
                ex[0] = true;
                return Arrays.copyOfRange(s, 1, s.length);
            case '[':
                ex[0] = false;
                return Arrays.copyOfRange(s, 1, s.length);
            default:
                return null;
        }
    }

    /** zslParseLexRange: null when min or max is not a valid string range item. */
    static ZSetValue.LexRange parseLexRange(byte[] min, byte[] max) {
        boolean[] ex = new boolean[1];
        ZSetValue.LexRange r = new ZSetValue.LexRange();
        r.min = parseLexRangeItem(min, ex);
        if (r.min == null) return null;
        r.minex = ex[0];
        r.max = parseLexRangeItem(max, ex);
        if (r.max == null) return null;
        r.maxex = ex[0];
        return r;
    }

    /** d2string, as ZSCAN prints scores: the same digits as "%.17g" ("-0", "inf", "1.5"). */
    static byte[] d2string(double d) {
        return DoubleFormat.formatG17(d).getBytes(StandardCharsets.ISO_8859_1);
    }

    // ------------------------------------------------------------------ keyspace helpers

    /**
     * setKey for a value this command built: through dbAdd when the key is new, so clients
     * blocked on it are signalled, else overwriting it (dropping its TTL). Signals the change.
     */
    private static void storeValue(Client c, byte[] key, Object val) {
        if (c.db.lookupKeyWrite(key) == null) c.db.add(key, val);
        else c.db.setKey(key, val, false);
        c.server.signalModifiedKey(c, c.db, key);
    }

    /** Deletes a key left empty, with the "del" event Redis sends after the command's own. */
    private static void deleteEmptied(Client c, byte[] key) {
        c.db.delete(key);
        c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "del", key, c.db.id);
    }

    private static void replyMember(Client c, ZSetValue.Cursor cur) {
        c.reply.addReplyBulk(cur.array(), cur.memberOffset(), cur.memberLength());
    }

    // ------------------------------------------------------------------ ZADD, ZINCRBY

    /** ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...] */
    public static void zaddCommand(Client c) {
        zaddGenericCommand(c, ZSetValue.ZADD_IN_NONE);
    }

    /** ZINCRBY key increment member: ZADD INCR, options included (so "ZINCRBY k nx m" is a syntax error). */
    public static void zincrbyCommand(Client c) {
        zaddGenericCommand(c, ZSetValue.ZADD_IN_INCR);
    }

    /**
     * zaddGenericCommand: every score is parsed before anything changes, so the command either
     * applies fully or not at all.
     */
    static void zaddGenericCommand(Client c, int flags) {
        byte[] key = c.argv[1];
        boolean ch = false;
        // Options come first; scoreidx ends on the first score.
        int scoreidx = 2;
        while (scoreidx < c.argc) {
            byte[] opt = c.argv[scoreidx];
            if (Util.strcasecmp(opt, "nx")) flags |= ZSetValue.ZADD_IN_NX;
            else if (Util.strcasecmp(opt, "xx")) flags |= ZSetValue.ZADD_IN_XX;
            else if (Util.strcasecmp(opt, "ch")) ch = true;
            else if (Util.strcasecmp(opt, "incr")) flags |= ZSetValue.ZADD_IN_INCR;
            else if (Util.strcasecmp(opt, "gt")) flags |= ZSetValue.ZADD_IN_GT;
            else if (Util.strcasecmp(opt, "lt")) flags |= ZSetValue.ZADD_IN_LT;
            else break;
            scoreidx++;
        }
        boolean incr = (flags & ZSetValue.ZADD_IN_INCR) != 0;
        boolean nx = (flags & ZSetValue.ZADD_IN_NX) != 0;
        boolean xx = (flags & ZSetValue.ZADD_IN_XX) != 0;
        boolean gt = (flags & ZSetValue.ZADD_IN_GT) != 0;
        boolean lt = (flags & ZSetValue.ZADD_IN_LT) != 0;

        // Score-member pairs follow.
        int elements = c.argc - scoreidx;
        if (elements % 2 != 0 || elements == 0) {
            c.addReplyError(Shared.ERR_SYNTAX);
            return;
        }
        elements /= 2;
        if (nx && xx) {
            c.addReplyError("XX and NX options at the same time are not compatible");
            return;
        }
        // XX goes with GT or LT; NX goes with neither.
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            c.addReplyError("GT, LT, and/or NX options at the same time are not compatible");
            return;
        }
        if (incr && elements > 1) {
            c.addReplyError("INCR option supports a single increment-element pair");
            return;
        }
        double[] scores = new double[elements];
        double[] tmp = new double[1];
        for (int j = 0; j < elements; j++) {
            if (!getDoubleOrReply(c, c.argv[scoreidx + j * 2], null, tmp)) return;
            scores[j] = tmp[0];
        }

        Object o = c.db.lookupKeyWrite(key);
        ZSetValue zobj = null;
        long added = 0;
        long updated = 0;
        long processed = 0;
        double score = 0;
        if (o != null) {
            zobj = zsetOrWrongType(c, o);
            if (zobj == null) return;
        } else if (!xx) {
            // A first member too long for the listpack (or no listpack at all) starts a skiplist.
            if (c.server.zsetMaxListpackEntries == 0 || c.server.zsetMaxListpackValue < c.argv[scoreidx + 1].length) {
                zobj = ZSetValue.createSkiplist();
            } else {
                zobj = ZSetValue.createListpack();
            }
            c.db.add(key, zobj);
        }
        if (zobj != null) {
            double[] newscore = new double[1];
            for (int j = 0; j < elements; j++) {
                byte[] ele = c.argv[scoreidx + 1 + j * 2];
                int out = zobj.add(scores[j], ele, flags, newscore,
                        c.server.zsetMaxListpackEntries, c.server.zsetMaxListpackValue);
                if ((out & ZSetValue.ZADD_OUT_NAN) != 0) {
                    c.addReplyError(ERR_NAN);
                    zaddNotify(c, key, incr, added, updated);
                    return;
                }
                if ((out & ZSetValue.ZADD_OUT_ADDED) != 0) added++;
                if ((out & ZSetValue.ZADD_OUT_UPDATED) != 0) updated++;
                if ((out & ZSetValue.ZADD_OUT_NOP) == 0) processed++;
                score = newscore[0];
            }
            c.server.dirty += added + updated;
        }
        if (incr) {
            // ZINCRBY or INCR: the new score, or null when nothing was done (NX/XX/GT/LT).
            if (processed != 0) c.addReplyDouble(score);
            else c.addReplyNull();
        } else {
            c.addReplyLongLong(ch ? added + updated : added);
        }
        zaddNotify(c, key, incr, added, updated);
    }

    private static void zaddNotify(Client c, byte[] key, boolean incr, long added, long updated) {
        if (added != 0 || updated != 0) {
            c.server.signalModifiedKey(c, c.db, key);
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_ZSET, incr ? "zincr" : "zadd", key, c.db.id);
        }
    }

    // ------------------------------------------------------------------ ZREM, ZREMRANGEBY*

    /** ZREM key member [member ...] */
    public static void zremCommand(Client c) {
        byte[] key = c.argv[1];
        Object o = c.db.lookupKeyWrite(key);
        if (o == null) {
            c.addReplyLongLong(0);
            return;
        }
        ZSetValue zobj = zsetOrWrongType(c, o);
        if (zobj == null) return;
        long deleted = 0;
        boolean keyremoved = false;
        for (int j = 2; j < c.argc; j++) {
            if (zobj.delete(c.argv[j])) deleted++;
            if (zobj.length() == 0) {
                c.db.delete(key);
                keyremoved = true;
                break;
            }
        }
        if (deleted != 0) {
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_ZSET, "zrem", key, c.db.id);
            if (keyremoved) c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "del", key, c.db.id);
            c.server.signalModifiedKey(c, c.db, key);
            c.server.dirty += deleted;
        }
        c.addReplyLongLong(deleted);
    }

    private static final int ZRANGE_RANK = 0;
    private static final int ZRANGE_SCORE = 1;
    private static final int ZRANGE_LEX = 2;
    private static final int ZRANGE_AUTO = 3;

    public static void zremrangebyrankCommand(Client c) {
        zremrangeGenericCommand(c, ZRANGE_RANK);
    }

    public static void zremrangebyscoreCommand(Client c) {
        zremrangeGenericCommand(c, ZRANGE_SCORE);
    }

    public static void zremrangebylexCommand(Client c) {
        zremrangeGenericCommand(c, ZRANGE_LEX);
    }

    /**
     * zremrangeGenericCommand: the range is parsed first, then resolved to a span of ranks
     * (score and lex ranges through their first and last member in range) and removed.
     */
    static void zremrangeGenericCommand(Client c, int rangetype) {
        byte[] key = c.argv[1];
        long start = 0;
        long end = 0;
        ZSetValue.ScoreRange range = null;
        ZSetValue.LexRange lexrange = null;
        if (rangetype == ZRANGE_RANK) {
            if (!Util.getLongLongOrReply(c, c.argv[2], null)) return;
            if (!Util.getLongLongOrReply(c, c.argv[3], null)) return;
            start = Util.string2ll(c.argv[2]);
            end = Util.string2ll(c.argv[3]);
        } else if (rangetype == ZRANGE_SCORE) {
            range = parseRange(c.argv[2], c.argv[3]);
            if (range == null) {
                c.addReplyError(ERR_MINMAX_FLOAT);
                return;
            }
        } else {
            lexrange = parseLexRange(c.argv[2], c.argv[3]);
            if (lexrange == null) {
                c.addReplyError(ERR_MINMAX_LEX);
                return;
            }
        }
        Object o = c.db.lookupKeyWrite(key);
        if (o == null) {
            c.addReplyLongLong(0);
            return;
        }
        ZSetValue zobj = zsetOrWrongType(c, o);
        if (zobj == null) return;
        long llen = zobj.length();
        if (rangetype == ZRANGE_RANK) {
            if (start < 0) start = llen + start;
            if (end < 0) end = llen + end;
            if (start < 0) start = 0;
            // start >= 0 now, so this is also true when end < 0: an empty range.
            if (start > end || start >= llen) {
                c.addReplyLongLong(0);
                return;
            }
            if (end >= llen) end = llen - 1;
        }
        long deleted;
        if (rangetype == ZRANGE_RANK) {
            deleted = zobj.deleteRangeByRank(start, end);
        } else if (rangetype == ZRANGE_SCORE) {
            start = zobj.firstInRange(range);
            end = start < 0 ? -1 : zobj.lastInRange(range);
            deleted = start < 0 || end < start ? 0 : zobj.deleteRangeByRank(start, end);
        } else {
            deleted = zobj.deleteRangeByLex(lexrange);
        }
        boolean keyremoved = false;
        if (zobj.length() == 0) {
            c.db.delete(key);
            keyremoved = true;
        }
        if (deleted != 0) {
            String event = rangetype == ZRANGE_RANK ? "zremrangebyrank"
                    : rangetype == ZRANGE_SCORE ? "zremrangebyscore" : "zremrangebylex";
            c.server.signalModifiedKey(c, c.db, key);
            c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_ZSET, event, key, c.db.id);
            if (keyremoved) c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "del", key, c.db.id);
        }
        c.server.dirty += deleted;
        c.addReplyLongLong(deleted);
    }

    // ------------------------------------------------------------------ ZUNION, ZINTER, ZDIFF

    private static final int SET_OP_UNION = 0;
    private static final int SET_OP_DIFF = 1;
    private static final int SET_OP_INTER = 2;

    private static final int AGGR_SUM = 0;
    private static final int AGGR_MIN = 1;
    private static final int AGGR_MAX = 2;

    /** zsetopsrc: one input of the set algebra, a sorted set, a plain set (every member scoring 1), or missing. */
    private static final class OpSrc {
        final Object subject;
        double weight = 1.0;

        OpSrc(Object subject) {
            this.subject = subject;
        }

        /** zuiLength. */
        long length() {
            if (subject instanceof ZSetValue z) return z.length();
            if (subject instanceof SetValue set) return set.size();
            return 0;
        }

        /** zuiFind: the member's score (1 in a plain set), or NaN when absent. */
        double find(byte[] member) {
            if (subject instanceof ZSetValue z) return z.score(member);
            if (subject instanceof SetValue set) return set.isMember(member) ? 1.0 : Double.NaN;
            return Double.NaN;
        }

        /** zuiNext over the whole input: members (fresh or immutable arrays) with their scores. */
        void forEach(MemberScore fn) {
            if (subject instanceof ZSetValue z) {
                if (z.length() == 0) return;
                for (ZSetValue.Cursor cur = z.cursor(0, false); cur.valid(); cur.next()) fn.accept(cur.member(), cur.score());
            } else if (subject instanceof SetValue set) {
                try (SetValue.Iterator it = set.iterator()) {
                    for (byte[] m = it.nextObject(); m != null; m = it.nextObject()) fn.accept(m, 1.0);
                }
            }
        }
    }

    @FunctionalInterface
    private interface MemberScore {
        void accept(byte[] member, double score);
    }

    /** zunionInterAggregate: SUM turns inf + -inf into 0 rather than NaN. */
    private static double aggregate(double target, double val, int aggregate) {
        if (aggregate == AGGR_SUM) {
            double r = target + val;
            return Double.isNaN(r) ? 0.0 : r;
        } else if (aggregate == AGGR_MIN) {
            return val < target ? val : target;
        }
        return val > target ? val : target;
    }

    public static void zunionstoreCommand(Client c) {
        zunionInterDiffGenericCommand(c, c.argv[1], 2, SET_OP_UNION, false);
    }

    public static void zinterstoreCommand(Client c) {
        zunionInterDiffGenericCommand(c, c.argv[1], 2, SET_OP_INTER, false);
    }

    public static void zdiffstoreCommand(Client c) {
        zunionInterDiffGenericCommand(c, c.argv[1], 2, SET_OP_DIFF, false);
    }

    public static void zunionCommand(Client c) {
        zunionInterDiffGenericCommand(c, null, 1, SET_OP_UNION, false);
    }

    public static void zinterCommand(Client c) {
        zunionInterDiffGenericCommand(c, null, 1, SET_OP_INTER, false);
    }

    public static void zinterCardCommand(Client c) {
        zunionInterDiffGenericCommand(c, null, 1, SET_OP_INTER, true);
    }

    public static void zdiffCommand(Client c) {
        zunionInterDiffGenericCommand(c, null, 1, SET_OP_DIFF, false);
    }

    /**
     * zunionInterDiffGenericCommand: inputs are read (and type-checked) before the options
     * are parsed; the result is built as a skiplist, then stored (in the small encoding when
     * it fits), replied, or only counted (ZINTERCARD).
     */
    static void zunionInterDiffGenericCommand(Client c, byte[] dstkey, int numkeysIndex, int op, boolean cardinalityOnly) {
        if (!Util.getLongLongOrReply(c, c.argv[numkeysIndex], null)) return;
        long setnum = Util.string2ll(c.argv[numkeysIndex]);
        if (setnum < 1) {
            c.addReplyError("at least 1 input key is needed for '" + Util.cmdName(c) + "' command");
            return;
        }
        if (setnum > c.argc - (numkeysIndex + 1)) {
            c.addReplyError(Shared.ERR_SYNTAX);
            return;
        }
        int n = (int) setnum;
        OpSrc[] src = new OpSrc[n];
        int j = numkeysIndex + 1;
        for (int i = 0; i < n; i++, j++) {
            Object obj = c.db.lookupKeyRead(c.argv[j]);
            if (obj != null) {
                if (!(obj instanceof ZSetValue) && !(obj instanceof SetValue)) {
                    c.addReplyError(Shared.WRONGTYPE);
                    return;
                }
            }
            src[i] = new OpSrc(obj);
        }

        int aggregate = AGGR_SUM;
        boolean withscores = false;
        long limit = 0;
        double[] tmp = new double[1];
        int remaining = c.argc - j;
        while (remaining > 0) {
            byte[] opt = c.argv[j];
            if (op != SET_OP_DIFF && !cardinalityOnly && remaining >= setnum + 1 && Util.strcasecmp(opt, "weights")) {
                j++;
                remaining--;
                for (int i = 0; i < n; i++, j++, remaining--) {
                    if (!getDoubleOrReply(c, c.argv[j], "weight value is not a float", tmp)) return;
                    src[i].weight = tmp[0];
                }
            } else if (op != SET_OP_DIFF && !cardinalityOnly && remaining >= 2 && Util.strcasecmp(opt, "aggregate")) {
                j++;
                remaining--;
                byte[] a = c.argv[j];
                if (Util.strcasecmp(a, "sum")) aggregate = AGGR_SUM;
                else if (Util.strcasecmp(a, "min")) aggregate = AGGR_MIN;
                else if (Util.strcasecmp(a, "max")) aggregate = AGGR_MAX;
                else {
                    c.addReplyError(Shared.ERR_SYNTAX);
                    return;
                }
                j++;
                remaining--;
            } else if (remaining >= 1 && dstkey == null && !cardinalityOnly && Util.strcasecmp(opt, "withscores")) {
                j++;
                remaining--;
                withscores = true;
            } else if (cardinalityOnly && remaining >= 2 && Util.strcasecmp(opt, "limit")) {
                j++;
                remaining--;
                if (!Util.getLongLongOrReply(c, c.argv[j], "LIMIT can't be negative")) return;
                limit = Util.string2ll(c.argv[j]);
                if (limit < 0) {
                    c.addReplyError("LIMIT can't be negative");
                    return;
                }
                j++;
                remaining--;
            } else {
                c.addReplyError(Shared.ERR_SYNTAX);
                return;
            }
        }

        // Smallest inputs first (a stable sort, as glibc's merge-sorting qsort).
        if (op != SET_OP_DIFF) Arrays.sort(src, (a, b) -> Long.compare(a.length(), b.length()));

        ZSetValue dst = cardinalityOnly ? null : ZSetValue.createSkiplist();
        long[] maxelelen = {0};
        long cardinality = 0;
        if (op == SET_OP_INTER) {
            cardinality = zinter(src, dst, aggregate, limit, maxelelen);
        } else if (op == SET_OP_UNION) {
            zunion(src, dst, aggregate, maxelelen);
        } else {
            zdiff(src, dst, maxelelen);
        }

        if (dstkey != null) {
            if (dst.length() != 0) {
                dst.convertToListpackIfNeeded(maxelelen[0], c.server.zsetMaxListpackEntries, c.server.zsetMaxListpackValue);
                storeValue(c, dstkey, dst);
                c.addReplyLongLong(dst.length());
                c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_ZSET,
                        op == SET_OP_UNION ? "zunionstore" : op == SET_OP_INTER ? "zinterstore" : "zdiffstore",
                        dstkey, c.db.id);
                c.server.dirty++;
            } else {
                c.addReplyLongLong(0);
                if (c.db.delete(dstkey)) {
                    c.server.signalModifiedKey(c, c.db, dstkey);
                    c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "del", dstkey, c.db.id);
                    c.server.dirty++;
                }
            }
        } else if (cardinalityOnly) {
            c.addReplyLongLong(cardinality);
        } else {
            long length = dst.length();
            // RESP2: one flat array; RESP3: [member, score] pairs, order matters so no map.
            c.addReplyArrayLen(withscores && c.resp() == 2 ? length * 2 : length);
            for (SkipList.Node x = dst.zsl.first(); x != null; x = x.next()) {
                if (withscores && c.resp() > 2) c.addReplyArrayLen(2);
                c.addReplyBulk(x.ele);
                if (withscores) c.addReplyDouble(x.score);
            }
        }
    }

    /** Adds (member, score) to a skiplist-encoded result known not to hold the member. */
    private static void resultInsert(ZSetValue dst, byte[] member, double score, long[] maxelelen) {
        dst.zsl.insert(score, member);
        dst.dict.putLong(member, Double.doubleToRawLongBits(score));
        if (member.length > maxelelen[0]) maxelelen[0] = member.length;
    }

    /** The members of src[0] present in every input, with aggregated weighted scores; returns the count. */
    private static long zinter(OpSrc[] src, ZSetValue dst, int aggregate, long limit, long[] maxelelen) {
        // As inputs are sorted by size, an empty src[0] means an empty result.
        if (src[0].length() == 0) return 0;
        long[] cardinality = {0};
        boolean[] stop = {false};
        src[0].forEach((member, zscore) -> {
            if (stop[0]) return;
            double score = src[0].weight * zscore;
            if (Double.isNaN(score)) score = 0;
            int j;
            for (j = 1; j < src.length; j++) {
                double value;
                if (src[j].subject == src[0].subject) {
                    value = zscore * src[j].weight;
                } else {
                    value = src[j].find(member);
                    if (Double.isNaN(value)) break;
                    value *= src[j].weight;
                }
                score = aggregate(score, value, aggregate);
            }
            if (j != src.length) return;
            if (dst == null) {
                cardinality[0]++;
                if (limit != 0 && cardinality[0] >= limit) stop[0] = true;
            } else {
                resultInsert(dst, member, score, maxelelen);
            }
        });
        return cardinality[0];
    }

    /** Every member of any input, its weighted scores aggregated in input order. */
    private static void zunion(OpSrc[] src, ZSetValue dst, int aggregate, long[] maxelelen) {
        Dict acc = new Dict(true);
        if (src.length > 0) acc.expand(src[src.length - 1].length());
        for (OpSrc s : src) {
            if (s.length() == 0) continue;
            s.forEach((member, zscore) -> {
                double score = s.weight * zscore;
                if (Double.isNaN(score)) score = 0;
                long before = acc.size();
                Dict.LongEntry e = (Dict.LongEntry) acc.addOrFind(member);
                if (acc.size() != before) {
                    if (member.length > maxelelen[0]) maxelelen[0] = member.length;
                    e.val = Double.doubleToRawLongBits(score);
                } else {
                    e.val = Double.doubleToRawLongBits(aggregate(Double.longBitsToDouble(e.val), score, aggregate));
                }
            });
        }
        dst.dict.expand(acc.size());
        try (Dict.Iterator it = acc.iterator()) {
            for (Dict.Entry e = it.next(); e != null; e = it.next()) {
                double score = Double.longBitsToDouble(((Dict.LongEntry) e).val);
                dst.zsl.insert(score, e.key);
                dst.dict.putLong(e.key, ((Dict.LongEntry) e).val);
            }
        }
    }

    /** zdiff: the members of the first input found in no other, with their own scores. */
    private static void zdiff(OpSrc[] src, ZSetValue dst, long[] maxelelen) {
        if (src[0].length() == 0) return;
        src[0].forEach((member, zscore) -> {
            for (int j = 1; j < src.length; j++) {
                // A key given twice empties the result.
                if (src[j].subject == src[0].subject) return;
                if (!Double.isNaN(src[j].find(member))) return;
            }
            resultInsert(dst, member, zscore, maxelelen);
        });
    }

    // ------------------------------------------------------------------ the ZRANGE family

    /**
     * zrange_result_handler: where a range goes, the client (with or without scores) or a new
     * sorted set (ZRANGESTORE). {@code begin} gets the result length, or -1 when unknown.
     */
    private abstract static class RangeResult {
        final Client c;
        boolean withscores;

        RangeResult(Client c) {
            this.c = c;
        }

        abstract void begin(long length);

        abstract void emit(byte[] a, int off, int len, double score);

        abstract void finish(long resultCount);
    }

    /** zrangeResultBeginClient & co: an array, [member, score] pairs in RESP3 with scores. */
    private static final class ClientResult extends RangeResult {
        private Object deferred;

        ClientResult(Client c) {
            super(c);
        }

        @Override
        void begin(long length) {
            if (length > 0) {
                c.addReplyArrayLen(withscores && c.resp() == 2 ? length * 2 : length);
            } else if (length == 0) {
                c.addReplyRaw(Shared.EMPTY_ARRAY);
            } else {
                deferred = c.reply.addReplyDeferredLen();
            }
        }

        @Override
        void emit(byte[] a, int off, int len, double score) {
            if (withscores && c.resp() > 2) c.addReplyArrayLen(2);
            c.reply.addReplyBulk(a, off, len);
            if (withscores) c.addReplyDouble(score);
        }

        @Override
        void finish(long resultCount) {
            if (deferred != null) {
                c.reply.setDeferredArrayLen(deferred, withscores && c.resp() == 2 ? resultCount * 2 : resultCount);
            }
        }
    }

    /** zrangeResultBeginStore & co: the range becomes the destination key (or deletes it when empty). */
    private static final class StoreResult extends RangeResult {
        private final byte[] dstkey;
        private ZSetValue dst;

        StoreResult(Client c, byte[] dstkey) {
            super(c);
            this.dstkey = dstkey;
        }

        @Override
        void begin(long length) {
            dst = length > c.server.zsetMaxListpackEntries ? ZSetValue.createSkiplist() : ZSetValue.createListpack();
        }

        @Override
        void emit(byte[] a, int off, int len, double score) {
            dst.add(score, Arrays.copyOfRange(a, off, off + len), 0, null,
                    c.server.zsetMaxListpackEntries, c.server.zsetMaxListpackValue);
        }

        @Override
        void finish(long resultCount) {
            if (resultCount != 0) {
                storeValue(c, dstkey, dst);
                c.addReplyLongLong(resultCount);
                c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_ZSET, "zrangestore", dstkey, c.db.id);
                c.server.dirty++;
            } else {
                c.addReplyLongLong(0);
                if (c.db.delete(dstkey)) {
                    c.server.signalModifiedKey(c, c.db, dstkey);
                    c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_GENERIC, "del", dstkey, c.db.id);
                    c.server.dirty++;
                }
            }
        }
    }

    private static final int DIRECTION_AUTO = 0;
    private static final int DIRECTION_FORWARD = 1;
    private static final int DIRECTION_REVERSE = 2;

    /** ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES] */
    public static void zrangeCommand(Client c) {
        zrangeGenericCommand(new ClientResult(c), 1, false, ZRANGE_AUTO, DIRECTION_AUTO);
    }

    /** ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count] */
    public static void zrangestoreCommand(Client c) {
        zrangeGenericCommand(new StoreResult(c, c.argv[1]), 2, true, ZRANGE_AUTO, DIRECTION_AUTO);
    }

    public static void zrevrangeCommand(Client c) {
        zrangeGenericCommand(new ClientResult(c), 1, false, ZRANGE_RANK, DIRECTION_REVERSE);
    }

    public static void zrangebyscoreCommand(Client c) {
        zrangeGenericCommand(new ClientResult(c), 1, false, ZRANGE_SCORE, DIRECTION_FORWARD);
    }

    public static void zrevrangebyscoreCommand(Client c) {
        zrangeGenericCommand(new ClientResult(c), 1, false, ZRANGE_SCORE, DIRECTION_REVERSE);
    }

    public static void zrangebylexCommand(Client c) {
        zrangeGenericCommand(new ClientResult(c), 1, false, ZRANGE_LEX, DIRECTION_FORWARD);
    }

    public static void zrevrangebylexCommand(Client c) {
        zrangeGenericCommand(new ClientResult(c), 1, false, ZRANGE_LEX, DIRECTION_REVERSE);
    }

    /**
     * zrangeGenericCommand: the options after {@code <src> <min> <max>} (a fixed range type
     * or direction cannot be changed by them), then the range, then the key.
     */
    static void zrangeGenericCommand(RangeResult handler, int argcStart, boolean store, int rangetype, int direction) {
        Client c = handler.c;
        byte[] key = c.argv[argcStart];
        int minidx = argcStart + 1;
        int maxidx = argcStart + 2;
        boolean withscores = false;
        long offset = 0;
        long limit = -1;
        for (int j = argcStart + 3; j < c.argc; j++) {
            int leftargs = c.argc - j - 1;
            byte[] opt = c.argv[j];
            if (!store && Util.strcasecmp(opt, "withscores")) {
                withscores = true;
            } else if (Util.strcasecmp(opt, "limit") && leftargs >= 2) {
                if (!Util.getLongLongOrReply(c, c.argv[j + 1], null)) return;
                if (!Util.getLongLongOrReply(c, c.argv[j + 2], null)) return;
                offset = Util.string2ll(c.argv[j + 1]);
                limit = Util.string2ll(c.argv[j + 2]);
                j += 2;
            } else if (direction == DIRECTION_AUTO && Util.strcasecmp(opt, "rev")) {
                direction = DIRECTION_REVERSE;
            } else if (rangetype == ZRANGE_AUTO && Util.strcasecmp(opt, "bylex")) {
                rangetype = ZRANGE_LEX;
            } else if (rangetype == ZRANGE_AUTO && Util.strcasecmp(opt, "byscore")) {
                rangetype = ZRANGE_SCORE;
            } else {
                c.addReplyError(Shared.ERR_SYNTAX);
                return;
            }
        }
        if (direction == DIRECTION_AUTO) direction = DIRECTION_FORWARD;
        if (rangetype == ZRANGE_AUTO) rangetype = ZRANGE_RANK;
        if (limit != -1 && rangetype == ZRANGE_RANK) {
            c.addReplyError("syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
            return;
        }
        if (withscores && rangetype == ZRANGE_LEX) {
            c.addReplyError("syntax error, WITHSCORES not supported in combination with BYLEX");
            return;
        }
        boolean reverse = direction == DIRECTION_REVERSE;
        if (reverse && rangetype != ZRANGE_RANK) {
            // The range is given as max, min.
            int t = maxidx;
            maxidx = minidx;
            minidx = t;
        }

        long start = 0;
        long end = 0;
        ZSetValue.ScoreRange range = null;
        ZSetValue.LexRange lexrange = null;
        if (rangetype == ZRANGE_RANK) {
            if (!Util.getLongLongOrReply(c, c.argv[minidx], null)) return;
            if (!Util.getLongLongOrReply(c, c.argv[maxidx], null)) return;
            start = Util.string2ll(c.argv[minidx]);
            end = Util.string2ll(c.argv[maxidx]);
        } else if (rangetype == ZRANGE_SCORE) {
            range = parseRange(c.argv[minidx], c.argv[maxidx]);
            if (range == null) {
                c.addReplyError(ERR_MINMAX_FLOAT);
                return;
            }
        } else {
            lexrange = parseLexRange(c.argv[minidx], c.argv[maxidx]);
            if (lexrange == null) {
                c.addReplyError(ERR_MINMAX_LEX);
                return;
            }
        }
        if (withscores || store) handler.withscores = true;

        Object o = c.db.lookupKeyRead(key);
        if (o == null) {
            if (store) {
                handler.begin(-1);
                handler.finish(0);
            } else {
                c.addReplyRaw(Shared.EMPTY_ARRAY);
            }
            return;
        }
        ZSetValue zobj = zsetOrWrongType(c, o);
        if (zobj == null) return;
        if (rangetype == ZRANGE_RANK) {
            genericZrangebyrankCommand(handler, zobj, start, end, reverse);
        } else if (rangetype == ZRANGE_SCORE) {
            genericZrangebyscoreCommand(handler, range, zobj, offset, limit, reverse);
        } else {
            genericZrangebylexCommand(handler, lexrange, zobj, offset, limit, reverse);
        }
    }

    /** genericZrangebyrankCommand: ranks sanitized like LRANGE, negative ones from the end. */
    static void genericZrangebyrankCommand(RangeResult handler, ZSetValue zobj, long start, long end, boolean reverse) {
        long llen = zobj.length();
        if (start < 0) start = llen + start;
        if (end < 0) end = llen + end;
        if (start < 0) start = 0;
        // start >= 0 here, so this is also true when end < 0.
        if (start > end || start >= llen) {
            handler.begin(0);
            handler.finish(0);
            return;
        }
        if (end >= llen) end = llen - 1;
        long rangelen = end - start + 1;
        handler.begin(rangelen);
        ZSetValue.Cursor cur = zobj.cursor(reverse ? llen - 1 - start : start, reverse);
        for (long i = 0; i < rangelen; i++) {
            handler.emit(cur.array(), cur.memberOffset(), cur.memberLength(), cur.score());
            cur.next();
        }
        handler.finish(rangelen);
    }

    /**
     * genericZrangebyscoreCommand: from the first element in range (the last one when
     * reversed), skip {@code offset} elements, then emit up to {@code limit} (negative: all)
     * while in range. A negative offset skips everything, as Redis's {@code offset--} loop does.
     */
    static void genericZrangebyscoreCommand(RangeResult handler, ZSetValue.ScoreRange range, ZSetValue zobj,
                                            long offset, long limit, boolean reverse) {
        if (offset > 0 && offset >= zobj.length()) {
            handler.begin(0);
            handler.finish(0);
            return;
        }
        handler.begin(-1);
        long r = reverse ? zobj.lastInRange(range) : zobj.firstInRange(range);
        long count = 0;
        if (r >= 0) {
            ZSetValue.Cursor cur = zobj.cursor(r, reverse);
            while (cur.valid() && offset-- != 0) cur.next();
            while (cur.valid() && limit-- != 0) {
                double score = cur.score();
                if (reverse ? !range.gteMin(score) : !range.lteMax(score)) break;
                handler.emit(cur.array(), cur.memberOffset(), cur.memberLength(), score);
                count++;
                cur.next();
            }
        }
        handler.finish(count);
    }

    /** genericZrangebylexCommand: as by score, on member bytes. */
    static void genericZrangebylexCommand(RangeResult handler, ZSetValue.LexRange range, ZSetValue zobj,
                                          long offset, long limit, boolean reverse) {
        handler.begin(-1);
        long r = reverse ? zobj.lastInLexRange(range) : zobj.firstInLexRange(range);
        long count = 0;
        if (r >= 0) {
            ZSetValue.Cursor cur = zobj.cursor(r, reverse);
            while (cur.valid() && offset-- != 0) cur.next();
            while (cur.valid() && limit-- != 0) {
                byte[] a = cur.array();
                int off = cur.memberOffset();
                int len = cur.memberLength();
                if (reverse ? !range.gteMin(a, off, len) : !range.lteMax(a, off, len)) break;
                handler.emit(a, off, len, handler.withscores ? cur.score() : 0);
                count++;
                cur.next();
            }
        }
        handler.finish(count);
    }

    // ------------------------------------------------------------------ counts and lookups

    /** ZCOUNT key min max */
    public static void zcountCommand(Client c) {
        ZSetValue.ScoreRange range = parseRange(c.argv[2], c.argv[3]);
        if (range == null) {
            c.addReplyError(ERR_MINMAX_FLOAT);
            return;
        }
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyLongLong(0);
            return;
        }
        ZSetValue zobj = zsetOrWrongType(c, o);
        if (zobj == null) return;
        long first = zobj.firstInRange(range);
        c.addReplyLongLong(first < 0 ? 0 : zobj.lastInRange(range) - first + 1);
    }

    /** ZLEXCOUNT key min max */
    public static void zlexcountCommand(Client c) {
        ZSetValue.LexRange range = parseLexRange(c.argv[2], c.argv[3]);
        if (range == null) {
            c.addReplyError(ERR_MINMAX_LEX);
            return;
        }
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyLongLong(0);
            return;
        }
        ZSetValue zobj = zsetOrWrongType(c, o);
        if (zobj == null) return;
        c.addReplyLongLong(zobj.lexCount(range));
    }

    /** ZCARD key */
    public static void zcardCommand(Client c) {
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyLongLong(0);
            return;
        }
        ZSetValue zobj = zsetOrWrongType(c, o);
        if (zobj == null) return;
        c.addReplyLongLong(zobj.length());
    }

    /** ZSCORE key member */
    public static void zscoreCommand(Client c) {
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyNull();
            return;
        }
        ZSetValue zobj = zsetOrWrongType(c, o);
        if (zobj == null) return;
        double score = zobj.score(c.argv[2]);
        if (Double.isNaN(score)) c.addReplyNull();
        else c.addReplyDouble(score);
    }

    /** ZMSCORE key member [member ...]: a missing key is a null per member. */
    public static void zmscoreCommand(Client c) {
        Object o = c.db.lookupKeyRead(c.argv[1]);
        ZSetValue zobj = null;
        if (o != null) {
            zobj = zsetOrWrongType(c, o);
            if (zobj == null) return;
        }
        c.addReplyArrayLen(c.argc - 2);
        for (int j = 2; j < c.argc; j++) {
            double score = zobj == null ? Double.NaN : zobj.score(c.argv[j]);
            if (Double.isNaN(score)) c.addReplyNull();
            else c.addReplyDouble(score);
        }
    }

    public static void zrankCommand(Client c) {
        zrankGenericCommand(c, false);
    }

    public static void zrevrankCommand(Client c) {
        zrankGenericCommand(c, true);
    }

    /** zrankGenericCommand: the 0-based rank, or null for a missing key or member. */
    static void zrankGenericCommand(Client c, boolean reverse) {
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyNull();
            return;
        }
        ZSetValue zobj = zsetOrWrongType(c, o);
        if (zobj == null) return;
        long rank = zobj.rank(c.argv[2], reverse);
        if (rank >= 0) c.addReplyLongLong(rank);
        else c.addReplyNull();
    }

    // ------------------------------------------------------------------ ZSCAN

    /** ZSCAN key cursor [MATCH pattern] [COUNT count] */
    public static void zscanCommand(Client c) {
        Long cursor = ScanArgs.cursorOrReply(c, c.argv[2]);
        if (cursor == null) return;
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyRaw(ScanArgs.EMPTY_SCAN);
            return;
        }
        ZSetValue zobj = zsetOrWrongType(c, o);
        if (zobj == null) return;
        scanGenericCommand(c, zobj, cursor);
    }

    /**
     * scanGenericCommand for a sorted set: a listpack is returned whole (cursor 0); a skiplist
     * is scanned through its dict, COUNT buckets' worth at a time. MATCH filters on members;
     * scores print as d2string.
     */
    static void scanGenericCommand(Client c, ZSetValue zobj, long cursor) {
        ScanArgs args = ScanArgs.parseOrReply(c, 3, false);
        if (args == null) return;

        // Members and scores alternate.
        List<byte[]> items = new ArrayList<>();
        if (zobj.isListpack()) {
            for (ZSetValue.Cursor cur = zobj.cursor(0, false); cur.valid(); cur.next()) {
                items.add(cur.member());
                items.add(d2string(cur.score()));
            }
            cursor = 0;
        } else {
            cursor = args.scan(zobj.dict::scan, cursor, e -> {
                items.add(e.key);
                items.add(d2string(Double.longBitsToDouble(((Dict.LongEntry) e).val)));
            }, items);
        }
        ScanArgs.addReplyScan(c, cursor, items, args.keepMatching(items, 2));
    }

    // ------------------------------------------------------------------ pops

    private static final int ZSET_MIN = 0;
    private static final int ZSET_MAX = 1;

    public static void zpopminCommand(Client c) {
        zpopMinMaxCommand(c, ZSET_MIN);
    }

    public static void zpopmaxCommand(Client c) {
        zpopMinMaxCommand(c, ZSET_MAX);
    }

    /** ZPOPMIN/ZPOPMAX key [count]: flat pairs, or [member, score] pairs in RESP3 when COUNT is given. */
    static void zpopMinMaxCommand(Client c, int where) {
        if (c.argc > 3) {
            c.addReplyError(Shared.ERR_SYNTAX);
            return;
        }
        long count = -1; // not given
        if (c.argc == 3) {
            if (!Util.getRangeLongOrReply(c, c.argv[2], 0, Long.MAX_VALUE, "value is out of range, must be positive")) return;
            count = Util.string2ll(c.argv[2]);
        }
        boolean useNestedArray = c.resp() > 2 && count != -1;
        genericZpopCommand(c, c.argv, 1, 1, where, false, count, useNestedArray, false);
    }

    /**
     * genericZpopCommand: pops from the first existing key of {@code keys[first..first+keyc)}
     * (a wrong type there is an error). {@code emitkey}: the reply starts with the key
     * (BZPOP*, ZMPOP); {@code count} -1 pops one element with a flat reply.
     */
    static void genericZpopCommand(Client c, byte[][] keys, int first, int keyc, int where, boolean emitkey,
                                   long count, boolean useNestedArray, boolean replyNilWhenEmpty) {
        byte[] key = null;
        ZSetValue zobj = null;
        for (int idx = 0; idx < keyc; idx++) {
            key = keys[first + idx];
            Object o = c.db.lookupKeyWrite(key);
            if (o == null) continue;
            zobj = zsetOrWrongType(c, o);
            if (zobj == null) return;
            break;
        }
        if (zobj == null) {
            if (replyNilWhenEmpty) c.addReplyNullArray();
            else c.addReplyRaw(Shared.EMPTY_ARRAY);
            return;
        }
        if (count == 0) {
            c.addReplyRaw(Shared.EMPTY_ARRAY);
            return;
        }
        if (count == -1) count = 1;
        long llen = zobj.length();
        long rangelen = Math.min(count, llen);

        if (!useNestedArray && !emitkey) {
            c.addReplyArrayLen(rangelen * 2);
        } else if (useNestedArray && !emitkey) {
            c.addReplyArrayLen(rangelen);
        } else if (!useNestedArray) {
            // BZPOPMIN/BZPOPMAX: [key, member, score].
            c.addReplyArrayLen(rangelen * 2 + 1);
            c.addReplyBulk(key);
        } else {
            // ZMPOP/BZMPOP: [key, [[member, score], ...]].
            c.addReplyArrayLen(2);
            c.addReplyBulk(key);
            c.addReplyArrayLen(rangelen);
        }
        for (long i = 0; i < rangelen; i++) {
            ZSetValue.Cursor cur = zobj.cursor(where == ZSET_MIN ? 0 : zobj.length() - 1, where == ZSET_MAX);
            byte[] ele = cur.member();
            double score = cur.score();
            zobj.delete(ele);
            c.server.dirty++;
            if (i == 0) {
                c.server.notifyKeyspaceEvent(RedisCore.NOTIFY_ZSET, where == ZSET_MIN ? "zpopmin" : "zpopmax", key, c.db.id);
                c.server.signalModifiedKey(c, c.db, key);
            }
            if (useNestedArray) c.addReplyArrayLen(2);
            c.addReplyBulk(ele);
            c.addReplyDouble(score);
        }
        if (zobj.length() == 0) deleteEmptied(c, key);
    }

    public static void bzpopminCommand(Client c) {
        blockingGenericZpopCommand(c, 1, c.argc - 2, ZSET_MIN, c.argc - 1, -1, false, false);
    }

    public static void bzpopmaxCommand(Client c) {
        blockingGenericZpopCommand(c, 1, c.argc - 2, ZSET_MAX, c.argc - 1, -1, false, false);
    }

    /**
     * blockingGenericZpopCommand: serve the first non-empty key of argv[first..first+numkeys)
     * like a ZPOP, or block on all of them. Served again from scratch when a key is ready.
     */
    static void blockingGenericZpopCommand(Client c, int first, int numkeys, int where, int timeoutIdx,
                                           long count, boolean useNestedArray, boolean replyNilWhenEmpty) {
        long timeout = Blocking.getTimeoutOrReply(c, c.argv[timeoutIdx]);
        if (timeout < 0) return;
        for (int j = 0; j < numkeys; j++) {
            byte[] key = c.argv[first + j];
            Object o = c.db.lookupKeyWrite(key);
            if (o == null) continue;
            ZSetValue zobj = zsetOrWrongType(c, o);
            if (zobj == null) return;
            if (zobj.length() == 0) continue;
            genericZpopCommand(c, c.argv, first + j, 1, where, true, count, useNestedArray, replyNilWhenEmpty);
            return;
        }
        // Nothing to pop and not allowed to block (MULTI, scripts): answer as a timeout.
        if (c.denyBlocking()) {
            c.addReplyNullArray();
            return;
        }
        c.server.blocking.blockForKeys(c, Blocking.BLOCKED_ZSET, Arrays.asList(c.argv).subList(first, first + numkeys), timeout);
    }

    public static void zmpopCommand(Client c) {
        zmpopGenericCommand(c, 1, false);
    }

    public static void bzmpopCommand(Client c) {
        zmpopGenericCommand(c, 2, true);
    }

    /** zmpopGenericCommand: [B]ZMPOP [timeout] numkeys key [key ...] MIN|MAX [COUNT count]. */
    static void zmpopGenericCommand(Client c, int numkeysIdx, boolean isBlock) {
        if (!Util.getRangeLongOrReply(c, c.argv[numkeysIdx], 1, Long.MAX_VALUE, "numkeys should be greater than 0")) return;
        long numkeys = Util.string2ll(c.argv[numkeysIdx]);
        long whereIdx = numkeysIdx + numkeys + 1;
        if (numkeys >= c.argc || whereIdx >= c.argc) {
            c.addReplyError(Shared.ERR_SYNTAX);
            return;
        }
        int where;
        byte[] w = c.argv[(int) whereIdx];
        if (Util.strcasecmp(w, "MIN")) {
            where = ZSET_MIN;
        } else if (Util.strcasecmp(w, "MAX")) {
            where = ZSET_MAX;
        } else {
            c.addReplyError(Shared.ERR_SYNTAX);
            return;
        }
        long count = Util.mpopCountOrReply(c, (int) whereIdx + 1);
        if (count == -1) return;
        if (isBlock) {
            blockingGenericZpopCommand(c, numkeysIdx + 1, (int) numkeys, where, 1, count, true, true);
        } else {
            genericZpopCommand(c, c.argv, numkeysIdx + 1, (int) numkeys, where, true, count, true, true);
        }
    }

    // ------------------------------------------------------------------ ZRANDMEMBER

    /** ZRANDMEMBER key [count [WITHSCORES]] */
    public static void zrandmemberCommand(Client c) {
        if (c.argc >= 3) {
            Util.RandomCount rc = Util.randomCountOrReply(c, "withscores");
            if (rc != null) zrandmemberWithCountCommand(c, rc.count(), rc.with());
            return;
        }
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyNull();
            return;
        }
        ZSetValue zobj = zsetOrWrongType(c, o);
        if (zobj == null) return;
        ZSetValue.Cursor cur = randomElement(zobj);
        replyMember(c, cur);
    }

    /** A cursor at a random element (the set must not be empty). */
    private static ZSetValue.Cursor randomElement(ZSetValue zobj) {
        if (zobj.isListpack()) {
            return zobj.cursor(ThreadLocalRandom.current().nextLong(zobj.length()), false);
        }
        Dict.Entry e = zobj.dict.getFairRandomKey();
        double score = Double.longBitsToDouble(((Dict.LongEntry) e).val);
        ZSetValue.Cursor cur = zobj.cursor(-1, false);
        cur.node = new SkipList.Node(1, score, e.key);
        return cur;
    }

    private static void replyRandom(Client c, ZSetValue.Cursor cur, boolean withscores) {
        if (withscores && c.resp() > 2) c.addReplyArrayLen(2);
        replyMember(c, cur);
        if (withscores) c.addReplyDouble(cur.score());
    }

    /**
     * zrandmemberWithCountCommand: a negative count samples with repetition; a positive one
     * returns distinct members: the whole set (in order) when count &gt;= size, else a random
     * subset.
     */
    static void zrandmemberWithCountCommand(Client c, long l, boolean withscores) {
        Object o = c.db.lookupKeyRead(c.argv[1]);
        if (o == null) {
            c.addReplyRaw(Shared.EMPTY_ARRAY);
            return;
        }
        ZSetValue zobj = zsetOrWrongType(c, o);
        if (zobj == null) return;
        long size = zobj.length();
        boolean uniq = l >= 0;
        long count = uniq ? l : -l;
        if (count == 0) {
            c.addReplyRaw(Shared.EMPTY_ARRAY);
            return;
        }
        if (!uniq || count == 1) {
            c.addReplyArrayLen(withscores && c.resp() == 2 ? count * 2 : count);
            while (count-- > 0) {
                replyRandom(c, randomElement(zobj), withscores);
                // A reply past the output limits gets the client closed: stop producing it.
                if ((c.flags & Client.CLOSE_ASAP) != 0) break;
            }
            return;
        }
        long replySize = Math.min(count, size);
        c.addReplyArrayLen(withscores && c.resp() == 2 ? replySize * 2 : replySize);
        if (count >= size) {
            // The whole set, walked from the highest element down as zuiNext does.
            for (ZSetValue.Cursor cur = zobj.cursor(size - 1, true); cur.valid(); cur.next()) replyRandom(c, cur, withscores);
            return;
        }
        // count < size: distinct random ranks (size fits in an int for any real set).
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int n = (int) size;
        int k = (int) count;
        if (zobj.isListpack()) {
            // Selection sampling: each rank kept with the right odds, in listpack order.
            int needed = k;
            int left = n;
            for (ZSetValue.Cursor cur = zobj.cursor(0, false); cur.valid() && needed > 0; cur.next(), left--) {
                if (rnd.nextInt(left) < needed) {
                    replyRandom(c, cur, withscores);
                    needed--;
                }
            }
            return;
        }
        // Partial Fisher-Yates over the ranks, in random order.
        int[] ranks = new int[n];
        for (int i = 0; i < n; i++) ranks[i] = i;
        for (int i = 0; i < k; i++) {
            int pick = i + rnd.nextInt(n - i);
            int t = ranks[i];
            ranks[i] = ranks[pick];
            ranks[pick] = t;
            replyRandom(c, zobj.cursor(ranks[i], false), withscores);
        }
    }
}
