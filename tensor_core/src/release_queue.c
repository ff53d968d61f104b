/* The deferred-release queue (see tc_base.h): a growable array of ctx pointers behind a mutex.
 * Storages of host-owned memory are released from wherever the last reference drops (a Lua
 * finaliser, a kernel resizing its output, another thread); only the host itself, at a safe point,
 * may run its release code. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "tc_internal.h"

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static void **queue;
static int64_t queue_len, queue_cap;

void tc_release_deferred(void *ctx, void *data) {
    (void)data;
    pthread_mutex_lock(&queue_lock);
    if (queue_len == queue_cap) {
        int64_t cap = queue_cap ? 2 * queue_cap : 64;
        void **grown = realloc(queue, (size_t)cap * sizeof *grown);
        if (!grown) {
            /* Out of memory: keeping the host object alive forever (a leak) is the only safe choice. */
            pthread_mutex_unlock(&queue_lock);
            return;
        }
        queue = grown;
        queue_cap = cap;
    }
    queue[queue_len++] = ctx;
    pthread_mutex_unlock(&queue_lock);
}

int64_t tc_release_take(void **out, int64_t max) {
    if (!out || max <= 0) return 0;
    pthread_mutex_lock(&queue_lock);
    int64_t n = queue_len < max ? queue_len : max;
    /* take from the end: order does not matter, and the rest stays in place */
    memcpy(out, queue + (queue_len - n), (size_t)n * sizeof *out);
    queue_len -= n;
    pthread_mutex_unlock(&queue_lock);
    return n;
}

int64_t tc_release_pending(void) {
    pthread_mutex_lock(&queue_lock);
    int64_t n = queue_len;
    pthread_mutex_unlock(&queue_lock);
    return n;
}
