/* tc_random.h -- MT19937 generators and distributions, bit-exact with Torch7's THRandom.
 * See tensor_core.h for the rules every section follows.
 *
 * Every function taking a `tc_generator *gen` accepts NULL for the process-wide default
 * generator.  Each call locks the generator it uses, so one generator may be shared between
 * threads (calls are serialised; the stream order then depends on the call order).
 *
 * Exactness: the stream, the transforms and the order of consumption (row-major over the
 * tensor's elements, as TH_TENSOR_APPLY) reproduce Torch7, so a script seeded with
 * torch.manualSeed(n) sees Torch7's numbers.  Float32 tensors round the real-valued
 * parameters (a, b, mean, std, lambda, median, sigma) to float first, as Torch7's cwrap (and
 * PyTorch) do; probabilities (p) stay double.
 */

/* The raw TH generator struct of a 64-bit Linux Torch7 (x86-64 layout, 5048 bytes).
 * getRNGState()/setRNGState() and the serialized torch.Generator carry exactly these bytes. */
typedef struct tc_rng_state {
    uint64_t the_initial_seed;
    int32_t left;
    int32_t seeded;
    uint64_t next;
    uint64_t state[624];
    double normal_x;
    double normal_y;
    double normal_rho;
    int32_t normal_is_valid;
    int32_t padding;            /* the C compiler's tail padding; always written as 0 */
} tc_rng_state;

enum { TC_RNG_STATE_SIZE = 5048 };

typedef struct tc_generator tc_generator;   /* opaque: a tc_rng_state plus its lock */

/* ---- generators -------------------------------------------------------------------------- */
tc_generator *tc_generator_new(void);                 /* seeded like tc_generator_seed */
tc_generator *tc_generator_copy(const tc_generator *src);     /* a new generator, same state */
int tc_generator_copy_into(tc_generator *dst, const tc_generator *src);
void tc_generator_free(tc_generator *gen);            /* the default generator is never freed */
tc_generator *tc_generator_default(void);             /* the process-wide one (torch._gen) */
/* seeds MT19937 with the low 32 bits; initial_seed returns the full value; clears the normal cache */
int tc_generator_manual_seed(tc_generator *gen, uint64_t seed);
/* a fresh seed from /dev/urandom (the clock if that fails); seeds with it and returns it */
uint64_t tc_generator_seed(tc_generator *gen);
uint64_t tc_generator_initial_seed(const tc_generator *gen);
/* raw state bytes (TC_RNG_STATE_SIZE of them); set validates like Torch7 (and a bit more) */
int tc_generator_get_state(const tc_generator *gen, uint8_t *out, int64_t size);
int tc_generator_set_state(tc_generator *gen, const uint8_t *bytes, int64_t size);
/* the same through a uint8 tensor: get resizes `out` to 1-D of 5048; set needs 5048 contiguous bytes */
int tc_generator_get_state_tensor(const tc_generator *gen, tc_tensor *out);
int tc_generator_set_state_tensor(tc_generator *gen, const tc_tensor *state);

/* ---- scalar draws (torch.random(), torch.uniform(), ...) ------------------------------------ */
uint32_t tc_draw_u32(tc_generator *gen);                           /* torch.random() */
int tc_draw_random_upto(tc_generator *gen, int64_t b, int64_t *out);            /* [1, b], b > 0 */
int tc_draw_random_range(tc_generator *gen, int64_t a, int64_t b, int64_t *out); /* [a, b], b >= a */
double tc_draw_uniform(tc_generator *gen, double a, double b);     /* a + u*(b-a), u = u32/2^32 */
int tc_draw_normal(tc_generator *gen, double mean, double std, double *out);  /* std >= 0 */
int tc_draw_exponential(tc_generator *gen, double lambda, double *out);       /* lambda > 0 */
int tc_draw_cauchy(tc_generator *gen, double median, double sigma, double *out);
int tc_draw_log_normal(tc_generator *gen, double mean, double std, double *out); /* exp(normal(mean,std)) */
int tc_draw_geometric(tc_generator *gen, double p, double *out);    /* 0 < p < 1, result >= 1 */
int tc_draw_bernoulli(tc_generator *gen, double p, double *out);    /* 0 <= p <= 1, result 0 or 1 */

/* ---- tensor fills (in place, any layout) -----------------------------------------------------
 * float32/float64: uniform, normal, exponential, cauchy, log_normal.
 * every dtype but float16: random, random_upto, random_range, geometric, bernoulli(_tensor).
 * random (no bounds) keeps Torch7's per-type modulus: u8 % 2^8, i8 % 2^7, i16 % 2^15,
 * i32 % 2^31, i64 whole, f32 % (2^24+1), f64 whole, bool % 2. */
int tc_fill_uniform(tc_tensor *t, tc_generator *gen, double a, double b);
int tc_fill_normal(tc_tensor *t, tc_generator *gen, double mean, double std);
int tc_fill_exponential(tc_tensor *t, tc_generator *gen, double lambda);
int tc_fill_cauchy(tc_tensor *t, tc_generator *gen, double median, double sigma);
int tc_fill_log_normal(tc_tensor *t, tc_generator *gen, double mean, double std);
int tc_fill_geometric(tc_tensor *t, tc_generator *gen, double p);
int tc_fill_bernoulli(tc_tensor *t, tc_generator *gen, double p);
/* p: float32 or float64 tensor with t's element count, each in [0, 1] */
int tc_fill_bernoulli_tensor(tc_tensor *t, tc_generator *gen, const tc_tensor *p);
int tc_fill_random(tc_tensor *t, tc_generator *gen);
int tc_fill_random_upto(tc_tensor *t, tc_generator *gen, int64_t b);            /* [1, b] */
int tc_fill_random_range(tc_tensor *t, tc_generator *gen, int64_t a, int64_t b); /* [a, b] */

/* out (any dtype but float16/bool) is resized to [n] and holds a permutation of
 * index_base .. index_base+n-1 (Torch7's forward swap loop).  n == 0 gives an empty tensor. */
int tc_randperm(tc_tensor *out, tc_generator *gen, int64_t n, int64_t index_base);

/* prob: 1-D [categories] or 2-D [rows x categories], float32/float64, non-negative, rows not
 * necessarily normalised.  out (int64) is resized to [n_sample] or [rows x n_sample].
 * Torch7's algorithm: cumulative distribution + binary search per sample; without replacement
 * the drawn category's mass is removed and the rest renormalised. */
int tc_multinomial(tc_tensor *out, tc_generator *gen, const tc_tensor *prob, int64_t n_sample,
                   int with_replacement, int64_t index_base);

/* Dropout noise for both nn frontends (float32/float64 mask, already shaped like the input):
 * mask = bernoulli(1-p) / (1-p), the division done in the mask's type as nn.Dropout does.
 * 0 <= p <= 1 (p == 1 gives zeros). */
int tc_dropout_mask(tc_tensor *mask, tc_generator *gen, double p);
