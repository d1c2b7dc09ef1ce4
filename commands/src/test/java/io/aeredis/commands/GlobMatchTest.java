package io.aeredis.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobMatchTest {
    @ParameterizedTest(name = "{0} ~ {1} (nocase={2}) = {3}")
    @CsvSource(delimiter = ' ', value = {
        "* anything false true",
        // Like stringmatchlen, nothing matches an empty string (KEYS and SCAN special-case "*").
        "* '' false false",
        "h?llo hello false true",
        "h?llo hllo false false",
        "h*llo heeeello false true",
        "h[ae]llo hallo false true",
        "h[ae]llo hillo false false",
        "h[^e]llo hallo false true",
        "h[^e]llo hello false false",
        "h[a-b]llo hbllo false true",
        "h[b-a]llo hbllo false true",
        "h\\*llo h*llo false true",
        "h\\*llo hello false false",
        "HELLO hello false false",
        "HELLO hello true true",
        "h[A-C]llo hbllo true true",
        "client|* client|kill false true",
        "*|k?ll client|kill false true",
        "a*b*c axxbxxc false true",
        "a*b*c axxbxx false false",
        "abc* ab false false",
        "ab** ab false true",
        "[abc abc false false",
    })
    void matchesLikeStringmatchlen(String pattern, String string, boolean nocase, boolean expected) {
        assertEquals(expected, GlobMatch.stringmatch(pattern.getBytes(StandardCharsets.UTF_8),
            string.getBytes(StandardCharsets.UTF_8), nocase));
    }
}
