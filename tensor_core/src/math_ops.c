/* math_ops.c -- the runtime op table built from the X-macro lists in tc_math.h, so that the Lua and
 * Python frontends generate their method tables from the same single declaration as the prototypes. */
#include "math_common.h"

#define ROW(name, fam, kind, arity) {#name, kind, arity, TC_OPF_##fam},
#define ROW_UNARY(name, fam) ROW(name, fam, TC_OPK_UNARY, 1)
#define ROW_BINARY(name, fam) ROW(name, fam, TC_OPK_BINARY, 2)
#define ROW_ALPHA(name, fam) ROW(name, fam, TC_OPK_BINARY_ALPHA, 2)
#define ROW_COMPARE(name, fam) ROW(name, fam, TC_OPK_COMPARE, 2)
#define ROW_LOGICAL(name, fam) ROW(name, fam, TC_OPK_LOGICAL, 2)
#define ROW_REDUCE(name, fam) ROW(name, fam, TC_OPK_REDUCE, 1)

static const tc_op_info op_table[] = {
    TC_UNARY_OPS(ROW_UNARY)
    TC_BINARY_ALPHA_OPS(ROW_ALPHA)
    TC_BINARY_OPS(ROW_BINARY)
    TC_COMPARE_OPS(ROW_COMPARE)
    TC_LOGICAL_OPS(ROW_LOGICAL)
    TC_REDUCE_OPS(ROW_REDUCE)
};

int32_t tc_op_count(void) { return (int32_t)(sizeof op_table / sizeof op_table[0]); }

const tc_op_info *tc_op_get(int32_t i) {
    if (i < 0 || i >= tc_op_count()) return tc_fail_null("tc_op_get: index %d out of range [0, %d)", i, tc_op_count());
    return &op_table[i];
}

const tc_op_info *tc_op_find(const char *name) {
    if (!name) return tc_fail_null("tc_op_find: name is NULL");
    for (int32_t i = 0; i < tc_op_count(); i++)
        if (!strcmp(op_table[i].name, name)) return &op_table[i];
    return tc_fail_null("tc_op_find: no op named '%s'", name);
}

int32_t tc_op_accepts(const tc_op_info *op, int32_t dtype) { return op && dtype_in(dtype, op->flags); }
