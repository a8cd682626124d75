/*
 * proxy/runtime.c - building and publishing runtime generations (runtime.h).
 */
#include "proxy/runtime.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static _Atomic(px_runtime *) current;
static pthread_mutex_t retired_lock = PTHREAD_MUTEX_INITIALIZER;
static px_runtime **retired;
static size_t nretired;

static void runtime_free(px_runtime *rt)
{
    if (!rt)
        return;
    px_config_free(rt->config);
    if (rt->users) {
        px_userlist_free(rt->users);
        free(rt->users);
    }
    px_tls_free(rt->tls);
    free(rt);
}

px_runtime *px_runtime_build(px_config *c, char *err, size_t errlen)
{
    px_runtime *rt = calloc(1, sizeof(*rt));
    if (!rt)
        abort();
    rt->config = c;
    if (*c->auth_file) {
        rt->users = calloc(1, sizeof(*rt->users));
        if (!rt->users)
            abort();
        if (!px_userlist_load(rt->users, c->auth_file, err, errlen)) {
            runtime_free(rt);
            return NULL;
        }
    }
    rt->tls = px_tls_new(c, err, errlen);
    if (!rt->tls && err[0]) {
        runtime_free(rt);
        return NULL;
    }
    return rt;
}

const px_runtime *px_runtime_get(void) { return atomic_load_explicit(&current, memory_order_acquire); }

void px_runtime_publish(px_runtime *rt)
{
    px_runtime *old = atomic_exchange_explicit(&current, rt, memory_order_acq_rel);
    if (!old)
        return;
    pthread_mutex_lock(&retired_lock);
    px_runtime **grown = realloc(retired, sizeof(*grown) * (nretired + 1));
    if (!grown)
        abort();
    retired = grown;
    retired[nretired++] = old;
    pthread_mutex_unlock(&retired_lock);
}

void px_runtime_shutdown(void)
{
    runtime_free(atomic_exchange(&current, NULL));
    pthread_mutex_lock(&retired_lock);
    for (size_t i = 0; i < nretired; i++)
        runtime_free(retired[i]);
    free(retired);
    retired = NULL;
    nretired = 0;
    pthread_mutex_unlock(&retired_lock);
}
