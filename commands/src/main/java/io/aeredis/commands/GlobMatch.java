package io.aeredis.commands;

/**
 * Glob-style matching: a port of {@code stringmatchlen} (util.c), used by COMMAND LIST
 * FILTERBY PATTERN (and usable by KEYS/SCAN MATCH): {@code *}, {@code ?}, {@code [abc]},
 * {@code [^a-z]}, and {@code \} escapes, on bytes.
 */
public final class GlobMatch {
    private GlobMatch() {}

    public static boolean stringmatch(byte[] pattern, byte[] string, boolean nocase) {
        return stringmatchlen(pattern, 0, pattern.length, string, 0, string.length, nocase);
    }

    public static boolean stringmatchlen(byte[] p, int poff, int plen, byte[] s, int soff, int slen, boolean nocase) {
        boolean[] skipLongerMatches = {false};
        return match(p, poff, poff + plen, s, soff, soff + slen, nocase, skipLongerMatches, 0);
    }

    private static boolean match(byte[] p, int pi, int pe, byte[] s, int si, int se, boolean nocase,
                                 boolean[] skipLongerMatches, int nesting) {
        // Protection against abusive patterns (deep '*' recursion).
        if (nesting > 1000) return false;

        while (pi < pe && si < se) {
            switch (p[pi]) {
                case '*':
                    while (pi + 1 < pe && p[pi + 1] == '*') pi++;
                    if (pe - pi == 1) return true; // a trailing '*' matches the rest
                    while (si < se) {
                        if (match(p, pi + 1, pe, s, si, se, nocase, skipLongerMatches, nesting + 1)) return true;
                        // The rest of the pattern matches nowhere later either: an earlier '*'
                        // taking a longer piece cannot help, so every level can give up.
                        if (skipLongerMatches[0]) return false;
                        si++;
                    }
                    skipLongerMatches[0] = true;
                    return false;
                case '?':
                    si++;
                    break;
                case '[': {
                    pi++;
                    boolean not = pi < pe && p[pi] == '^';
                    if (not) pi++;
                    boolean matched = false;
                    while (true) {
                        if (pi >= pe) {
                            // Unterminated class: step back so the increment below ends the pattern.
                            pi--;
                            break;
                        } else if (p[pi] == '\\' && pe - pi >= 2) {
                            pi++;
                            if (p[pi] == s[si]) matched = true;
                        } else if (p[pi] == ']') {
                            break;
                        } else if (pe - pi >= 3 && p[pi + 1] == '-') {
                            int start = p[pi];
                            int end = p[pi + 2];
                            int c = s[si];
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            if (nocase) {
                                start = lower(start);
                                end = lower(end);
                                c = lower(c);
                            }
                            pi += 2;
                            if (c >= start && c <= end) matched = true;
                        } else if (nocase ? lower(p[pi]) == lower(s[si]) : p[pi] == s[si]) {
                            matched = true;
                        }
                        pi++;
                    }
                    if (not) matched = !matched;
                    if (!matched) return false;
                    si++;
                    break;
                }
                case '\\':
                    if (pe - pi >= 2) pi++;
                    // fall through: the escaped byte matches literally
                default:
                    if (nocase ? lower(p[pi]) != lower(s[si]) : p[pi] != s[si]) return false;
                    si++;
                    break;
            }
            pi++;
            if (si == se) {
                while (pi < pe && p[pi] == '*') pi++;
                break;
            }
        }
        return pi == pe && si == se;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}
