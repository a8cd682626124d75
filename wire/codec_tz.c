/*
 * wire/codec_tz.c - time zones for the date/time codecs: the session's
 * TimeZone setting, zone names and abbreviations met in input, and the UTC
 * offset of a zone at an instant or for a local wall-clock time.
 *
 * "UTC"-like names and fixed offsets (POSIX "UTC+3", "<+0330>-03:30", or a
 * bare number of hours as SET TIME ZONE takes it) are pure arithmetic. IANA
 * names ("Europe/Paris") and POSIX strings with DST rules go to glibc: under
 * one mutex we point the TZ environment variable at the zone, call tzset()
 * and ask localtime_r() for the UTC offset at an instant.
 *
 * Cost: glibc re-reads the zone file whenever the zone differs from the
 * previous call (an open and a read, tens of microseconds), otherwise a
 * lock and a localtime_r(); local-to-UTC conversion needs four lookups.
 * Side effects: the process TZ variable is left at the last zone used, so
 * other code must not rely on localtime() (use gmtime_r); the first
 * setenv() may race with a getenv() running in another thread.
 *
 * Zone names are looked up in /usr/share/zoneinfo ignoring case, as
 * PostgreSQL does: the only file system access of the codecs besides
 * glibc's own, and only when a name is not the zone glibc has loaded (a
 * stat and a 4-byte read of the file, a directory scan for odd spellings).
 * Abbreviations ("PST", "CEST") are PostgreSQL's Default set with fixed
 * offsets; PostgreSQL resolves a few of them ("MSK") through zone history.
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wire/codec_dt.h"

#define TZDIR "/usr/share/zoneinfo"

/* PostgreSQL 15's "Default" time zone abbreviations: name, UTC offset in
 * seconds east, daylight-saving flag (pg_timezone_abbrevs). Abbreviations
 * that PostgreSQL resolves through a zone's history use today's offset. */
/* clang-format off */
static const struct tz_abbrev {
    const char *abbrev;
    int offset;
    int is_dst;
} tz_abbrevs[] = {
    {"acdt", 37800, 1}, {"acsst", 37800, 1}, {"acst", 34200, 0}, {"act", -18000, 0},
    {"acwst", 31500, 0}, {"adt", -10800, 1}, {"aedt", 39600, 1}, {"aesst", 39600, 1},
    {"aest", 36000, 0}, {"aft", 16200, 0}, {"akdt", -28800, 1}, {"akst", -32400, 0},
    {"almst", 25200, 1}, {"almt", 21600, 0}, {"amst", 14400, 0}, {"amt", -14400, 0},
    {"anast", 43200, 0}, {"anat", 43200, 0}, {"arst", -10800, 0}, {"art", -10800, 0},
    {"ast", -14400, 0}, {"awsst", 32400, 1}, {"awst", 28800, 0}, {"azost", 0, 1},
    {"azot", -3600, 0}, {"azst", 14400, 0}, {"azt", 14400, 0}, {"bdst", 7200, 1},
    {"bdt", 21600, 0}, {"bnt", 28800, 0}, {"bort", 28800, 0}, {"bot", -14400, 0},
    {"bra", -10800, 0}, {"brst", -7200, 1}, {"brt", -10800, 0}, {"bst", 3600, 1},
    {"btt", 21600, 0}, {"cadt", 37800, 1}, {"cast", 34200, 0}, {"cct", 28800, 0},
    {"cdt", -18000, 1}, {"cest", 7200, 1}, {"cet", 3600, 0}, {"cetdst", 7200, 1},
    {"chadt", 49500, 1}, {"chast", 45900, 0}, {"chut", 36000, 0}, {"ckt", -36000, 0},
    {"clst", -10800, 1}, {"clt", -10800, 1}, {"cot", -18000, 0}, {"cst", -21600, 0},
    {"cxt", 25200, 0}, {"davt", 25200, 0}, {"ddut", 36000, 0}, {"easst", -18000, 1},
    {"east", -18000, 1}, {"eat", 10800, 0}, {"edt", -14400, 1}, {"eest", 10800, 1},
    {"eet", 7200, 0}, {"eetdst", 10800, 1}, {"egst", 0, 1}, {"egt", -3600, 0},
    {"est", -18000, 0}, {"fet", 10800, 0}, {"fjst", 46800, 1}, {"fjt", 43200, 0},
    {"fkst", -10800, 0}, {"fkt", -10800, 0}, {"fnst", -3600, 1}, {"fnt", -7200, 0},
    {"galt", -21600, 0}, {"gamt", -32400, 0}, {"gest", 14400, 0}, {"get", 14400, 0},
    {"gft", -10800, 0}, {"gilt", 43200, 0}, {"gmt", 0, 0}, {"gyt", -14400, 0},
    {"hkt", 28800, 0}, {"hst", -36000, 0}, {"ict", 25200, 0}, {"idt", 10800, 1},
    {"iot", 21600, 0}, {"irkst", 28800, 0}, {"irkt", 28800, 0}, {"irt", 12600, 0},
    {"ist", 7200, 0}, {"jayt", 32400, 0}, {"jst", 32400, 0}, {"kdt", 36000, 1},
    {"kgst", 21600, 1}, {"kgt", 21600, 0}, {"kost", 39600, 0}, {"krast", 25200, 0},
    {"krat", 25200, 0}, {"kst", 32400, 0}, {"lhdt", 39600, 1}, {"lhst", 37800, 0},
    {"ligt", 36000, 0}, {"lint", 50400, 0}, {"lkt", 19800, 0}, {"magst", 39600, 0},
    {"magt", 39600, 0}, {"mart", -34200, 0}, {"mawt", 18000, 0}, {"mdt", -21600, 1},
    {"mest", 7200, 1}, {"mesz", 7200, 1}, {"met", 3600, 0}, {"metdst", 7200, 1},
    {"mez", 3600, 0}, {"mht", 43200, 0}, {"mmt", 23400, 0}, {"mpt", 36000, 0},
    {"msd", 14400, 1}, {"msk", 10800, 0}, {"mst", -25200, 0}, {"must", 18000, 1},
    {"mut", 14400, 0}, {"mvt", 18000, 0}, {"myt", 28800, 0}, {"ndt", -9000, 1},
    {"nft", -12600, 0}, {"novst", 25200, 0}, {"novt", 25200, 0}, {"npt", 20700, 0},
    {"nst", -12600, 0}, {"nut", -39600, 0}, {"nzdt", 46800, 1}, {"nzst", 43200, 0},
    {"nzt", 43200, 0}, {"omsst", 21600, 0}, {"omst", 21600, 0}, {"pdt", -25200, 1},
    {"pet", -18000, 0}, {"petst", 43200, 0}, {"pett", 43200, 0}, {"pgt", 36000, 0},
    {"pht", 28800, 0}, {"pkst", 21600, 1}, {"pkt", 18000, 0}, {"pmdt", -7200, 1},
    {"pmst", -10800, 0}, {"pont", 39600, 0}, {"pst", -28800, 0}, {"pwt", 32400, 0},
    {"pyst", -10800, 1}, {"pyt", -10800, 0}, {"ret", 14400, 0}, {"sadt", 37800, 1},
    {"sast", 7200, 0}, {"sct", 14400, 0}, {"sgt", 28800, 0}, {"taht", -36000, 0},
    {"tft", 18000, 0}, {"tjt", 18000, 0}, {"tkt", 46800, 0}, {"tmt", 18000, 0},
    {"tot", 46800, 0}, {"trut", 36000, 0}, {"tvt", 43200, 0}, {"uct", 0, 0},
    {"ulast", 32400, 1}, {"ulat", 28800, 0}, {"ut", 0, 0}, {"utc", 0, 0},
    {"uyst", -7200, 1}, {"uyt", -10800, 0}, {"uzst", 21600, 1}, {"uzt", 18000, 0},
    {"vet", -14400, 0}, {"vlast", 36000, 0}, {"vlat", 36000, 0}, {"volt", 10800, 0},
    {"vut", 39600, 0}, {"wadt", 28800, 1}, {"wakt", 43200, 0}, {"wast", 25200, 0},
    {"wat", 3600, 0}, {"wdt", 32400, 1}, {"wet", 0, 0}, {"wetdst", 3600, 1},
    {"wft", 43200, 0}, {"wgst", -7200, 1}, {"wgt", -10800, 0}, {"xjt", 21600, 0},
    {"yakst", 32400, 0}, {"yakt", 32400, 0}, {"yapt", 36000, 0}, {"yekst", 21600, 1},
    {"yekt", 18000, 0}, {"z", 0, 0}, {"zulu", 0, 0},
};
/* clang-format on */

int wire_tz_abbrev(const char *s, int *offset_east)
{
    for (size_t i = 0; i < sizeof(tz_abbrevs) / sizeof(tz_abbrevs[0]); i++) {
        if (strncmp(s, tz_abbrevs[i].abbrev, TOKMAXLEN) == 0) {
            *offset_east = tz_abbrevs[i].offset;
            return tz_abbrevs[i].is_dst ? DTZ : TZ;
        }
    }
    return UNKNOWN_FIELD;
}

/* Guards the process TZ variable and glibc's zone state (see file header). */
static pthread_mutex_t tz_mutex = PTHREAD_MUTEX_INITIALIZER;

static void zone_fixed(dt_zone *z, int32_t east)
{
    z->named = false;
    z->east = east;
    z->name[0] = '\0';
}

/* Names whose zone file is plain UTC; answered without touching glibc. */
static bool zone_is_utc_alias(const char *name)
{
    static const char *const utc[] = {
        "UTC",      "GMT",           "UCT",           "Zulu",     "Universal", "Greenwich",
        "GMT0",     "GMT+0",         "GMT-0",         "Etc/UTC",  "Etc/GMT",   "Etc/UCT",
        "Etc/Zulu", "Etc/Universal", "Etc/Greenwich", "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0",
    };
    for (size_t i = 0; i < sizeof(utc) / sizeof(utc[0]); i++)
        if (strcasecmp(name, utc[i]) == 0)
            return true;
    return false;
}

/* POSIX TZ "std offset" prefix (PostgreSQL's tzparse allows an empty std
 * name). Returns the rest of the string, or NULL when there is no offset;
 * west is the POSIX offset (positive west of Greenwich). */
static const char *posix_std_offset(const char *p, int32_t *west)
{
    int sign = 1, h = 0, m = 0, s = 0;
    if (*p == '<') {
        while (*p && *p != '>')
            p++;
        if (*p++ != '>')
            return NULL;
    } else {
        while (*p && !isdigit((unsigned char)*p) && *p != ',' && *p != '-' && *p != '+')
            p++;
    }
    if (*p == '-' || *p == '+')
        sign = *p++ == '-' ? -1 : 1;
    if (!isdigit((unsigned char)*p))
        return NULL;
    while (isdigit((unsigned char)*p) && h <= 167)
        h = h * 10 + (*p++ - '0');
    if (h > 167)
        return NULL;
    if (*p == ':') {
        p++;
        if (!isdigit((unsigned char)*p))
            return NULL;
        while (isdigit((unsigned char)*p) && m <= 59)
            m = m * 10 + (*p++ - '0');
        if (m > 59)
            return NULL;
        if (*p == ':') {
            p++;
            if (!isdigit((unsigned char)*p))
                return NULL;
            while (isdigit((unsigned char)*p) && s <= 60)
                s = s * 10 + (*p++ - '0');
            if (s > 60)
                return NULL;
        }
    }
    *west = sign * (h * 3600 + m * 60 + s);
    return p;
}

/* A zone name we are willing to turn into a path under TZDIR. */
static bool zone_name_safe(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n >= ZONE_NAME_MAX || name[0] == '/' || strstr(name, "..") || strstr(name, "//"))
        return false;
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("/_+-.", *p))
            return false;
    return true;
}

/* A regular file that starts with the TZif magic. */
static bool zone_file_ok(const char *path)
{
    struct stat st;
    char magic[4];
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t n = read(fd, magic, 4);
    close(fd);
    return n == 4 && memcmp(magic, "TZif", 4) == 0;
}

/* Find name under TZDIR ignoring case, component by component, as
 * PostgreSQL's pg_open_tzfile does; canon gets the real spelling. */
static bool zone_find_ci(const char *name, char canon[ZONE_NAME_MAX])
{
    char path[sizeof(TZDIR) + ZONE_NAME_MAX + 8];
    size_t clen = 0;
    const char *p = name;
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        char comp[ZONE_NAME_MAX];
        bool found = false;
        memcpy(comp, p, n);
        comp[n] = '\0';
        snprintf(path, sizeof(path), "%s/%.*s", TZDIR, (int)clen, canon);
        DIR *d = opendir(path);
        if (!d)
            return false;
        for (struct dirent *e; (e = readdir(d)) != NULL;) {
            if (strcasecmp(e->d_name, comp) == 0 && clen + 1 + strlen(e->d_name) < ZONE_NAME_MAX) {
                clen += (size_t)snprintf(canon + clen, ZONE_NAME_MAX - clen, "%s%s", clen ? "/" : "", e->d_name);
                found = true;
                break;
            }
        }
        closedir(d);
        if (!found)
            return false;
        p += n + (slash ? 1 : 0);
    }
    snprintf(path, sizeof(path), "%s/%s", TZDIR, canon);
    return clen > 0 && zone_file_ok(path);
}

/* "america/new_york" -> "America/New_York": the spelling of most zones. */
static void zone_title_case(const char *name, char out[ZONE_NAME_MAX])
{
    size_t i = 0;
    bool start = true;
    for (; i < ZONE_NAME_MAX - 1 && name[i]; i++) {
        unsigned char c = (unsigned char)name[i];
        out[i] = (char)(start ? toupper(c) : tolower(c));
        start = c == '/' || c == '_' || c == '-';
    }
    out[i] = '\0';
}

static bool zone_file_exists(const char *name)
{
    char path[sizeof(TZDIR) + ZONE_NAME_MAX + 8];
    snprintf(path, sizeof(path), "%s/%s", TZDIR, name);
    return zone_file_ok(path);
}

/* The zone glibc currently has loaded is already name (no I/O needed). */
static bool zone_is_current(const char *name)
{
    pthread_mutex_lock(&tz_mutex);
    const char *cur = getenv("TZ");
    bool same = cur && strcmp(cur, name) == 0;
    pthread_mutex_unlock(&tz_mutex);
    return same;
}

/* pg_tzset: resolve a zone name (as typed, any case) to a dt_zone. */
bool wire_zone_resolve(const char *name, dt_zone *z)
{
    int32_t west;
    const char *rest;
    if (zone_is_utc_alias(name)) {
        zone_fixed(z, 0);
        return true;
    }
    if (name[0] == ':' || strlen(name) >= ZONE_NAME_MAX)
        return false;
    rest = posix_std_offset(name, &west);
    if (rest && *rest == '\0') {
        zone_fixed(z, -west);
        return true;
    }
    z->named = true;
    z->east = 0;
    if (zone_name_safe(name)) {
        /* input is lower-cased by the lexer; try the usual spelling first,
         * so that the common case needs no directory scan */
        char title[ZONE_NAME_MAX];
        zone_title_case(name, title);
        if (zone_is_current(name) || zone_file_exists(name)) {
            strcpy(z->name, name);
            return true;
        }
        if (zone_is_current(title) || zone_file_exists(title)) {
            strcpy(z->name, title);
            return true;
        }
        if (zone_find_ci(name, z->name))
            return true;
    }
    /* a POSIX string with daylight-saving rules: glibc implements those */
    if (rest && (isalpha((unsigned char)*rest) || *rest == '<')) {
        strcpy(z->name, name);
        return true;
    }
    return false;
}

/* The session's TimeZone setting, read as SET TIME ZONE reads it: a bare
 * number is hours east (SQL sign), anything else a zone name. An unknown
 * name falls back to UTC (the SET that stored it should have refused it). */
void wire_zone_from_setting(const char *tz, dt_zone *z)
{
    char *end;
    if (!tz || !*tz) {
        zone_fixed(z, 0);
        return;
    }
    double hours = strtod(tz, &end);
    if (end != tz && *end == '\0' && isfinite(hours) && fabs(hours) < 24 * 7) {
        zone_fixed(z, (int32_t)(hours * SECS_PER_HOUR));
        return;
    }
    if (!wire_zone_resolve(tz, z))
        zone_fixed(z, 0);
}

/* UTC offset (seconds east) of a named zone at Unix time t. */
static int32_t named_offset_at(const char *name, int64_t t)
{
    struct tm tm;
    time_t tt = (time_t)t;
    int32_t east = 0;
    pthread_mutex_lock(&tz_mutex);
    const char *cur = getenv("TZ");
    if (!cur || strcmp(cur, name) != 0) {
        setenv("TZ", name, 1);
        tzset();
    }
    if (localtime_r(&tt, &tm))
        east = (int32_t)tm.tm_gmtoff;
    pthread_mutex_unlock(&tz_mutex);
    return east;
}

int32_t wire_zone_offset_at(const dt_zone *z, int64_t unix_secs)
{
    return z->named ? named_offset_at(z->name, unix_secs) : z->east;
}

int wire_zone_local_tz(const dt_zone *z, int64_t local)
{
    if (!z->named)
        return -z->east;
    int32_t before = named_offset_at(z->name, local - SECS_PER_DAY);
    int32_t after = named_offset_at(z->name, local + SECS_PER_DAY);
    int64_t tb = local - before, ta = local - after;
    bool vb = named_offset_at(z->name, tb) == before;
    if (before == after)
        return vb ? -before : -named_offset_at(z->name, tb);
    bool va = named_offset_at(z->name, ta) == after;
    /* in a gap (spring forward) PostgreSQL keeps the offset before the
     * transition, in an overlap (fall back) it takes the one after */
    if (vb && !va)
        return -before;
    if (va && !vb)
        return -after;
    return tb > ta ? -before : -after;
}
