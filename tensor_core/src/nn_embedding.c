/* nn_embedding.c -- lookup table: gather rows, scatter-add gradients (padding row, scale by
 * frequency), and Torch7/PyTorch max-norm renormalisation of the referenced rows. */
#include "nn_common.h"

static int emb_check(const tc_tensor *weight, const tc_tensor *indices, int64_t index_base, const char *fn) {
    if (nn_check_float(weight, fn, "weight") || nn_check_int64(indices, fn, "indices")) return -1;
    if (weight->ndim != 2) return tc_fail("%s: weight must be 2-D (num_embeddings, dim), got %d-D", fn, weight->ndim);
    if (index_base != 0 && index_base != 1) return tc_fail("%s: index_base must be 0 or 1, got %lld", fn, (long long)index_base);
    if (indices->ndim + 1 > TC_MAX_DIMS) return tc_fail("%s: indices have too many dims (%d)", fn, indices->ndim);
    return 0;
}

static int emb_check_range(const int64_t *idx, int64_t n, int64_t V, int64_t base, const char *fn) {
    for (int64_t i = 0; i < n; i++)
        if (idx[i] - base < 0 || idx[i] - base >= V)
            return tc_fail("%s: index %lld at position %lld is out of range for %lld rows (valid %lld..%lld)", fn,
                           (long long)idx[i], (long long)i, (long long)V, (long long)base, (long long)(V - 1 + base));
    return 0;
}

int tc_nn_embedding(tc_tensor *output, const tc_tensor *weight, const tc_tensor *indices, int64_t index_base) {
    const char *fn = "tc_nn_embedding";
    if (emb_check(weight, indices, index_base, fn) || nn_check_out(output, weight, fn, "output")) return -1;
    int64_t V = weight->sizes[0], D = weight->sizes[1], n = tc_tensor_numel(indices);
    tc_tensor *ix = nn_contig(indices);
    if (!ix) return -1;
    int rc = emb_check_range(NN_DATA(ix, int64_t), n, V, index_base, fn);
    int64_t sizes[TC_MAX_DIMS];
    for (int d = 0; d < indices->ndim; d++) sizes[d] = indices->sizes[d];
    sizes[indices->ndim] = D;
    tc_tensor *w = rc ? NULL : nn_contig(weight);
    tc_tensor *y = w ? nn_out_begin(output, indices->ndim + 1, sizes) : NULL;
    if (!y) rc = -1;
    if (!rc && D > 0) {
        const int64_t *id = NN_DATA(ix, int64_t);
        int64_t es = tc_dtype_size(weight->dtype);
        const char *src = (const char *)tc_tensor_data(w);
        char *dst = (char *)tc_tensor_data(y);
        for (int64_t i = 0; i < n; i++)
            memcpy(dst + i * D * es, src + (id[i] - index_base) * D * es, (size_t)(D * es));
    }
    nn_release(ix);
    nn_release(w);
    if (y) rc = nn_out_finish(output, y, rc);
    return rc;
}

#define EMB_BWD(T)                                                                                  \
    static void emb_bwd_##T(T *gw, const T *go, const int64_t *id, const int64_t *count, int64_t n,  \
                            int64_t D, int64_t base, int64_t padding_idx, double scale) {           \
        for (int64_t i = 0; i < n; i++) {                                                           \
            if (id[i] == padding_idx) continue;                                                     \
            int64_t r = id[i] - base;                                                               \
            const T s = (T)(count ? scale / (double)count[r] : scale);                              \
            T *row = gw + r * D;                                                                    \
            const T *g = go + i * D;                                                                \
            for (int64_t k = 0; k < D; k++) row[k] += s * g[k];                                     \
        }                                                                                           \
    }
EMB_BWD(float)
EMB_BWD(double)

int tc_nn_embedding_backward(tc_tensor *grad_weight, const tc_tensor *grad_output, const tc_tensor *indices,
                             int64_t padding_idx, int scale_grad_by_freq, double scale, int64_t index_base) {
    const char *fn = "tc_nn_embedding_backward";
    if (emb_check(grad_weight, indices, index_base, fn) || nn_check_like(grad_output, grad_weight, fn, "grad_output"))
        return -1;
    int64_t V = grad_weight->sizes[0], D = grad_weight->sizes[1], n = tc_tensor_numel(indices);
    if (tc_tensor_numel(grad_output) != n * D)
        return tc_fail("%s: grad_output has %lld elements, expected %lld indices x %lld", fn,
                       (long long)tc_tensor_numel(grad_output), (long long)n, (long long)D);
    tc_tensor *ix = nn_contig(indices);
    if (!ix) return -1;
    const int64_t *id = NN_DATA(ix, int64_t);
    int rc = 0;
    for (int64_t i = 0; i < n && !rc; i++)   /* the padding index itself need not be a valid row */
        if (id[i] != padding_idx && (id[i] - index_base < 0 || id[i] - index_base >= V))
            rc = tc_fail("%s: index %lld at position %lld is out of range for %lld rows (valid %lld..%lld)", fn,
                         (long long)id[i], (long long)i, (long long)V, (long long)index_base,
                         (long long)(V - 1 + index_base));
    int64_t *count = NULL;
    if (!rc && scale_grad_by_freq) {
        count = calloc((size_t)(V > 0 ? V : 1), sizeof(int64_t));
        if (!count) rc = tc_fail("%s: out of memory", fn);
        for (int64_t i = 0; !rc && i < n; i++)
            if (id[i] != padding_idx) count[id[i] - index_base]++;
    }
    tc_tensor *go = rc ? NULL : nn_contig(grad_output);
    if (!rc && !go) rc = -1;
    tc_tensor *gw = acc_begin(grad_weight, &rc);
    if (!rc && D > 0) {
        if (grad_weight->dtype == TC_FLOAT32)
            emb_bwd_float(NN_DATA(gw, float), NN_DATA(go, float), id, count, n, D, index_base, padding_idx, scale);
        else
            emb_bwd_double(NN_DATA(gw, double), NN_DATA(go, double), id, count, n, D, index_base, padding_idx, scale);
    }
    free(count);
    nn_release(go);
    nn_release(ix);
    return acc_finish(grad_weight, gw, rc);
}

int tc_nn_embedding_renorm(tc_tensor *weight, const tc_tensor *indices, double max_norm, double norm_type,
                           int64_t index_base) {
    const char *fn = "tc_nn_embedding_renorm";
    if (emb_check(weight, indices, index_base, fn)) return -1;
    if (!(max_norm >= 0)) return tc_fail("%s: max_norm must be >= 0, got %g", fn, max_norm);
    if (!(norm_type > 0)) return tc_fail("%s: norm_type must be > 0, got %g", fn, norm_type);
    int64_t V = weight->sizes[0], D = weight->sizes[1], n = tc_tensor_numel(indices);
    tc_tensor *ix = nn_contig(indices);
    if (!ix) return -1;
    const int64_t *id = NN_DATA(ix, int64_t);
    int rc = emb_check_range(id, n, V, index_base, fn);
    unsigned char *seen = rc ? NULL : calloc((size_t)(V > 0 ? V : 1), 1);
    if (!rc && !seen) rc = tc_fail("%s: out of memory", fn);
    tc_tensor *w = acc_begin(weight, &rc);
    for (int64_t i = 0; !rc && i < n; i++) {
        int64_t r = id[i] - index_base;
        if (seen[r]) continue;   /* each referenced row once */
        seen[r] = 1;
        double norm = 0;
        if (weight->dtype == TC_FLOAT32) {
            float *row = NN_DATA(w, float) + r * D;
            for (int64_t k = 0; k < D; k++) norm += pow(fabs((double)row[k]), norm_type);
            norm = pow(norm, 1 / norm_type);
            if (norm > max_norm) {
                float s = (float)(max_norm / (norm + 1e-7));
                for (int64_t k = 0; k < D; k++) row[k] *= s;
            }
        } else {
            double *row = NN_DATA(w, double) + r * D;
            for (int64_t k = 0; k < D; k++) norm += pow(fabs(row[k]), norm_type);
            norm = pow(norm, 1 / norm_type);
            if (norm > max_norm) {
                double s = max_norm / (norm + 1e-7);
                for (int64_t k = 0; k < D; k++) row[k] *= s;
            }
        }
    }
    free(seen);
    nn_release(ix);
    return acc_finish(weight, w, rc);
}
