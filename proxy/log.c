/*
 * proxy/log.c - formatting and writing log lines (see log.h).
 */
#include "proxy/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static atomic_int log_fd = 2;
static atomic_int log_level = PX_LOG_INFO;

static const char *const level_names[] = {"DEBUG", "LOG", "WARNING", "ERROR"};

bool px_log_open(const char *path)
{
    if (!path || !*path) {
        px_log_close();
        return true;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd < 0)
        return false;
    int old = atomic_exchange(&log_fd, fd);
    if (old > 2)
        close(old);
    return true;
}

void px_log_close(void)
{
    int old = atomic_exchange(&log_fd, 2);
    if (old > 2)
        close(old);
}

void px_log_set_level(px_log_level level) { atomic_store(&log_level, (int)level); }

bool px_log_enabled(px_log_level level) { return (int)level >= atomic_load(&log_level); }

void px_log_write(px_log_level level, const char *prefix, const char *fmt, ...)
{
    if (!px_log_enabled(level))
        return;
    char line[2048];
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    gmtime_r(&tv.tv_sec, &tm);
    int n = (int)strftime(line, sizeof(line), "%Y-%m-%d %H:%M:%S", &tm);
    n += snprintf(line + n, sizeof(line) - (size_t)n, ".%03d UTC [%d] %s %s%s", (int)(tv.tv_usec / 1000),
                  (int)getpid(), level_names[level], prefix ? prefix : "", prefix ? " " : "");
    if (n < (int)sizeof(line)) {
        va_list ap;
        va_start(ap, fmt);
        int m = vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
        va_end(ap);
        n = m < 0 ? n : n + m;
    }
    if (n > (int)sizeof(line) - 2)
        n = (int)sizeof(line) - 2;
    line[n++] = '\n';
    ssize_t w = write(atomic_load(&log_fd), line, (size_t)n);
    (void)w;
}
