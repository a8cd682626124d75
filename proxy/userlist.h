/*
 * proxy/userlist.h - PgBouncer's auth_file (userlist.txt): who may log in
 * and with which stored password.
 *
 * Each line is `"user" "password"`, any further fields ignored; a double
 * quote inside a field is written `""`. Blank lines and lines starting with
 * ';' or '#' are comments. A password is plain text, "md5" + 32 hex digits
 * (md5(password || user), as PostgreSQL stores it) or a SCRAM-SHA-256
 * verifier as in pg_authid. A user listed twice takes the last line, as
 * PgBouncer does.
 *
 * Loading never logs and never exits: a malformed file yields false and a
 * "where: line N: reason" message, and the caller decides (refuse to start,
 * or keep the previous list on reload). Load into a fresh px_userlist and
 * swap on success.
 */
#ifndef PX_USERLIST_H
#define PX_USERLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "orm/mem.h"

typedef enum px_userlist_kind {
    PX_USERLIST_PLAIN, /* clear text */
    PX_USERLIST_MD5,   /* "md5" + md5hex(password || user) */
    PX_USERLIST_SCRAM  /* "SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>", known to parse */
} px_userlist_kind;

typedef struct px_userlist_entry {
    const char *user;
    const char *password; /* unquoted, exactly as stored; may be "" */
    px_userlist_kind kind;
    unsigned line; /* where it was defined, for messages */
} px_userlist_entry;

typedef struct px_userlist {
    og_arena arena;             /* owns the entries and their strings */
    px_userlist_entry *entries; /* sorted by user, one per user */
    size_t count;
} px_userlist;

/* Parse len bytes of auth_file text into ul (which need not be initialised). On a malformed line: false, ul
 * empty, err holds "line N: reason". */
bool px_userlist_parse(px_userlist *ul, const char *text, size_t len, char *err, size_t errlen);
/* Read and parse the file at path; messages read "path: line N: reason" or "could not read \"path\": why". */
bool px_userlist_load(px_userlist *ul, const char *path, char *err, size_t errlen);
/* The entry for user (exact, case-sensitive match), or NULL. */
const px_userlist_entry *px_userlist_find(const px_userlist *ul, const char *user);
/* Free everything; ul is empty and reusable afterwards (also after a failed parse or load). */
void px_userlist_free(px_userlist *ul);

#endif
