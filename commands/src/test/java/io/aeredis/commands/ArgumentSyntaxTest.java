package io.aeredis.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real Redis 7.0 syntax lines parsed into argument trees. Trees print as
 * {@code name:type[token]#keySpecIndex(flags){children}}.
 */
class ArgumentSyntaxTest {
    private static String tree(String syntax, int keySpecs) {
        List<CommandArg> args = ArgumentSyntax.parse(syntax);
        ArgumentSyntax.assignKeySpecIndexes(args, keySpecs);
        StringBuilder sb = new StringBuilder();
        for (CommandArg a : args) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(a);
        }
        return sb.toString();
    }

    @Test
    void singleKey() {
        assertEquals("key:key#0", tree("key", 1));
    }

    @Test
    void setOptionsBecomeOptionalOneofsAndPureTokens() {
        assertEquals("key:key#0 value:string"
                + " nx_xx:oneof(optional){nx:pure-token[NX] xx:pure-token[XX]}"
                + " get:pure-token[GET](optional)"
                + " seconds_milliseconds_unix-time-seconds_unix-time-milliseconds_keepttl:oneof(optional){"
                + "seconds:integer[EX] milliseconds:integer[PX] unix-time-seconds:unix-time[EXAT]"
                + " unix-time-milliseconds:unix-time[PXAT] keepttl:pure-token[KEEPTTL]}",
            tree("key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds"
                + " | PXAT unix-time-milliseconds | KEEPTTL]", 1));
    }

    @Test
    void repeatedPairBecomesAMultipleBlock() {
        assertEquals("key_value:block(multiple){key:key#0 value:string}", tree("key value [key value ...]", 1));
        assertEquals("parameter_value:block(multiple){parameter:string value:string}",
            tree("parameter value [parameter value ...]", 0));
    }

    @Test
    void repeatedSingleArgumentBecomesMultiple() {
        assertEquals("key:key#0(multiple)", tree("key [key ...]", 1));
    }

    @Test
    void expireConditionIsAnOptionalOneof() {
        assertEquals("key:key#0 seconds:integer nx_xx_gt_lt:oneof(optional){nx:pure-token[NX] xx:pure-token[XX]"
                + " gt:pure-token[GT] lt:pure-token[LT]}",
            tree("key seconds [NX | XX | GT | LT]", 1));
    }

    @Test
    void scanOptionsAreTokenPrefixedArguments() {
        assertEquals("cursor:integer pattern:pattern[MATCH](optional) count:integer[COUNT](optional)"
                + " type:string[TYPE](optional)",
            tree("cursor [MATCH pattern] [COUNT count] [TYPE type]", 0));
    }

    @Test
    void tokenBeforeARequiredGroupPrefixesTheGroupAndNamesIt() {
        assertEquals("filterby:oneof[FILTERBY](optional){module-name:string[MODULE] category:string[ACLCAT]"
                + " pattern:pattern[PATTERN]}",
            tree("[FILTERBY <MODULE module-name | ACLCAT category | PATTERN pattern>]", 0));
        assertEquals("client-id:integer[ID](optional)"
                + " type:oneof[TYPE](optional){normal:pure-token[NORMAL] master:pure-token[MASTER]}"
                + " skipme:oneof[SKIPME](optional){yes:pure-token[YES] no:pure-token[NO]}",
            tree("[ID client-id] [TYPE <NORMAL | MASTER>] [SKIPME <YES | NO>]", 0));
    }

    @Test
    void sortHasATokenBlockAndARepeatedToken() {
        assertEquals("key:key#0 pattern:pattern[BY](optional)"
                + " limit:block[LIMIT](optional){offset:integer count:integer}"
                + " pattern:pattern[GET](optional,multiple,multiple_token)"
                + " asc_desc:oneof(optional){asc:pure-token[ASC] desc:pure-token[DESC]}"
                + " alpha:pure-token[ALPHA](optional) destination:key[STORE]#1(optional)",
            tree("key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA]"
                + " [STORE destination]", 2));
    }

    @Test
    void tokenFollowedByARepeatedArgumentIsGivenOnce() {
        assertEquals("count:integer[COUNT](optional) milliseconds:integer[BLOCK](optional)"
                + " key:key[STREAMS]#0(multiple) id:string(multiple)",
            tree("[COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]", 1));
    }

    @Test
    void migrateMixesQuotedTokensAlternativeBlocksAndKeywordKeys() {
        assertEquals("host:string port:integer key_empty_string:oneof{key:key#0 empty_string:pure-token[\"\"]}"
                + " destination-db:integer timeout:integer copy:pure-token[COPY](optional)"
                + " replace:pure-token[REPLACE](optional)"
                + " password_auth2:oneof(optional){password:string[AUTH] auth2:block[AUTH2]{username:string password:string}}"
                + " key:key[KEYS]#1(optional,multiple)",
            tree("host port <key | \"\"> destination-db timeout [COPY] [REPLACE] [AUTH password | AUTH2 username password]"
                + " [KEYS key [key ...]]", 2));
    }

    @Test
    void zaddEndsWithARepeatedScoreMemberBlock() {
        assertEquals("key:key#0 nx_xx:oneof(optional){nx:pure-token[NX] xx:pure-token[XX]}"
                + " gt_lt:oneof(optional){gt:pure-token[GT] lt:pure-token[LT]} ch:pure-token[CH](optional)"
                + " incr:pure-token[INCR](optional) score_member:block(multiple){score:double member:string}",
            tree("key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...]", 1));
    }

    @Test
    void nestedOptionalGroupBecomesAnOptionalBlock() {
        assertEquals("key:key#0 start_end_byte_bit:block(optional){start:integer end:integer"
                + " byte_bit:oneof(optional){byte:pure-token[BYTE] bit:pure-token[BIT]}}",
            tree("key [start end [BYTE | BIT]]", 1));
    }

    @Test
    void optionalRepeatedArgumentsAreOptionalAndMultiple() {
        assertEquals("script:string numkeys:integer key:key#0(optional,multiple) arg:string(optional,multiple)",
            tree("script numkeys [key [key ...]] [arg [arg ...]]", 1));
        assertEquals("arg:string(optional,multiple)", tree("[arg ...]", 0));
    }

    @Test
    void keyArgumentsTakeSuccessiveKeySpecsUpToTheLast() {
        assertEquals("key:key#0 newkey:key#1", tree("key newkey", 2));
        assertEquals("key:key#0 newkey:key#0", tree("key newkey", 1));
        assertEquals("source:key#0 destination:key#1 left_right:oneof{left:pure-token[LEFT] right:pure-token[RIGHT]}",
            tree("source destination <LEFT | RIGHT>", 2));
    }

    @Test
    void numberedKeysAreKeys() {
        assertEquals("key1:key#0 key2:key#1 len:pure-token[LEN](optional) len:integer[MINMATCHLEN](optional)"
                + " keyword:string",
            tree("key1 key2 [LEN] [MINMATCHLEN len] keyword", 2));
    }

    @Test
    void keyArgumentsOfACommandWithoutKeySpecsAreStrings() {
        assertEquals("key:string", tree("key", 0));
    }

    @Test
    void emptySyntaxHasNoArguments() {
        assertTrue(ArgumentSyntax.parse("").isEmpty());
        assertTrue(ArgumentSyntax.parse("   ").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[key", "key]", "a | b", "[a |]", "[| a]", "[]", "<>", "key ...", "<a", "[a>", "[a]]"})
    void malformedSyntaxIsRejected(String syntax) {
        assertThrows(IllegalArgumentException.class, () -> ArgumentSyntax.parse(syntax));
    }
}
