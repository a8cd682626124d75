/*
 * proxy/main.c - command line, configuration and start-up of ormgate.
 *
 * This is the only place that prints to the terminal and exits: everything
 * below reports errors to its caller.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxy/config.h"
#include "proxy/log.h"
#include "proxy/runtime.h"
#include "proxy/server.h"
#include "proxy/textio.h"

static void usage(FILE *f)
{
    fprintf(f, "ormgate %s: PostgreSQL wire protocol with Data Mapper ORM semantics over\n"
               "PostgreSQL, MySQL/MariaDB, SQLite and MongoDB.\n\n"
               "Usage: ormgate [-c FILE]\n\n"
               "Options:\n"
               "  -c, --config FILE  read settings from FILE (ormgate.ini format; default: none,\n"
               "                     listen on 127.0.0.1:6432 and serve every database from SQLite)\n"
               "  -V, --version      print the version and exit\n"
               "  -h, --help         print this help and exit\n\n"
               "Signals: SIGHUP reloads the configuration, SIGTERM drains and stops,\n"
               "SIGINT stops at once.\n",
            OG_VERSION);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"version", no_argument, NULL, 'V'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *path = NULL;
    int ch;
    while ((ch = getopt_long(argc, argv, "c:Vh", opts, NULL)) != -1) {
        switch (ch) {
        case 'c':
            path = optarg;
            break;
        case 'V':
            printf("ormgate %s\n", OG_VERSION);
            return 0;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        if (!path && optind == argc - 1) {
            path = argv[optind]; /* "ormgate ormgate.ini", as pgbouncer accepts */
        } else {
            usage(stderr);
            return 2;
        }
    }
    /* The time-zone codecs switch TZ under a mutex (wire/codec_tz.c); setting it
     * once before any thread starts removes the race of the very first setenv. */
    setenv("TZ", "UTC", 1);
    px_textio_install();
    char err[512] = "";
    px_config *c = px_config_load(path, err, sizeof(err));
    if (!c) {
        fprintf(stderr, "ormgate: invalid configuration: %s\n", err);
        return 1;
    }
    if (!px_log_open(c->logfile)) {
        fprintf(stderr, "ormgate: cannot open logfile \"%s\": %s\n", c->logfile, strerror(errno));
        px_config_free(c);
        return 1;
    }
    px_log_set_level(c->log_level);
    px_runtime *rt = px_runtime_build(c, err, sizeof(err));
    if (!rt) {
        fprintf(stderr, "ormgate: invalid configuration: %s\n", err);
        return 1;
    }
    int rc = px_server_run(rt, path);
    px_runtime_shutdown();
    px_log_close();
    return rc;
}
