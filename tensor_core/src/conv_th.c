/* conv_th.c -- Torch7's TH convolution helpers (torch.conv2, xcorr2, conv3, xcorr3).
 *
 * These are the small, general tools scripts call directly (image filtering, tests), not the
 * neural-network convolutions: a direct loop in double precision over dense copies is exact
 * enough and simple.  One 3-D correlation routine serves all four functions; 2-D is depth 1 and
 * convolution is correlation with the kernel reversed.
 */
#include <stdio.h>
#include "tc_internal.h"

/* out[oD x oH x oW] += correlation of in with k (k reversed when flip); full pads by k - 1 */
static void correlate3(double *out, const int64_t *osz, const double *in, const int64_t *isz, const double *k,
                       const int64_t *ksz, int full, int flip) {
    int64_t pd = full ? ksz[0] - 1 : 0, ph = full ? ksz[1] - 1 : 0, pw = full ? ksz[2] - 1 : 0;
    for (int64_t z = 0; z < osz[0]; z++)
        for (int64_t y = 0; y < osz[1]; y++)
            for (int64_t x = 0; x < osz[2]; x++) {
                double acc = 0;
                for (int64_t a = 0; a < ksz[0]; a++) {
                    int64_t iz = z + a - pd;
                    if (iz < 0 || iz >= isz[0]) continue;
                    int64_t ka = flip ? ksz[0] - 1 - a : a;
                    for (int64_t b = 0; b < ksz[1]; b++) {
                        int64_t iy = y + b - ph;
                        if (iy < 0 || iy >= isz[1]) continue;
                        int64_t kb = flip ? ksz[1] - 1 - b : b;
                        const double *irow = in + (iz * isz[1] + iy) * isz[2];
                        const double *krow = k + (ka * ksz[1] + kb) * ksz[2];
                        int64_t c0 = TC_MAX(0, pw - x), c1 = TC_MIN(ksz[2], isz[2] + pw - x);
                        if (flip)
                            for (int64_t c = c0; c < c1; c++) acc += irow[x + c - pw] * krow[ksz[2] - 1 - c];
                        else
                            for (int64_t c = c0; c < c1; c++) acc += irow[x + c - pw] * krow[c];
                    }
                }
                out[(z * osz[1] + y) * osz[2] + x] += acc;
            }
}

static void fmt_shape(char *buf, size_t n, const tc_tensor *t) {
    size_t u = 0;
    buf[0] = 0;
    for (int d = 0; d < t->ndim && u < n; d++)
        u += snprintf(buf + u, n - u, d ? " x %lld" : "%lld", (long long)t->sizes[d]);
}

/* sd: spatial dims (2 or 3) */
static int conv_nd(const char *fn, int sd, tc_tensor *out, const tc_tensor *input, const tc_tensor *kernel, int full,
                   int flip) {
    if (!out || !input || !kernel) return tc_fail("%s: argument is NULL", fn);
    int dt = input->dtype;
    if (dt != TC_FLOAT32 && dt != TC_FLOAT64) return tc_fail("%s: float32 or float64 input expected, got %s", fn, tc_dtype_name(dt));
    if (kernel->dtype != dt || out->dtype != dt)
        return tc_fail("%s: dtypes differ (input %s, kernel %s, out %s)", fn, tc_dtype_name(dt),
                       tc_dtype_name(kernel->dtype), tc_dtype_name(out->dtype));
    int in_nd = input->ndim, k_nd = kernel->ndim;
    /* mode: 0 single, 1 plane by plane, 2 summed over input planes */
    int mode;
    if (in_nd == sd && k_nd == sd) mode = 0;
    else if (in_nd == sd + 1 && k_nd == sd + 1) mode = 1;
    else if (in_nd == sd + 1 && k_nd == sd + 2) mode = 2;
    else {
        char is[128], ks[128];
        fmt_shape(is, sizeof is, input);
        fmt_shape(ks, sizeof ks, kernel);
        return tc_fail("%s: unsupported shapes: input [%s] with kernel [%s] (expected %dD/%dD, %dD/%dD or %dD/%dD)", fn, is,
                       ks, sd, sd, sd + 1, sd + 1, sd + 1, sd + 2);
    }
    int64_t planes = mode == 0 ? 1 : input->sizes[0];
    int64_t outplanes = mode == 0 ? 1 : (mode == 1 ? planes : kernel->sizes[0]);
    if (mode == 1 && kernel->sizes[0] != planes)
        return tc_fail("%s: input has %lld planes but the kernel has %lld", fn, (long long)planes, (long long)kernel->sizes[0]);
    if (mode == 2 && kernel->sizes[1] != planes)
        return tc_fail("%s: input has %lld planes but the kernel expects %lld", fn, (long long)planes,
                       (long long)kernel->sizes[1]);
    int64_t isz[3] = {1, 1, 1}, ksz[3] = {1, 1, 1}, osz[3] = {1, 1, 1};
    for (int d = 0; d < sd; d++) {
        isz[3 - sd + d] = input->sizes[in_nd - sd + d];
        ksz[3 - sd + d] = kernel->sizes[k_nd - sd + d];
    }
    for (int d = 0; d < 3; d++) {
        if (!full && isz[d] < ksz[d])
            return tc_fail("%s: input is smaller than the kernel in a 'V' (valid) convolution (%lld < %lld)", fn,
                           (long long)isz[d], (long long)ksz[d]);
        osz[d] = full ? isz[d] + ksz[d] - 1 : isz[d] - ksz[d] + 1;
        if (ksz[d] == 0 || isz[d] == 0) osz[d] = full ? TC_MAX(0, isz[d] + ksz[d] - 1) : 0;
    }
    tc_tensor *in64 = tc_tensor_to_dtype(input, TC_FLOAT64), *k64 = tc_tensor_to_dtype(kernel, TC_FLOAT64);
    int64_t rsz[4] = {outplanes, osz[0], osz[1], osz[2]};
    tc_tensor *res = tc_tensor_zeros(TC_FLOAT64, 4, rsz);
    int rc = (in64 && k64 && res) ? 0 : -1;
    if (rc == 0) {
        const double *I = tc_tensor_data(in64), *K = tc_tensor_data(k64);
        double *O = tc_tensor_data(res);
        int64_t iplane = isz[0] * isz[1] * isz[2], kplane = ksz[0] * ksz[1] * ksz[2], oplane = osz[0] * osz[1] * osz[2];
        if (I && K && O && oplane > 0) {
            for (int64_t q = 0; q < outplanes; q++) {
                if (mode == 2) {
                    for (int64_t p = 0; p < planes; p++)
                        correlate3(O + q * oplane, osz, I + p * iplane, isz, K + (q * planes + p) * kplane, ksz, full, flip);
                } else {
                    correlate3(O + q * oplane, osz, I + q * iplane, isz, K + q * kplane, ksz, full, flip);
                }
            }
        }
        /* out shape: mode 0 has sd dims, the others a leading plane dim */
        int64_t shape[4];
        int ond = mode == 0 ? sd : sd + 1, o = 0;
        if (mode != 0) shape[o++] = outplanes;
        for (int d = 3 - sd; d < 3; d++) shape[o++] = osz[d];
        rc = tc_tensor_resize(out, ond, shape);
        if (rc == 0 && tc_tensor_numel(out) > 0) rc = tc_copy(out, res);
    }
    tc_tensor_release(in64);
    tc_tensor_release(k64);
    tc_tensor_release(res);
    return rc;
}

int tc_conv2(tc_tensor *out, const tc_tensor *input, const tc_tensor *kernel, int full, int flip) {
    return conv_nd(flip ? "conv2" : "xcorr2", 2, out, input, kernel, full, flip);
}

int tc_conv3(tc_tensor *out, const tc_tensor *input, const tc_tensor *kernel, int full, int flip) {
    return conv_nd(flip ? "conv3" : "xcorr3", 3, out, input, kernel, full, flip);
}
