/* random.c -- MT19937 generators (Torch7's THRandom, byte for byte) and scalar draws. */
#include "random_internal.h"

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

_Static_assert(sizeof(tc_rng_state) == TC_RNG_STATE_SIZE, "tc_rng_state must match Torch7's THGenerator");
_Static_assert(offsetof(tc_rng_state, state) == 24, "THGenerator layout");
_Static_assert(offsetof(tc_rng_state, normal_x) == 5016, "THGenerator layout");
_Static_assert(offsetof(tc_rng_state, normal_is_valid) == 5040, "THGenerator layout");

/* ---- the MT19937 core ---------------------------------------------------------------------- */

#define MT_MATRIX_A 0x9908b0dfu
#define MT_UPPER 0x80000000u
#define MT_LOWER 0x7fffffffu

static inline uint32_t mt_twist(uint32_t u, uint32_t v) {
    uint32_t mix = (u & MT_UPPER) | (v & MT_LOWER);
    return (mix >> 1) ^ ((v & 1u) ? MT_MATRIX_A : 0u);
}

/* Regenerates all 624 words (Cokus/Bellew formulation, as THRandom). */
void tc_rng_next_state(tc_rng_state *s) {
    uint64_t *p = s->state;
    s->left = MT_N;
    s->next = 0;
    int j;
    for (j = 0; j < MT_N - MT_M; j++)
        p[j] = (uint32_t)p[j + MT_M] ^ mt_twist((uint32_t)p[j], (uint32_t)p[j + 1]);
    for (; j < MT_N - 1; j++)
        p[j] = (uint32_t)p[j + MT_M - MT_N] ^ mt_twist((uint32_t)p[j], (uint32_t)p[j + 1]);
    p[MT_N - 1] = (uint32_t)p[MT_M - 1] ^ mt_twist((uint32_t)p[MT_N - 1], (uint32_t)p[0]);
}

static void rng_manual_seed(tc_rng_state *s, uint64_t seed) {
    /* reseeding resets everything, the Box-Muller cache included */
    memset(s, 0, sizeof *s);
    s->the_initial_seed = seed;
    uint32_t x = (uint32_t)(seed & 0xffffffffu);
    s->state[0] = x;
    for (int j = 1; j < MT_N; j++) {
        x = 1812433253u * (x ^ (x >> 30)) + (uint32_t)j;
        s->state[j] = x;
    }
    s->left = 1;
    s->seeded = 1;
}

/* Torch7 reads a C long from /dev/urandom; the clock is the fallback where that fails. */
static uint64_t fresh_seed(void) {
    uint64_t v = 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t got = read(fd, &v, sizeof v);
        close(fd);
        if (got == (ssize_t)sizeof v) return v;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32);
}

/* ---- generator objects ---------------------------------------------------------------------- */

static tc_generator default_generator;
static pthread_once_t default_once = PTHREAD_ONCE_INIT;

static void default_init(void) {
    pthread_mutex_init(&default_generator.lock, NULL);
    rng_manual_seed(&default_generator.st, fresh_seed());
}

tc_generator *tc_generator_default(void) {
    pthread_once(&default_once, default_init);
    return &default_generator;
}

tc_generator *tc_rng_lock(tc_generator *gen) {
    if (!gen) gen = tc_generator_default();
    pthread_mutex_lock(&gen->lock);
    return gen;
}

void tc_rng_unlock(tc_generator *gen) {
    pthread_mutex_unlock(&gen->lock);
}

tc_generator *tc_generator_new(void) {
    tc_generator *g = malloc(sizeof *g);
    if (!g) return tc_fail_null("tc_generator_new: out of memory");
    pthread_mutex_init(&g->lock, NULL);
    rng_manual_seed(&g->st, fresh_seed());
    return g;
}

int tc_generator_copy_into(tc_generator *dst, const tc_generator *src) {
    tc_generator *s = tc_rng_lock((tc_generator *)src);
    tc_rng_state copy = s->st;
    tc_rng_unlock(s);
    tc_generator *d = tc_rng_lock(dst);
    d->st = copy;
    tc_rng_unlock(d);
    return 0;
}

tc_generator *tc_generator_copy(const tc_generator *src) {
    tc_generator *g = tc_generator_new();
    if (!g) return NULL;
    tc_generator_copy_into(g, src);
    return g;
}

void tc_generator_free(tc_generator *gen) {
    if (!gen || gen == &default_generator) return;
    pthread_mutex_destroy(&gen->lock);
    free(gen);
}

int tc_generator_manual_seed(tc_generator *gen, uint64_t seed) {
    tc_generator *g = tc_rng_lock(gen);
    rng_manual_seed(&g->st, seed);
    tc_rng_unlock(g);
    return 0;
}

uint64_t tc_generator_seed(tc_generator *gen) {
    uint64_t seed = fresh_seed();
    tc_generator_manual_seed(gen, seed);
    return seed;
}

uint64_t tc_generator_initial_seed(const tc_generator *gen) {
    tc_generator *g = tc_rng_lock((tc_generator *)gen);
    uint64_t seed = g->st.the_initial_seed;
    tc_rng_unlock(g);
    return seed;
}

int tc_generator_get_state(const tc_generator *gen, uint8_t *out, int64_t size) {
    if (!out) return tc_fail("tc_generator_get_state: output buffer is NULL");
    if (size != TC_RNG_STATE_SIZE)
        return tc_fail("tc_generator_get_state: RNG state is %d bytes, buffer has %lld", TC_RNG_STATE_SIZE,
                       (long long)size);
    tc_generator *g = tc_rng_lock((tc_generator *)gen);
    memcpy(out, &g->st, sizeof g->st);
    tc_rng_unlock(g);
    return 0;
}

/* Torch7 accepts seeded == 1, 0 < left <= 624, next <= 624.  Also require that the draws before
 * the next regeneration stay inside the state array and that every word is 32-bit, so a
 * hostile state can never make us read out of bounds. */
static int state_is_valid(const tc_rng_state *s, const char **why) {
    if (s->seeded != 1) { *why = "not seeded"; return 0; }
    if (s->left < 1 || s->left > MT_N) { *why = "'left' out of range"; return 0; }
    if (s->next > MT_N || s->next + (uint64_t)s->left > MT_N + 1) { *why = "'next' out of range"; return 0; }
    for (int j = 0; j < MT_N; j++)
        if (s->state[j] >> 32) { *why = "state word wider than 32 bits"; return 0; }
    if (s->normal_is_valid != 0 && s->normal_is_valid != 1) { *why = "bad normal_is_valid"; return 0; }
    return 1;
}

int tc_generator_set_state(tc_generator *gen, const uint8_t *bytes, int64_t size) {
    if (!bytes) return tc_fail("tc_generator_set_state: state is NULL");
    if (size != TC_RNG_STATE_SIZE)
        return tc_fail("tc_generator_set_state: RNG state is wrong size (%lld bytes, expected %d)", (long long)size,
                       TC_RNG_STATE_SIZE);
    tc_rng_state s;
    memcpy(&s, bytes, sizeof s);
    const char *why = "";
    if (!state_is_valid(&s, &why)) return tc_fail("tc_generator_set_state: Invalid RNG state (%s)", why);
    s.padding = 0;
    tc_generator *g = tc_rng_lock(gen);
    g->st = s;
    tc_rng_unlock(g);
    return 0;
}

int tc_generator_get_state_tensor(const tc_generator *gen, tc_tensor *out) {
    if (!out) return tc_fail("tc_generator_get_state_tensor: output tensor is NULL");
    if (out->dtype != TC_UINT8)
        return tc_fail("tc_generator_get_state_tensor: state tensor must be uint8 (ByteTensor), got %s",
                       tc_dtype_name(out->dtype));
    int64_t size = TC_RNG_STATE_SIZE;
    if (tc_tensor_resize(out, 1, &size) != 0) return -1;
    if (!tc_tensor_is_contiguous(out)) return tc_fail("tc_generator_get_state_tensor: RNG state needs to be contiguous");
    return tc_generator_get_state(gen, tc_tensor_data(out), size);
}

int tc_generator_set_state_tensor(tc_generator *gen, const tc_tensor *state) {
    if (!state) return tc_fail("tc_generator_set_state_tensor: state tensor is NULL");
    if (state->dtype != TC_UINT8)
        return tc_fail("tc_generator_set_state_tensor: state tensor must be uint8 (ByteTensor), got %s",
                       tc_dtype_name(state->dtype));
    int64_t n = tc_tensor_numel(state);
    if (n != TC_RNG_STATE_SIZE)
        return tc_fail("tc_generator_set_state_tensor: RNG state is wrong size (%lld bytes, expected %d)",
                       (long long)n, TC_RNG_STATE_SIZE);
    if (!tc_tensor_is_contiguous(state)) return tc_fail("tc_generator_set_state_tensor: RNG state needs to be contiguous");
    return tc_generator_set_state(gen, tc_tensor_data(state), n);
}

/* ---- scalar draws -------------------------------------------------------------------------- */

uint32_t tc_draw_u32(tc_generator *gen) {
    tc_generator *g = tc_rng_lock(gen);
    uint32_t v = rng_u32(&g->st);
    tc_rng_unlock(g);
    return v;
}

int tc_draw_random_upto(tc_generator *gen, int64_t b, int64_t *out) {
    if (!out) return tc_fail("tc_draw_random_upto: out is NULL");
    if (b <= 0) return tc_fail("tc_draw_random_upto: upper bound must be strictly positive (got %lld)", (long long)b);
    tc_generator *g = tc_rng_lock(gen);
    *out = (int64_t)(rng_u32(&g->st) % (uint64_t)b + 1);
    tc_rng_unlock(g);
    return 0;
}

int tc_draw_random_range(tc_generator *gen, int64_t a, int64_t b, int64_t *out) {
    if (!out) return tc_fail("tc_draw_random_range: out is NULL");
    if (b < a)
        return tc_fail("tc_draw_random_range: upper bound must be larger than lower bound (got [%lld, %lld])",
                       (long long)a, (long long)b);
    uint64_t range = (uint64_t)b + 1u - (uint64_t)a;   /* 0 means all 2^64 values */
    tc_generator *g = tc_rng_lock(gen);
    uint64_t r = rng_u32(&g->st);
    tc_rng_unlock(g);
    *out = (int64_t)((range ? r % range : r) + (uint64_t)a);
    return 0;
}

double tc_draw_uniform(tc_generator *gen, double a, double b) {
    tc_generator *g = tc_rng_lock(gen);
    double v = rng_uniform(&g->st, a, b);
    tc_rng_unlock(g);
    return v;
}

int tc_draw_normal(tc_generator *gen, double mean, double std, double *out) {
    if (!out) return tc_fail("tc_draw_normal: out is NULL");
    if (!(std >= 0)) return tc_fail("tc_draw_normal: standard deviation must be non-negative (got %g)", std);
    tc_generator *g = tc_rng_lock(gen);
    *out = rng_normal(&g->st, mean, std);
    tc_rng_unlock(g);
    return 0;
}

int tc_draw_exponential(tc_generator *gen, double lambda, double *out) {
    if (!out) return tc_fail("tc_draw_exponential: out is NULL");
    if (!(lambda > 0)) return tc_fail("tc_draw_exponential: lambda must be positive (got %g)", lambda);
    tc_generator *g = tc_rng_lock(gen);
    *out = rng_exponential(&g->st, lambda);
    tc_rng_unlock(g);
    return 0;
}

int tc_draw_cauchy(tc_generator *gen, double median, double sigma, double *out) {
    if (!out) return tc_fail("tc_draw_cauchy: out is NULL");
    tc_generator *g = tc_rng_lock(gen);
    *out = rng_cauchy(&g->st, median, sigma);
    tc_rng_unlock(g);
    return 0;
}

int tc_draw_log_normal(tc_generator *gen, double mean, double std, double *out) {
    if (!out) return tc_fail("tc_draw_log_normal: out is NULL");
    if (!(std >= 0)) return tc_fail("tc_draw_log_normal: standard deviation must be non-negative (got %g)", std);
    tc_generator *g = tc_rng_lock(gen);
    *out = rng_log_normal(&g->st, mean, std);
    tc_rng_unlock(g);
    return 0;
}

int tc_draw_geometric(tc_generator *gen, double p, double *out) {
    if (!out) return tc_fail("tc_draw_geometric: out is NULL");
    if (!(p > 0 && p < 1)) return tc_fail("tc_draw_geometric: p must be > 0 and < 1 (got %g)", p);
    tc_generator *g = tc_rng_lock(gen);
    *out = rng_geometric(&g->st, p);
    tc_rng_unlock(g);
    return 0;
}

int tc_draw_bernoulli(tc_generator *gen, double p, double *out) {
    if (!out) return tc_fail("tc_draw_bernoulli: out is NULL");
    if (!(p >= 0 && p <= 1)) return tc_fail("tc_draw_bernoulli: p must be >= 0 and <= 1 (got %g)", p);
    tc_generator *g = tc_rng_lock(gen);
    *out = rng_bernoulli(&g->st, p);
    tc_rng_unlock(g);
    return 0;
}
