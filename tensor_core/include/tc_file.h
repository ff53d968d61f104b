/* tc_file.h -- the byte-level primitives under torch.File / DiskFile / MemoryFile (the .t7 codec
 * itself is Lua).  See tensor_core.h for the rules every section follows.
 *
 * A tc_file is a disk file or a growable memory buffer with Torch7's THFile behaviour:
 *   - new files start in ascii mode with auto-spacing, native byte order, native long size (8);
 *   - binary mode reads/writes packed elements, optionally byte-swapped (tc_file_set_endian);
 *   - ascii mode writes numbers separated by one space and ends each non-empty write with "\n"
 *     (%d, %hd, %ld, %.9g for float and half, %.17g for double), bytes/chars raw plus "\n",
 *     nothing at all for an empty array; reading skips white space before each number and
 *     swallows one "\n" after each call;
 *   - a short read or write is an error (-1, tc_last_error() names the file, the position and the
 *     counts) unless the file is quiet: then the count done is returned and has_error is set.
 *     Misuse (closed file, reading a write-only file, bad arguments) fails even when quiet.
 * Positions are 0-based byte offsets (Torch7's Lua API adds 1).  A file is used by one thread
 * at a time.
 */

/* Element codes: 0..8 are the tensor dtypes (tc_dtype); TC_FILE_LONG is Torch7's C long: an
 * int64_t in memory, tc_file_set_long_size() bytes (4 or 8) in a binary file. */
typedef enum tc_file_elem {
    TC_FILE_BYTE = 0,      /* uint8_t  (ByteStorage)  -- raw in ascii mode */
    TC_FILE_CHAR = 1,      /* int8_t   (CharStorage)  -- raw in ascii mode */
    TC_FILE_SHORT = 2,     /* int16_t */
    TC_FILE_INT = 3,       /* int32_t  (type tags, lengths, booleans) */
    TC_FILE_INT64 = 4,     /* int64_t, always 8 bytes */
    TC_FILE_HALF = 5,      /* uint16_t bits of an IEEE binary16; ascii via float */
    TC_FILE_FLOAT = 6,
    TC_FILE_DOUBLE = 7,
    TC_FILE_BOOL = 8,      /* uint8_t 0/1, raw like BYTE */
    TC_FILE_LONG = 9       /* int64_t in memory; sizes, strides, offsets, LongStorage */
} tc_file_elem;

enum {
    TC_FILE_NATIVE_ENDIAN = 0,
    TC_FILE_LITTLE_ENDIAN = 1,
    TC_FILE_BIG_ENDIAN = 2
};

typedef struct tc_file tc_file;   /* opaque */

/* ---- opening and closing ------------------------------------------------------------------ */
/* mode "r", "w", "rw" (Torch7; "rw" creates a missing file) or "a" (write, appending).
 * A file that cannot be opened gives NULL and tc_last_error() says why (Torch7's quiet open
 * returns nil instead of raising: the Lua side decides); quiet sets the file's quiet flag. */
tc_file *tc_file_open(const char *path, const char *mode, int quiet);
/* Write-only file that replaces `path` atomically: data goes to a temporary file in the same
 * folder, renamed over `path` by tc_file_close.  tc_file_free without close (an error part way,
 * a Lua error unwinding) or tc_file_abort discards it and leaves the old file intact. */
tc_file *tc_file_open_atomic(const char *path, int quiet);
/* An empty growable memory file (MemoryFile(mode)). */
tc_file *tc_file_memory_new(const char *mode);
/* A memory file holding a copy of `size` bytes (MemoryFile(charStorage, mode): pass the storage
 * size minus its trailing 0).  data may be NULL when size is 0. */
tc_file *tc_file_memory_from(const void *data, int64_t size, const char *mode);
int tc_file_close(tc_file *f);       /* flushes; an atomic file is committed here */
int tc_file_abort(tc_file *f);       /* closes without committing (atomic) / flushing nothing new */
void tc_file_free(tc_file *f);       /* closes if still open (an atomic file is discarded) */

/* ---- modes and queries --------------------------------------------------------------------- */
int tc_file_set_binary(tc_file *f, int binary);          /* 0 = ascii */
int tc_file_set_auto_spacing(tc_file *f, int on);
int tc_file_set_quiet(tc_file *f, int quiet);            /* 0 = pedantic */
int tc_file_set_endian(tc_file *f, int endian);          /* TC_FILE_*_ENDIAN */
int tc_file_set_long_size(tc_file *f, int size);         /* 0 (native = 8), 4 or 8 */
int tc_file_clear_error(tc_file *f);
int tc_file_no_buffer(tc_file *f);                       /* disk files: unbuffered stdio */
int tc_file_is_open(const tc_file *f);
int tc_file_is_binary(const tc_file *f);
int tc_file_is_auto_spacing(const tc_file *f);
int tc_file_is_quiet(const tc_file *f);
int tc_file_is_readable(const tc_file *f);
int tc_file_is_writable(const tc_file *f);
int tc_file_has_error(const tc_file *f);
int tc_file_is_memory(const tc_file *f);
int tc_file_long_size(const tc_file *f);                 /* 4 or 8 */
int tc_file_endian(const tc_file *f);
int tc_file_is_little_endian_cpu(void);
const char *tc_file_name(const tc_file *f);              /* path, or "<memory>" */

/* ---- elements -------------------------------------------------------------------------------
 * data points at n elements of the in-memory type of `elem`.  Returns the number of elements
 * done (n on success; fewer only for a quiet file), or -1 on error. */
int64_t tc_file_read(tc_file *f, int elem, void *data, int64_t n);
int64_t tc_file_write(tc_file *f, int elem, const void *data, int64_t n);
/* Before allocating room for n elements read from the file: 0 when the rest of the file can
 * hold them (binary: n * size bytes; ascii: at least n bytes), else -1 with an error naming the
 * position -- a hostile length fails here instead of allocating. */
int tc_file_check_available(tc_file *f, int elem, int64_t n);
int64_t tc_file_element_size(const tc_file *f, int elem);   /* bytes per element in binary mode */
/* readTYPE(n) in one call: checks the file can hold n elements, then returns a new storage
 * (refcount 1) of the matching dtype (LONG and INT64 give int64) holding them; a quiet file's
 * short read gives a storage shrunk to what was read.  NULL on error. */
tc_storage *tc_file_read_storage(tc_file *f, int elem, int64_t n);
/* writes all of s's elements (s's dtype must match elem's in-memory type) */
int64_t tc_file_write_storage(tc_file *f, int elem, const tc_storage *s);

/* ---- strings ---------------------------------------------------------------------------------- */
/* raw bytes, no length, no newline (writeString) */
int64_t tc_file_write_string(tc_file *f, const char *str, int64_t len);
/* readString('*a') (all = 1) or ('*l') (all = 0: up to the next "\n", which is consumed and not
 * returned).  *out points at a buffer owned by the file, valid until the next call on it.
 * Returns the length.  Nothing left to read is an error (-1); a quiet file returns 0 instead
 * and sets has_error. */
int64_t tc_file_read_string(tc_file *f, int all, const char **out);

/* ---- position ----------------------------------------------------------------------------------- */
int64_t tc_file_position(tc_file *f);      /* 0-based; -1 on error */
int tc_file_seek(tc_file *f, int64_t position);
int tc_file_seek_end(tc_file *f);
int64_t tc_file_length(tc_file *f);        /* bytes in the file */
int64_t tc_file_remaining(tc_file *f);     /* length - position (0 past the end) */
int tc_file_synchronize(tc_file *f);       /* fflush */

/* ---- memory files ------------------------------------------------------------------------------- */
/* The bytes written so far (the storage()/torch.serialize content, without Torch7's trailing 0;
 * the buffer does hold a 0 byte after them).  Valid until the next write or free. */
int tc_file_memory_data(tc_file *f, const uint8_t **data, int64_t *size);
/* A memory file whose buffer IS the byte storage `s` (Torch7's MemoryFile(charStorage, mode)): the
 * storage must end with a 0 byte, which is not part of the content; writes grow the storage (the file
 * holds a reference). */
tc_file *tc_file_memory_on_storage(tc_storage *s, const char *mode);
/* The file's storage, resized to the content plus the trailing 0 byte (borrowed reference: retain it
 * to keep it). Later writes show in it, as with Torch7's MemoryFile:storage(). */
tc_storage *tc_file_memory_storage(tc_file *f);
