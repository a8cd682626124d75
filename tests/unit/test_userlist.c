/*
 * tests/unit/test_userlist.c - PgBouncer auth_file parsing and lookup.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "proxy/userlist.h"

#define VERIFIER                                                                                                       \
    "SCRAM-SHA-256$4096:5yV20EHuEMq5FB8F7l4kfA==$8Y0pFFDOiH3XYUPOa3b2RFUtuiq+TNpRT7qa0v97/2M=:"                        \
    "Ja8lu4KJm1I4Z5rXkB7UhXlCbNZaddiMD5m8KQ7utcI="

static bool parse_str(px_userlist *ul, const char *text, char *err, size_t errlen)
{
    return px_userlist_parse(ul, text, strlen(text), err, errlen);
}

static void assert_entry(const px_userlist *ul, const char *user, const char *password, px_userlist_kind kind)
{
    const px_userlist_entry *e = px_userlist_find(ul, user);
    if (!e)
        fail_msg("user %s not found", user);
    assert_string_equal(e->user, user);
    assert_string_equal(e->password, password);
    assert_int_equal(e->kind, kind);
}

static void test_kinds(void **state)
{
    px_userlist ul;
    char err[256] = "";
    const char *text = "\"alice\" \"wonderland\"\n"
                       "\"bob\" \"md5d18bf5f8eddaae3aed1d69b23a252748\"\n"
                       "\"carol\" \"" VERIFIER "\"\n";
    assert_true(parse_str(&ul, text, err, sizeof err));
    assert_int_equal(ul.count, 3);
    assert_entry(&ul, "alice", "wonderland", PX_USERLIST_PLAIN);
    assert_entry(&ul, "bob", "md5d18bf5f8eddaae3aed1d69b23a252748", PX_USERLIST_MD5);
    assert_entry(&ul, "carol", VERIFIER, PX_USERLIST_SCRAM);
    assert_int_equal(px_userlist_find(&ul, "carol")->line, 3);
    assert_null(px_userlist_find(&ul, "dave"));
    assert_null(px_userlist_find(&ul, "Alice")); /* user names are case-sensitive, as in PostgreSQL */
    assert_null(px_userlist_find(&ul, ""));
    px_userlist_free(&ul);
    assert_int_equal(ul.count, 0);
    assert_null(px_userlist_find(&ul, "alice"));
}

static void test_md5_shapes(void **state)
{
    px_userlist ul;
    char err[256] = "";
    const char *text = "\"short\" \"md5d18bf5f8eddaae3aed1d69b23a25274\"\n"   /* 31 hex: plain */
                       "\"upper\" \"md5D18BF5F8EDDAAE3AED1D69B23A252748\"\n"  /* not lowercase: plain */
                       "\"long\" \"md5d18bf5f8eddaae3aed1d69b23a2527480\"\n"  /* 33 hex: plain */
                       "\"nothex\" \"md5z18bf5f8eddaae3aed1d69b23a252748\"\n" /* plain */
                       "\"scramish\" \"SCRAM-SHA-1$x\"\n";                    /* not our prefix: plain */
    assert_true(parse_str(&ul, text, err, sizeof err));
    assert_int_equal(ul.count, 5);
    assert_entry(&ul, "short", "md5d18bf5f8eddaae3aed1d69b23a25274", PX_USERLIST_PLAIN);
    assert_entry(&ul, "upper", "md5D18BF5F8EDDAAE3AED1D69B23A252748", PX_USERLIST_PLAIN);
    assert_entry(&ul, "long", "md5d18bf5f8eddaae3aed1d69b23a2527480", PX_USERLIST_PLAIN);
    assert_entry(&ul, "nothex", "md5z18bf5f8eddaae3aed1d69b23a252748", PX_USERLIST_PLAIN);
    assert_entry(&ul, "scramish", "SCRAM-SHA-1$x", PX_USERLIST_PLAIN);
    px_userlist_free(&ul);
}

static void test_quotes(void **state)
{
    px_userlist ul;
    char err[256] = "";
    const char *text = "\"we\"\"ird\" \"pa\"\"ss \"\"x\"\"\"\n"
                       "\"\"\"\" \"\"\n"
                       "\"with space\" \"semi;colon #hash\"\n"
                       "\"tab\"\t\t\"\t\"\n";
    assert_true(parse_str(&ul, text, err, sizeof err));
    assert_int_equal(ul.count, 4);
    assert_entry(&ul, "we\"ird", "pa\"ss \"x\"", PX_USERLIST_PLAIN);
    assert_entry(&ul, "\"", "", PX_USERLIST_PLAIN);
    assert_entry(&ul, "with space", "semi;colon #hash", PX_USERLIST_PLAIN);
    assert_entry(&ul, "tab", "\t", PX_USERLIST_PLAIN);
    px_userlist_free(&ul);
}

static void test_comments_and_layout(void **state)
{
    px_userlist ul;
    char err[256] = "";
    const char *text = "\xEF\xBB\xBF; PgBouncer comment\r\n"
                       "# shell-style comment \"x\" \"y\"\r\n"
                       "\r\n"
                       "   \t\n"
                       "   ; indented comment\n"
                       "  \"alice\"   \"one\"  \"extra field\" ignored  \r\n"
                       "\"bob\" \"two\"";
    assert_true(parse_str(&ul, text, err, sizeof err));
    assert_int_equal(ul.count, 2);
    assert_entry(&ul, "alice", "one", PX_USERLIST_PLAIN);
    assert_entry(&ul, "bob", "two", PX_USERLIST_PLAIN);
    assert_int_equal(px_userlist_find(&ul, "alice")->line, 6);
    assert_int_equal(px_userlist_find(&ul, "bob")->line, 7);
    assert_null(px_userlist_find(&ul, "x"));
    px_userlist_free(&ul);

    assert_true(parse_str(&ul, "", err, sizeof err));
    assert_int_equal(ul.count, 0);
    assert_null(px_userlist_find(&ul, "alice"));
    px_userlist_free(&ul);
}

static void test_duplicates_last_wins(void **state)
{
    px_userlist ul;
    char err[256] = "";
    const char *text = "\"a\" \"first\"\n\"b\" \"only\"\n\"a\" \"second\"\n\"a\" \"third\"\n";
    assert_true(parse_str(&ul, text, err, sizeof err));
    assert_int_equal(ul.count, 2);
    assert_entry(&ul, "a", "third", PX_USERLIST_PLAIN);
    assert_int_equal(px_userlist_find(&ul, "a")->line, 4);
    assert_entry(&ul, "b", "only", PX_USERLIST_PLAIN);
    px_userlist_free(&ul);
}

static void test_malformed(void **state)
{
    static const struct {
        const char *text;
        size_t len; /* 0: strlen */
        const char *message;
    } cases[] = {
        {"alice \"pw\"\n", 0, "line 1: expected a user name in double quotes"},
        {"\"a\" \"x\"\n\n'alice' 'pw'\n", 0, "line 3: expected a user name in double quotes"},
        {"\"alice \"pw\"\n", 0, "line 1: expected a password in double quotes after the user name"},
        {"\"alice\" pw\n", 0, "line 1: expected a password in double quotes after the user name"},
        {"\"alice\"\"pw\"\n", 0, "line 1: missing password"}, /* one field: alice"pw */
        {"\"alice\"x \"pw\"\n", 0, "line 1: expected a password in double quotes after the user name"},
        {"# c\n\"alice\n\" \"pw\"\n", 0, "line 2: unterminated quoted user name"},
        {"\"alice\" \"pw\n\"\n", 0, "line 1: unterminated quoted password"},
        {"\"a\" \"b\"\n\"alice\"\n", 0, "line 2: missing password"},
        {"\"alice\"   \r\n", 0, "line 1: missing password"},
        {"\"\" \"pw\"\n", 0, "line 1: empty user name"},
        {"\"a\" \"SCRAM-SHA-256$4096:bad\"\n", 0, "line 1: malformed SCRAM-SHA-256 verifier"},
        {"\"a\" \"" VERIFIER "x\"\n", 0, "line 1: malformed SCRAM-SHA-256 verifier"},
        {"\"a\" \"b\"\n\"c\" \"d\0e\"\n", 18, "line 2: NUL byte in line"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        px_userlist ul;
        char err[256] = "";
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);
        if (px_userlist_parse(&ul, cases[i].text, len, err, sizeof err))
            fail_msg("case %zu accepted", i);
        assert_string_equal(err, cases[i].message);
        assert_int_equal(ul.count, 0);
        assert_null(px_userlist_find(&ul, "a"));
        px_userlist_free(&ul);
    }

    /* no message buffer, and a buffer too small for the message */
    px_userlist ul;
    char tiny[8];
    assert_false(px_userlist_parse(&ul, "x", 1, NULL, 0));
    assert_false(px_userlist_parse(&ul, "x", 1, tiny, sizeof tiny));
    assert_string_equal(tiny, "line 1:");
    px_userlist_free(&ul);
}

static void test_many_users(void **state)
{
    og_buf text = OG_BUF_INIT;
    px_userlist ul;
    char err[256] = "";
    for (int i = 999; i >= 0; i--)
        og_buf_printf(&text, "\"user%d\" \"pw%d\"\n", i, i);
    assert_true(px_userlist_parse(&ul, (const char *)text.data, text.len, err, sizeof err));
    assert_int_equal(ul.count, 1000);
    for (int i = 0; i < 1000; i++) {
        char user[32], pw[32];
        snprintf(user, sizeof user, "user%d", i);
        snprintf(pw, sizeof pw, "pw%d", i);
        assert_entry(&ul, user, pw, PX_USERLIST_PLAIN);
    }
    assert_null(px_userlist_find(&ul, "user1000"));
    assert_null(px_userlist_find(&ul, "use"));
    px_userlist_free(&ul);
    og_buf_free(&text);
}

static void test_load_file(void **state)
{
    char path[] = "/tmp/test_userlist_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *good = "; users\n\"alice\" \"md5d18bf5f8eddaae3aed1d69b23a252748\"\n";
    assert_int_equal(write(fd, good, strlen(good)), (ssize_t)strlen(good));
    close(fd);

    px_userlist ul;
    char err[512] = "";
    assert_true(px_userlist_load(&ul, path, err, sizeof err));
    assert_entry(&ul, "alice", "md5d18bf5f8eddaae3aed1d69b23a252748", PX_USERLIST_MD5);
    px_userlist_free(&ul);

    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("\"alice\" \"pw\"\n\"bob\"\n", f);
    fclose(f);
    char expect[512];
    snprintf(expect, sizeof expect, "%s: line 2: missing password", path);
    assert_false(px_userlist_load(&ul, path, err, sizeof err));
    assert_string_equal(err, expect);
    assert_null(px_userlist_find(&ul, "alice"));
    px_userlist_free(&ul);

    unlink(path);
    assert_false(px_userlist_load(&ul, path, err, sizeof err));
    snprintf(expect, sizeof expect, "could not read \"%s\": No such file or directory", path);
    assert_string_equal(err, expect);
    px_userlist_free(&ul);

    assert_false(px_userlist_load(&ul, "/tmp", err, sizeof err));
    assert_string_equal(err, "could not read \"/tmp\": Is a directory");
    px_userlist_free(&ul);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_md5_shapes),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_comments_and_layout),
        cmocka_unit_test(test_duplicates_last_wins),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_many_users),
        cmocka_unit_test(test_load_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
