/* nn_margin_t.h -- templated multi-class margin losses and cosine embedding (real = float / double). */

/* loss per sample into per[n] (double); targets already validated. */
static void NN_SFX(multi_margin)(double *per, real *gi, const real *go, int64_t go_step, const real *x,
                                 const int64_t *tg, const real *w, int64_t N, int64_t C, int p, double margin,
                                 int64_t base, double norm) {
    for (int64_t n = 0; n < N; n++) {
        const real *xr = x + n * C;
        int64_t y = tg[n] - base;
        double wy = w ? w[y] : 1, s = 0;
        real *gr = gi ? gi + n * C : NULL;
        double g = gi ? go[n * go_step] * norm : 0;
        if (gr) for (int64_t i = 0; i < C; i++) gr[i] = 0;
        for (int64_t i = 0; i < C; i++) {
            if (i == y) continue;
            double z = margin - xr[y] + xr[i];
            if (z <= 0) continue;
            s += (p == 1 ? z : z * z) * wy;
            if (gr) {
                double h = (p == 1 ? 1 : 2 * z) * wy / C * g;
                gr[i] += (real)h;
                gr[y] -= (real)h;
            }
        }
        if (per) per[n] = s / C;
    }
}

/* number of valid targets of a row: up to the first entry below the base (padding) */
static void NN_SFX(multilabel_margin)(double *per, real *gi, const real *go, int64_t go_step, const real *x,
                                      const int64_t *tg, int64_t N, int64_t C, int64_t base, double norm,
                                      unsigned char *is_t) {
    for (int64_t n = 0; n < N; n++) {
        const real *xr = x + n * C;
        const int64_t *tr = tg + n * C;
        memset(is_t, 0, (size_t)C);
        int64_t nt = 0;
        while (nt < C && tr[nt] - base >= 0) { is_t[tr[nt] - base] = 1; nt++; }
        real *gr = gi ? gi + n * C : NULL;
        double g = gi ? go[n * go_step] * norm / C : 0;
        if (gr) for (int64_t i = 0; i < C; i++) gr[i] = 0;
        double s = 0;
        for (int64_t j = 0; j < nt; j++) {
            int64_t y = tr[j] - base;
            for (int64_t i = 0; i < C; i++) {
                if (is_t[i]) continue;
                double z = 1 - (xr[y] - xr[i]);
                if (z <= 0) continue;
                s += z;
                if (gr) { gr[y] -= (real)g; gr[i] += (real)g; }
            }
        }
        if (per) per[n] = s / C;
    }
}

static void NN_SFX(cosine_embedding)(double *per, real *g1, real *g2, const real *go, int64_t go_step,
                                     const real *x1, const real *x2, const real *tg, int64_t N, int64_t D,
                                     double margin, double norm) {
    for (int64_t n = 0; n < N; n++) {
        const real *a = x1 + n * D, *b = x2 + n * D;
        double ab = 0, aa = 1e-12, bb = 1e-12;
        for (int64_t k = 0; k < D; k++) { ab += (double)a[k] * b[k]; aa += (double)a[k] * a[k]; bb += (double)b[k] * b[k]; }
        double den = sqrt(aa * bb), cs = ab / den;
        double t = tg[n], l = 0, dl = 0;   /* dl = dloss / dcos */
        if (t == 1) { l = 1 - cs; dl = -1; }
        else if (t == -1 && cs - margin > 0) { l = cs - margin; dl = 1; }
        if (per) per[n] = l;
        if (g1) {
            double g = go[n * go_step] * norm * dl;
            for (int64_t k = 0; k < D; k++) {
                g1[n * D + k] = (real)(g * (b[k] / den - cs * a[k] / aa));
                g2[n * D + k] = (real)(g * (a[k] / den - cs * b[k] / bb));
            }
        }
    }
}

/* Torch7 L1HingeEmbedding: d = ||a - b||_1; loss d for y != -1, max(0, margin - d) for y == -1 */
static void NN_SFX(l1_hinge)(double *per, real *g1, real *g2, const real *go, int64_t go_step, const real *x1,
                             const real *x2, const real *tg, int64_t N, int64_t D, double margin, double norm) {
    for (int64_t n = 0; n < N; n++) {
        const real *a = x1 + n * D, *b = x2 + n * D;
        double d = 0;
        for (int64_t k = 0; k < D; k++) d += fabs((double)a[k] - b[k]);
        double l, dl;
        if (tg[n] == -1) { l = margin - d > 0 ? margin - d : 0; dl = margin - d > 0 ? -1 : 0; }
        else { l = d; dl = 1; }
        if (per) per[n] = l;
        if (g1) {
            double g = go[n * go_step] * norm * dl;
            for (int64_t k = 0; k < D; k++) {
                double e = (double)a[k] - b[k], sg = e > 0 ? 1 : (e < 0 ? -1 : 0);
                g1[n * D + k] = (real)(g * sg);
                g2[n * D + k] = (real)(-g * sg);
            }
        }
    }
}
