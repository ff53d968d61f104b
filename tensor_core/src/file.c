/* file.c -- Torch7's THFile primitives (DiskFile and MemoryFile) for the .t7 codec: binary and
 * ascii encodings of every element type, byte order, long size, positions, errors. */
#include "tc_internal.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

struct tc_file {
    /* backend: a stdio stream, or a memory buffer that always keeps a 0 byte after `size`.  The memory
     * buffer is the data of a byte storage (`store`, Torch7's THMemoryFile storage): MemoryFile(storage)
     * writes into the caller's CharStorage, and tc_file_memory_storage() hands out that same storage. */
    FILE *fp;
    tc_storage *store;
    uint8_t *buf;
    int64_t size, cap, pos;
    int is_memory;
    int open;
    int last_op;            /* disk "rw": stdio needs a seek between reading and writing */
    /* THFile flags */
    int readable, writable, binary, auto_spacing, quiet, has_error;
    int endian, long_size;
    char *name;
    char *tmp_path;         /* atomic writes: the temporary file renamed over `name` on close */
    char *strbuf;           /* tc_file_read_string's result */
    int64_t strcap;
};

enum { OP_NONE = 0, OP_READ = 1, OP_WRITE = 2 };
enum { CHUNK = 4096 };      /* elements converted per pass when writing swapped / 4-byte longs */

static const char *elem_names[] = {"byte", "char", "short", "int", "int64", "half", "float", "double", "bool",
                                   "long"};

static int little_endian_cpu(void) {
    const uint16_t x = 1;
    return *(const uint8_t *)&x == 1;
}

int tc_file_is_little_endian_cpu(void) { return little_endian_cpu(); }

static int needs_swap(const tc_file *f) {
    if (f->endian == TC_FILE_NATIVE_ENDIAN) return 0;
    return (f->endian == TC_FILE_LITTLE_ENDIAN) != little_endian_cpu();
}

static void swap_bytes(void *data, int64_t elsize, int64_t n) {
    uint8_t *p = data;
    for (int64_t b = 0; b < n; b++, p += elsize)
        for (int64_t i = 0; i < elsize / 2; i++) {
            uint8_t t = p[i];
            p[i] = p[elsize - 1 - i];
            p[elsize - 1 - i] = t;
        }
}

/* ---- the two backends behind one set of byte operations -------------------------------------- */

static void disk_prepare(tc_file *f, int op) {
    if (!f->is_memory && f->readable && f->writable && f->last_op != op && f->last_op != OP_NONE)
        fseeko(f->fp, 0, SEEK_CUR);
    f->last_op = op;
}

/* Re-reads the buffer from the storage: the storage is shared with Lua, which may have resized it. */
static void mem_sync(tc_file *f) {
    f->buf = (uint8_t *)f->store->data;
    f->cap = f->store->size;
    if (f->size + 1 > f->cap) f->size = f->cap > 0 ? f->cap - 1 : 0;
    if (f->pos > f->size) f->pos = f->size;
}

static int mem_reserve(tc_file *f, int64_t need) {   /* room for `need` bytes plus the trailing 0 */
    mem_sync(f);
    if (need + 1 <= f->cap) return 0;
    int64_t cap = f->cap > 0 ? f->cap : 64;
    while (cap < need + 1) cap = cap + cap / 2 + 2;
    if (tc_storage_resize(f->store, cap) != 0)
        return tc_fail("tc_file: cannot grow a memory file to %lld bytes (%s)", (long long)cap, tc_last_error());
    f->buf = (uint8_t *)f->store->data;
    f->cap = cap;
    f->buf[f->size] = 0;   /* mem_sync left size + 1 <= cap */
    return 0;
}

static int64_t raw_read(tc_file *f, void *dst, int64_t nbytes) {
    if (nbytes <= 0) return 0;
    if (f->is_memory) {
        mem_sync(f);
        int64_t avail = f->size - f->pos;
        if (avail < 0) avail = 0;
        int64_t k = nbytes < avail ? nbytes : avail;
        memmove(dst, f->buf + f->pos, (size_t)k);
        f->pos += k;
        return k;
    }
    disk_prepare(f, OP_READ);
    return (int64_t)fread(dst, 1, (size_t)nbytes, f->fp);
}

static int64_t raw_write(tc_file *f, const void *src, int64_t nbytes) {
    if (nbytes <= 0) return 0;
    if (f->is_memory) {
        if (mem_reserve(f, f->pos + nbytes) != 0) return 0;
        memmove(f->buf + f->pos, src, (size_t)nbytes);
        f->pos += nbytes;
        if (f->pos > f->size) {
            f->size = f->pos;
            f->buf[f->size] = 0;
        }
        return nbytes;
    }
    disk_prepare(f, OP_WRITE);
    return (int64_t)fwrite(src, 1, (size_t)nbytes, f->fp);
}

static int raw_getc(tc_file *f) {
    if (f->is_memory) {
        mem_sync(f);
        return f->pos < f->size ? f->buf[f->pos++] : EOF;
    }
    disk_prepare(f, OP_READ);
    return fgetc(f->fp);
}

static void raw_ungetc(tc_file *f, int c) {
    if (c == EOF) return;
    if (f->is_memory) f->pos--;
    else ungetc(c, f->fp);
}

static int64_t raw_tell(tc_file *f) {
    if (f->is_memory) return f->pos;
    off_t o = ftello(f->fp);
    return o < 0 ? -1 : (int64_t)o;
}

static int64_t raw_length(tc_file *f) {
    if (f->is_memory) {
        mem_sync(f);
        return f->size;
    }
    if (f->writable && f->last_op == OP_WRITE) fflush(f->fp);
    struct stat st;
    if (fstat(fileno(f->fp), &st) != 0) return -1;
    if (!S_ISREG(st.st_mode)) return INT64_MAX;   /* a pipe or device: unknown, do not limit */
    return (int64_t)st.st_size;
}

/* ---- creation ---------------------------------------------------------------------------------- */

static int parse_mode(const char *mode, int *r, int *w, int *append) {
    *r = *w = *append = 0;
    if (!mode) return 0;
    if (!strcmp(mode, "r")) *r = 1;
    else if (!strcmp(mode, "w")) *w = 1;
    else if (!strcmp(mode, "rw")) *r = *w = 1;
    else if (!strcmp(mode, "a")) *w = *append = 1;
    else return 0;
    return 1;
}

static tc_file *file_alloc(const char *name) {
    tc_file *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->name = strdup(name);
    if (!f->name) { free(f); return NULL; }
    f->open = 1;
    f->auto_spacing = 1;
    f->long_size = 8;
    return f;
}

static void file_dealloc(tc_file *f) {
    free(f->name);
    free(f->tmp_path);
    tc_storage_release(f->store);   /* the memory buffer is the storage's */
    free(f->strbuf);
    free(f);
}

tc_file *tc_file_open(const char *path, const char *mode, int quiet) {
    int r, w, append;
    if (!path) return tc_fail_null("tc_file_open: path is NULL");
    if (!parse_mode(mode, &r, &w, &append))
        return tc_fail_null("tc_file_open: file mode should be 'r', 'w', 'rw' or 'a' (got '%s')", mode ? mode : "(null)");
    FILE *fp;
    if (r && w) {
        fp = fopen(path, "r+b");
        if (!fp && errno == ENOENT) {
            fp = fopen(path, "wb");
            if (fp) { fclose(fp); fp = fopen(path, "r+b"); }
        }
    } else {
        fp = fopen(path, append ? "ab" : (r ? "rb" : "wb"));
    }
    if (!fp)
        return tc_fail_null("tc_file_open: cannot open <%s> in mode %s (%s)", path, mode, strerror(errno));
    tc_file *f = file_alloc(path);
    if (!f) { fclose(fp); return tc_fail_null("tc_file_open: out of memory"); }
    f->fp = fp;
    f->readable = r;
    f->writable = w;
    f->quiet = quiet != 0;
    return f;
}

/* Linux reports the umask in /proc without changing it; umask() itself can only be read by
 * setting it, which races with other threads creating files. */
static mode_t current_umask(void) {
    FILE *st = fopen("/proc/self/status", "r");
    if (st) {
        char line[256];
        unsigned int mask;
        while (fgets(line, sizeof line, st))
            if (sscanf(line, "Umask: %o", &mask) == 1) {
                fclose(st);
                return (mode_t)mask;
            }
        fclose(st);
    }
    mode_t mask = umask(022);
    umask(mask);
    return mask;
}

tc_file *tc_file_open_atomic(const char *path, int quiet) {
    if (!path) return tc_fail_null("tc_file_open_atomic: path is NULL");
    size_t len = strlen(path);
    char *tmp = malloc(len + 16);
    if (!tmp) return tc_fail_null("tc_file_open_atomic: out of memory");
    memcpy(tmp, path, len);
    memcpy(tmp + len, ".tmp-XXXXXX", 12);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        tc_fail("tc_file_open_atomic: cannot create a temporary file beside <%s> (%s)", path, strerror(errno));
        free(tmp);
        return NULL;
    }
    /* the file gets the permissions a plain fopen would give (or keeps the old file's) */
    struct stat st;
    mode_t perm;
    if (stat(path, &st) == 0) {
        perm = st.st_mode & 07777;
    } else {
        perm = 0666 & ~current_umask();
    }
    fchmod(fd, perm);
    FILE *fp = fdopen(fd, "wb");
    tc_file *f = fp ? file_alloc(path) : NULL;
    if (!f) {
        if (fp) fclose(fp); else close(fd);
        unlink(tmp);
        free(tmp);
        return tc_fail_null("tc_file_open_atomic: out of memory");
    }
    f->fp = fp;
    f->writable = 1;
    f->quiet = quiet != 0;
    f->tmp_path = tmp;
    return f;
}

/* A memory file on `store` (taken over: the caller's reference), or on a new byte storage. */
static tc_file *memory_new(const char *mode, const char *fn, tc_storage *store) {
    int r, w, append;
    if (!parse_mode(mode, &r, &w, &append) || append) {
        tc_storage_release(store);
        return tc_fail_null("%s: file mode should be 'r', 'w' or 'rw' (got '%s')", fn, mode ? mode : "(null)");
    }
    tc_file *f = file_alloc("<memory>");
    if (!f) {
        tc_storage_release(store);
        return tc_fail_null("%s: out of memory", fn);
    }
    f->is_memory = 1;
    f->readable = r;
    f->writable = w;
    if (store) {
        f->store = store;
        f->size = store->size - 1;   /* the caller checked the trailing 0 */
        mem_sync(f);
        return f;
    }
    f->store = tc_storage_new(TC_INT8, 0);
    if (!f->store) { file_dealloc(f); return NULL; }
    if (mem_reserve(f, 0) != 0) { file_dealloc(f); return NULL; }
    f->buf[0] = 0;
    return f;
}

tc_file *tc_file_memory_new(const char *mode) {
    return memory_new(mode, "tc_file_memory_new", NULL);
}

tc_file *tc_file_memory_from(const void *data, int64_t size, const char *mode) {
    if (size < 0) return tc_fail_null("tc_file_memory_from: negative size %lld", (long long)size);
    if (size > 0 && !data) return tc_fail_null("tc_file_memory_from: data is NULL");
    tc_file *f = memory_new(mode, "tc_file_memory_from", NULL);
    if (!f) return NULL;
    if (mem_reserve(f, size) != 0) { file_dealloc(f); return NULL; }
    if (size) memcpy(f->buf, data, (size_t)size);
    f->size = size;
    f->buf[size] = 0;
    return f;
}

tc_file *tc_file_memory_on_storage(tc_storage *s, const char *mode) {
    if (!s) return tc_fail_null("tc_file_memory_on_storage: storage is NULL");
    if (s->dtype != TC_INT8 && s->dtype != TC_UINT8)
        return tc_fail_null("tc_file_memory_on_storage: a CharStorage or ByteStorage is expected (dtype %d)", s->dtype);
    if (s->device != TC_DEVICE_CPU) return tc_fail_null("tc_file_memory_on_storage: the storage is on a CUDA device");
    if (s->size < 1 || ((const uint8_t *)s->data)[s->size - 1] != 0)
        return tc_fail_null("tc_file_memory_on_storage: provided CharStorage must be terminated by 0");
    tc_storage_retain(s);
    return memory_new(mode, "tc_file_memory_on_storage", s);
}

tc_storage *tc_file_memory_storage(tc_file *f) {
    if (!f) return tc_fail_null("tc_file_memory_storage: file is NULL");
    if (!f->open) return tc_fail_null("tc_file_memory_storage: attempt to use a closed file (%s)", f->name);
    if (!f->is_memory) return tc_fail_null("tc_file_memory_storage: %s is not a memory file", f->name);
    mem_sync(f);
    if (tc_storage_resize(f->store, f->size + 1) != 0) return NULL;
    mem_sync(f);
    f->buf[f->size] = 0;
    return f->store;
}

static int check_open(const tc_file *f, const char *fn) {
    if (!f) return tc_fail("%s: file is NULL", fn);
    if (!f->open) return tc_fail("%s: attempt to use a closed file (%s)", fn, f->name);
    return 0;
}

static int finish_disk(tc_file *f, int commit) {
    int rc = 0;
    if (f->is_memory) {
        tc_storage_release(f->store);
        f->store = NULL;
        f->buf = NULL;
        f->size = f->cap = f->pos = 0;
        f->open = 0;
        return 0;
    }
    if (f->tmp_path) {
        int bad = fflush(f->fp) != 0 || ferror(f->fp) || (commit && fsync(fileno(f->fp)) != 0);
        fclose(f->fp);
        if (commit && !bad && rename(f->tmp_path, f->name) == 0) {
            rc = 0;
        } else {
            unlink(f->tmp_path);
            if (commit) rc = tc_fail("tc_file_close: could not write <%s> (%s); the old file is unchanged", f->name,
                                     bad ? "write error" : strerror(errno));
        }
    } else if (fclose(f->fp) != 0 && commit) {
        rc = tc_fail("tc_file_close: error closing <%s> (%s)", f->name, strerror(errno));
    }
    f->fp = NULL;
    f->open = 0;
    return rc;
}

int tc_file_close(tc_file *f) {
    if (check_open(f, "tc_file_close") != 0) return -1;
    return finish_disk(f, 1);
}

int tc_file_abort(tc_file *f) {
    if (check_open(f, "tc_file_abort") != 0) return -1;
    return finish_disk(f, 0);
}

void tc_file_free(tc_file *f) {
    if (!f) return;
    if (f->open) finish_disk(f, f->tmp_path ? 0 : 1);
    file_dealloc(f);
}

/* ---- modes and queries ----------------------------------------------------------------------------- */

int tc_file_set_binary(tc_file *f, int binary) {
    if (check_open(f, "tc_file_set_binary") != 0) return -1;
    f->binary = binary != 0;
    return 0;
}

int tc_file_set_auto_spacing(tc_file *f, int on) {
    if (check_open(f, "tc_file_set_auto_spacing") != 0) return -1;
    f->auto_spacing = on != 0;
    return 0;
}

int tc_file_set_quiet(tc_file *f, int quiet) {
    if (!f) return tc_fail("tc_file_set_quiet: file is NULL");
    f->quiet = quiet != 0;
    return 0;
}

int tc_file_set_endian(tc_file *f, int endian) {
    if (check_open(f, "tc_file_set_endian") != 0) return -1;
    if (endian < TC_FILE_NATIVE_ENDIAN || endian > TC_FILE_BIG_ENDIAN)
        return tc_fail("tc_file_set_endian: unknown byte order %d (0 native, 1 little, 2 big)", endian);
    f->endian = endian;
    return 0;
}

int tc_file_set_long_size(tc_file *f, int size) {
    if (check_open(f, "tc_file_set_long_size") != 0) return -1;
    if (size != 0 && size != 4 && size != 8)
        return tc_fail("tc_file_set_long_size: Invalid long size specified (%d; expected 0, 4 or 8)", size);
    f->long_size = size == 0 ? 8 : size;
    return 0;
}

int tc_file_clear_error(tc_file *f) {
    if (!f) return tc_fail("tc_file_clear_error: file is NULL");
    f->has_error = 0;
    return 0;
}

int tc_file_no_buffer(tc_file *f) {
    if (check_open(f, "tc_file_no_buffer") != 0) return -1;
    if (!f->is_memory && setvbuf(f->fp, NULL, _IONBF, 0) != 0)
        return tc_fail("tc_file_no_buffer: cannot disable buffering of <%s>", f->name);
    return 0;
}

int tc_file_is_open(const tc_file *f) { return f && f->open; }
int tc_file_is_binary(const tc_file *f) { return f && f->binary; }
int tc_file_is_auto_spacing(const tc_file *f) { return f && f->auto_spacing; }
int tc_file_is_quiet(const tc_file *f) { return f && f->quiet; }
int tc_file_is_readable(const tc_file *f) { return f && f->readable; }
int tc_file_is_writable(const tc_file *f) { return f && f->writable; }
int tc_file_has_error(const tc_file *f) { return f && f->has_error; }
int tc_file_is_memory(const tc_file *f) { return f && f->is_memory; }
int tc_file_long_size(const tc_file *f) { return f ? f->long_size : 0; }
int tc_file_endian(const tc_file *f) { return f ? f->endian : 0; }
const char *tc_file_name(const tc_file *f) { return f ? f->name : ""; }

/* ---- element sizes ------------------------------------------------------------------------------ */

static int64_t mem_size(int elem) {   /* bytes per element in memory */
    switch (elem) {
        case TC_FILE_BYTE: case TC_FILE_CHAR: case TC_FILE_BOOL: return 1;
        case TC_FILE_SHORT: case TC_FILE_HALF: return 2;
        case TC_FILE_INT: case TC_FILE_FLOAT: return 4;
        case TC_FILE_INT64: case TC_FILE_DOUBLE: case TC_FILE_LONG: return 8;
        default: return 0;
    }
}

int64_t tc_file_element_size(const tc_file *f, int elem) {
    if (elem == TC_FILE_LONG) return f ? f->long_size : 8;
    return mem_size(elem);
}

static int is_raw_elem(int elem) {   /* written as raw bytes in ascii mode too */
    return elem == TC_FILE_BYTE || elem == TC_FILE_CHAR || elem == TC_FILE_BOOL;
}

static int check_io(tc_file *f, int elem, const void *data, int64_t n, int writing, const char *fn) {
    if (check_open(f, fn) != 0) return -1;
    if (writing && !f->writable) return tc_fail("%s: attempt to write in a read-only file (%s)", fn, f->name);
    if (!writing && !f->readable) return tc_fail("%s: attempt to read in a write-only file (%s)", fn, f->name);
    if (mem_size(elem) == 0) return tc_fail("%s: unknown element type %d", fn, elem);
    if (n < 0) return tc_fail("%s: negative element count %lld", fn, (long long)n);
    if (n > 0 && !data) return tc_fail("%s: data is NULL", fn);
    return 0;
}

/* a short transfer: an error, or for a quiet file just the count and the error flag */
static int64_t short_io(tc_file *f, int64_t done, int64_t n, int elem, int64_t start, const char *what) {
    f->has_error = 1;
    if (f->quiet) return done;
    return tc_fail("%s error: %s %lld %s blocks instead of %lld at byte %lld of %s%s", what,
                   what[0] == 'r' ? "read" : "wrote", (long long)done, elem_names[elem], (long long)n,
                   (long long)start, f->name,
                   what[0] == 'r' ? " (truncated or corrupt file)" : "");
}

/* ---- binary ------------------------------------------------------------------------------------- */

static int64_t binary_read(tc_file *f, int elem, void *data, int64_t n) {
    int64_t es = tc_file_element_size(f, elem);
    int swap = needs_swap(f) && es > 1;
    if (n > INT64_MAX / es) return -2;
    int64_t got = raw_read(f, data, n * es) / es;
    if (elem == TC_FILE_LONG && es == 4) {
        /* 4-byte longs: read into the front of the int64 array, then widen from the back */
        if (swap) swap_bytes(data, 4, got);
        int32_t *src = data;
        int64_t *dst = data;
        for (int64_t i = got; i > 0; i--) dst[i - 1] = src[i - 1];
    } else if (swap) {
        swap_bytes(data, es, got);
    }
    return got;
}

static int64_t binary_write(tc_file *f, int elem, const void *data, int64_t n) {
    int64_t es = tc_file_element_size(f, elem);
    int swap = needs_swap(f) && es > 1;
    int narrow = elem == TC_FILE_LONG && es == 4;
    if (!swap && !narrow) return raw_write(f, data, n * es) / es;
    uint8_t tmp[CHUNK * 8];
    int64_t done = 0;
    const uint8_t *src = data;
    while (done < n) {
        int64_t k = n - done < CHUNK ? n - done : CHUNK;
        if (narrow) {
            const int64_t *s = (const int64_t *)src + done;
            int32_t *d = (int32_t *)tmp;
            for (int64_t i = 0; i < k; i++) d[i] = (int32_t)s[i];   /* Torch7 truncates to int32 */
        } else {
            memcpy(tmp, src + done * es, (size_t)(k * es));
        }
        swap_bytes(tmp, swap ? es : 1, k);
        int64_t w = raw_write(f, tmp, k * es) / es;
        done += w;
        if (w < k) break;
    }
    return done;
}

/* ---- ascii -------------------------------------------------------------------------------------- */

static int format_elem(char *out, size_t cap, int elem, const void *data, int64_t i) {
    switch (elem) {
        case TC_FILE_SHORT: return snprintf(out, cap, "%hd", ((const int16_t *)data)[i]);
        case TC_FILE_INT: return snprintf(out, cap, "%d", ((const int32_t *)data)[i]);
        case TC_FILE_INT64:
        case TC_FILE_LONG: return snprintf(out, cap, "%lld", (long long)((const int64_t *)data)[i]);
        case TC_FILE_HALF: return snprintf(out, cap, "%.9g", (double)tc_half_to_float(((const uint16_t *)data)[i]));
        case TC_FILE_FLOAT: return snprintf(out, cap, "%.9g", (double)((const float *)data)[i]);
        case TC_FILE_DOUBLE: return snprintf(out, cap, "%.17g", ((const double *)data)[i]);
        default: return -1;
    }
}

static int64_t ascii_write(tc_file *f, int elem, const void *data, int64_t n) {
    if (is_raw_elem(elem)) {
        int64_t w = raw_write(f, data, n);
        if (w == n && f->auto_spacing && n > 0 && raw_write(f, "\n", 1) != 1) return n - 1;
        return w;
    }
    /* numbers are formatted into a buffer and written in blocks */
    char block[CHUNK + 64];
    int64_t used = 0, done = 0, flushed = 0;
    for (int64_t i = 0; i < n; i++) {
        int len = format_elem(block + used, 64, elem, data, i);
        if (len < 0 || len >= 64) break;
        used += len;
        if (f->auto_spacing) block[used++] = i < n - 1 ? ' ' : '\n';
        done++;
        if (used >= CHUNK || i == n - 1) {
            if (raw_write(f, block, used) != used) return flushed;
            flushed = done;
            used = 0;
        }
    }
    return flushed;
}

/* reads one white-space separated token; 0 at the end of the file */
static int read_token(tc_file *f, char *tok, int cap) {
    int c;
    do c = raw_getc(f); while (c != EOF && isspace(c));
    if (c == EOF) return 0;
    int len = 0;
    while (c != EOF && !isspace(c)) {
        if (len < cap - 1) tok[len] = (char)c;
        len++;
        c = raw_getc(f);
    }
    raw_ungetc(f, c);
    if (len >= cap) return -1;
    tok[len] = 0;
    return len;
}

static int parse_elem(const char *tok, int elem, void *data, int64_t i) {
    char *end;
    errno = 0;
    if (elem == TC_FILE_HALF || elem == TC_FILE_FLOAT || elem == TC_FILE_DOUBLE) {
        double v = elem == TC_FILE_DOUBLE ? strtod(tok, &end) : (double)strtof(tok, &end);
        if (end == tok || *end) return -1;
        if (elem == TC_FILE_DOUBLE) ((double *)data)[i] = v;
        else if (elem == TC_FILE_FLOAT) ((float *)data)[i] = (float)v;
        else ((uint16_t *)data)[i] = tc_float_to_half((float)v);
        return 0;
    }
    long long v = strtoll(tok, &end, 10);
    if (end == tok || *end) return -1;
    if (elem == TC_FILE_SHORT) ((int16_t *)data)[i] = (int16_t)v;
    else if (elem == TC_FILE_INT) ((int32_t *)data)[i] = (int32_t)v;
    else ((int64_t *)data)[i] = (int64_t)v;
    return 0;
}

static int64_t ascii_read(tc_file *f, int elem, void *data, int64_t n, const char **bad_token) {
    int64_t got = 0;
    static __thread char tok[512];
    if (is_raw_elem(elem)) {
        got = raw_read(f, data, n);
    } else {
        for (; got < n; got++) {
            int len = read_token(f, tok, sizeof tok);
            if (len == 0) break;
            if (len < 0 || parse_elem(tok, elem, data, got) != 0) {
                if (len < 0) strcpy(tok, "(a token over 511 characters)");
                for (char *c = tok; *c; c++)   /* the message must stay printable text */
                    if (!isprint((unsigned char)*c)) *c = '?';
                *bad_token = tok;
                break;
            }
        }
    }
    if (f->auto_spacing && n > 0) {
        int c = raw_getc(f);
        if (c != '\n') raw_ungetc(f, c);
    }
    return got;
}

/* ---- the element entry points -------------------------------------------------------------------- */

int64_t tc_file_read(tc_file *f, int elem, void *data, int64_t n) {
    if (check_io(f, elem, data, n, 0, "tc_file_read") != 0) return -1;
    if (n == 0) return 0;
    int64_t start = raw_tell(f);
    const char *bad_token = NULL;
    int64_t got = f->binary ? binary_read(f, elem, data, n) : ascii_read(f, elem, data, n, &bad_token);
    if (got == -2) return tc_fail("tc_file_read: element count %lld too large", (long long)n);
    if (got == n) return n;
    if (bad_token) {
        f->has_error = 1;
        if (f->quiet) return got;
        return tc_fail("read error: expected a number (%s) but found '%.40s' after %lld of %lld elements, "
                       "reading from byte %lld of %s", elem_names[elem], bad_token, (long long)got, (long long)n,
                       (long long)start, f->name);
    }
    return short_io(f, got, n, elem, start, "read");
}

int64_t tc_file_write(tc_file *f, int elem, const void *data, int64_t n) {
    if (check_io(f, elem, data, n, 1, "tc_file_write") != 0) return -1;
    if (n == 0) return 0;   /* ascii mode writes nothing at all for an empty array */
    int64_t start = raw_tell(f);
    int64_t done = f->binary ? binary_write(f, elem, data, n) : ascii_write(f, elem, data, n);
    if (done == n) return n;
    return short_io(f, done, n, elem, start, "write");
}

int tc_file_check_available(tc_file *f, int elem, int64_t n) {
    if (check_open(f, "tc_file_check_available") != 0) return -1;
    if (mem_size(elem) == 0) return tc_fail("tc_file_check_available: unknown element type %d", elem);
    if (n < 0) return tc_fail("read error: negative element count %lld in %s (corrupt file)", (long long)n, f->name);
    int64_t pos = raw_tell(f), len = raw_length(f);
    if (pos < 0 || len < 0) return 0;   /* cannot tell: the read itself will report a short count */
    int64_t remaining = len > pos ? len - pos : 0;
    int64_t es = f->binary ? tc_file_element_size(f, elem) : 1;
    if (n > remaining / es)
        return tc_fail("read error: %lld %s elements need %s%lld bytes at byte %lld of %s, but only %lld remain "
                       "(truncated or corrupt file)", (long long)n, elem_names[elem], f->binary ? "" : "at least ",
                       n > INT64_MAX / es ? (long long)INT64_MAX : (long long)(n * es), (long long)pos, f->name,
                       (long long)remaining);
    return 0;
}

static int elem_dtype(int elem) {
    static const int dtypes[] = {TC_UINT8, TC_INT8, TC_INT16, TC_INT32, TC_INT64, TC_FLOAT16, TC_FLOAT32,
                                 TC_FLOAT64, TC_BOOL, TC_INT64};
    return elem >= 0 && elem <= TC_FILE_LONG ? dtypes[elem] : -1;
}

tc_storage *tc_file_read_storage(tc_file *f, int elem, int64_t n) {
    if (check_io(f, elem, "", n, 0, "tc_file_read_storage") != 0) return NULL;
    if (tc_file_check_available(f, elem, n) != 0) return NULL;
    tc_storage *s = tc_storage_new(elem_dtype(elem), n);
    if (!s) return NULL;
    int64_t got = tc_file_read(f, elem, s->data, n);
    if (got < 0) {
        tc_storage_release(s);
        return NULL;
    }
    if (got < n && tc_storage_resize(s, got) != 0) {
        tc_storage_release(s);
        return NULL;
    }
    return s;
}

int64_t tc_file_write_storage(tc_file *f, int elem, const tc_storage *s) {
    if (!s) return tc_fail("tc_file_write_storage: storage is NULL");
    if (elem_dtype(elem) < 0) return tc_fail("tc_file_write_storage: unknown element type %d", elem);
    if (s->dtype != elem_dtype(elem))
        return tc_fail("tc_file_write_storage: a %s storage cannot be written as %s elements", tc_dtype_name(s->dtype),
                       elem_names[elem]);
    if (s->device != TC_DEVICE_CPU) return tc_fail("tc_file_write_storage: storage is on a CUDA device");
    return tc_file_write(f, elem, s->data, s->size);
}

/* ---- strings --------------------------------------------------------------------------------------- */

int64_t tc_file_write_string(tc_file *f, const char *str, int64_t len) {
    if (check_io(f, TC_FILE_CHAR, str, len, 1, "tc_file_write_string") != 0) return -1;
    int64_t start = raw_tell(f);
    int64_t w = raw_write(f, str, len);
    if (w == len) return len;
    return short_io(f, w, len, TC_FILE_CHAR, start, "write");
}

static int str_reserve(tc_file *f, int64_t need) {
    if (need + 1 <= f->strcap) return 0;
    int64_t cap = f->strcap ? f->strcap : 1024;
    while (cap < need + 1) cap *= 2;
    char *nb = realloc(f->strbuf, (size_t)cap);
    if (!nb) return tc_fail("tc_file_read_string: out of memory (%lld bytes)", (long long)cap);
    f->strbuf = nb;
    f->strcap = cap;
    return 0;
}

int64_t tc_file_read_string(tc_file *f, int all, const char **out) {
    if (!out) return tc_fail("tc_file_read_string: out is NULL");
    *out = NULL;
    if (check_open(f, "tc_file_read_string") != 0) return -1;
    if (!f->readable) return tc_fail("tc_file_read_string: attempt to read in a write-only file (%s)", f->name);
    int64_t start = raw_tell(f);
    int64_t len = 0;
    int any = 0;
    if (str_reserve(f, 0) != 0) return -1;
    if (all) {
        for (;;) {
            if (str_reserve(f, len + CHUNK) != 0) return -1;
            int64_t k = raw_read(f, f->strbuf + len, CHUNK);
            len += k;
            if (k < CHUNK) break;
        }
        any = len > 0;
    } else {
        int c;
        while ((c = raw_getc(f)) != EOF) {
            any = 1;
            if (c == '\n') break;
            if (str_reserve(f, len + 1) != 0) return -1;
            f->strbuf[len++] = (char)c;
        }
    }
    f->strbuf[len] = 0;
    if (!any) {
        f->has_error = 1;
        if (f->quiet) { *out = f->strbuf; return 0; }
        return tc_fail("read error: read 0 blocks instead of 1 (end of file at byte %lld of %s)", (long long)start,
                       f->name);
    }
    *out = f->strbuf;
    return len;
}

/* ---- positions --------------------------------------------------------------------------------------- */

int64_t tc_file_position(tc_file *f) {
    if (check_open(f, "tc_file_position") != 0) return -1;
    int64_t p = raw_tell(f);
    if (p < 0) return tc_fail("tc_file_position: unable to obtain the offset of %s", f->name);
    return p;
}

int tc_file_seek(tc_file *f, int64_t position) {
    if (check_open(f, "tc_file_seek") != 0) return -1;
    if (position < 0) return tc_fail("tc_file_seek: position must be non-negative (got %lld)", (long long)position);
    if (f->is_memory) {
        mem_sync(f);
        if (position > f->size) {
            f->has_error = 1;
            if (f->quiet) return 0;
            return tc_fail("tc_file_seek: unable to seek at position %lld of %s (size %lld)", (long long)position,
                           f->name, (long long)f->size);
        }
        f->pos = position;
        return 0;
    }
    f->last_op = OP_NONE;
    if (fseeko(f->fp, (off_t)position, SEEK_SET) != 0) {
        f->has_error = 1;
        if (f->quiet) return 0;
        return tc_fail("tc_file_seek: unable to seek to position %lld of %s", (long long)position, f->name);
    }
    return 0;
}

int tc_file_seek_end(tc_file *f) {
    if (check_open(f, "tc_file_seek_end") != 0) return -1;
    if (f->is_memory) {
        f->pos = f->size;
        return 0;
    }
    f->last_op = OP_NONE;
    if (fseeko(f->fp, 0, SEEK_END) != 0) {
        f->has_error = 1;
        if (f->quiet) return 0;
        return tc_fail("tc_file_seek_end: unable to seek at end of %s", f->name);
    }
    return 0;
}

int64_t tc_file_length(tc_file *f) {
    if (check_open(f, "tc_file_length") != 0) return -1;
    int64_t len = raw_length(f);
    if (len < 0) return tc_fail("tc_file_length: cannot stat %s", f->name);
    return len;
}

int64_t tc_file_remaining(tc_file *f) {
    int64_t len = tc_file_length(f);
    if (len < 0) return -1;
    int64_t pos = tc_file_position(f);
    if (pos < 0) return -1;
    return len > pos ? len - pos : 0;
}

int tc_file_synchronize(tc_file *f) {
    if (check_open(f, "tc_file_synchronize") != 0) return -1;
    if (!f->is_memory && fflush(f->fp) != 0)
        return tc_fail("tc_file_synchronize: cannot flush %s (%s)", f->name, strerror(errno));
    return 0;
}

int tc_file_memory_data(tc_file *f, const uint8_t **data, int64_t *size) {
    if (check_open(f, "tc_file_memory_data") != 0) return -1;
    if (!f->is_memory) return tc_fail("tc_file_memory_data: %s is not a memory file", f->name);
    if (!data || !size) return tc_fail("tc_file_memory_data: output pointer is NULL");
    mem_sync(f);
    *data = f->buf;
    *size = f->size;
    return 0;
}
