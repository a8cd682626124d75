/*
 * proxy/log.h - log lines, each naming the connection it concerns.
 *
 * Like PgBouncer's slog_* macros, the session macros put the session's id,
 * user, database and peer address at the start of the line, so a log can be
 * grepped for one connection. A line is written with one write(2), so lines
 * of different worker threads never interleave.
 */
#ifndef PX_LOG_H
#define PX_LOG_H

#include "proxy/config.h"

/* Open the log destination (path "" = stderr). Returns false with errno set. */
bool px_log_open(const char *path);
void px_log_set_level(px_log_level level);
bool px_log_enabled(px_log_level level);
void px_log_close(void);
void px_log_write(px_log_level level, const char *prefix, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define px_log_debug(...) px_log_write(PX_LOG_DEBUG, NULL, __VA_ARGS__)
#define px_log_info(...) px_log_write(PX_LOG_INFO, NULL, __VA_ARGS__)
#define px_log_warning(...) px_log_write(PX_LOG_WARNING, NULL, __VA_ARGS__)
#define px_log_error(...) px_log_write(PX_LOG_ERROR, NULL, __VA_ARGS__)

#endif
