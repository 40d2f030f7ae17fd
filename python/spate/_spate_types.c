/* Type strings as the extension sees them (parsed by Spate: spate_type_parse). */
#include "_spate_internal.h"
#include <string.h>
#include <stdlib.h>

static stype *new_type(stype_kind kind) {
    stype *type = calloc(1, sizeof(stype));
    if (!type) { PyErr_NoMemory(); return NULL; }
    type->kind = kind;
    return type;
}

/* The extension's kind of each of the ABI's type kinds (spate_type_kind, from 1). */
static const stype_kind kinds[] = {
    [SPATE_TYPE_BOOL] = ST_BOOL, [SPATE_TYPE_I8] = ST_I8, [SPATE_TYPE_I16] = ST_I16, [SPATE_TYPE_I32] = ST_I32,
    [SPATE_TYPE_I64] = ST_I64, [SPATE_TYPE_F32] = ST_F32, [SPATE_TYPE_F64] = ST_F64, [SPATE_TYPE_STR] = ST_STR,
    [SPATE_TYPE_OBJ] = ST_OBJ, [SPATE_TYPE_TUPLE] = ST_TUPLE, [SPATE_TYPE_ROW] = ST_ROW, [SPATE_TYPE_CHAR] = ST_CHAR,
    [SPATE_TYPE_BYTES] = ST_BYTES, [SPATE_TYPE_BIGINT] = ST_BIGINT, [SPATE_TYPE_BIGDEC] = ST_BIGDEC,
    [SPATE_TYPE_DECIMAL] = ST_DECIMAL, [SPATE_TYPE_DATE] = ST_DATE, [SPATE_TYPE_TIME] = ST_TIME,
    [SPATE_TYPE_TIMESTAMP] = ST_TIMESTAMP, [SPATE_TYPE_TIMESTAMP_LTZ] = ST_TIMESTAMP_LTZ, [SPATE_TYPE_INSTANT] = ST_INSTANT,
    [SPATE_TYPE_INTERVAL_YM] = ST_INTERVAL_YM, [SPATE_TYPE_INTERVAL_DT] = ST_INTERVAL_DT, [SPATE_TYPE_LIST] = ST_LIST,
    [SPATE_TYPE_MAP] = ST_MAP, [SPATE_TYPE_MULTISET] = ST_MULTISET, [SPATE_TYPE_NULL] = ST_NULL,
};

/* The type whose pre-order nodes start at `*next`; moves `*next` past its subtree. Swift bounds
 * the nesting (SPATE_MAX_TYPE_DEPTH), so this recursion is bounded too. */
static stype *build(const spate_type_node *nodes, int32_t count, int32_t *next) {
    if (*next >= count) { PyErr_SetString(PyExc_SystemError, "type nodes end early"); return NULL; }
    const spate_type_node *node = &nodes[(*next)++];
    if (node->kind < SPATE_TYPE_BOOL || node->kind > SPATE_TYPE_NULL) {
        PyErr_Format(PyExc_SystemError, "unknown type kind %d", node->kind);
        return NULL;
    }
    stype *type = new_type(kinds[node->kind]);
    if (!type) return NULL;
    type->precision = node->precision;
    type->scale = node->scale;
    type->not_null = node->not_null;
    type->nullable = node->nullable;
    if (!(type->declared = strdup(node->declaration ? node->declaration : "a value"))) {
        stype_free(type);
        PyErr_NoMemory();
        return NULL;
    }
    if (node->n_children > 0 && !(type->fields = calloc((size_t)node->n_children, sizeof(stype *)))) {
        stype_free(type);
        PyErr_NoMemory();
        return NULL;
    }
    PyObject *names = type->kind == ST_ROW ? PyTuple_New(node->n_children) : NULL;
    if (type->kind == ST_ROW && !names) { stype_free(type); return NULL; }
    type->names = names;
    for (int32_t i = 0; i < node->n_children; i++) {
        const char *name = *next < count ? nodes[*next].name : NULL;
        stype *field = build(nodes, count, next);
        if (!field) { stype_free(type); return NULL; }
        type->fields[type->nfields++] = field;
        if (names) {
            PyObject *text = PyUnicode_FromString(name ? name : "");
            if (!text) { stype_free(type); return NULL; }
            PyTuple_SET_ITEM(names, i, text);
        }
    }
    return type;
}

/* Type strings are parsed by Spate (spate_type_parse): the extension only builds its view of the
 * result. `key` (canonical bytes of any Python key) is the extension's own. */
stype *stype_parse(const char *text) {
    stype *type = NULL;
    if (strcmp(text, "key") == 0) {
        if ((type = new_type(ST_KEY)) && !(type->declared = strdup("a key"))) {
            stype_free(type);
            return (stype *)PyErr_NoMemory();
        }
    } else {
        spate_type_node local[32];
        spate_type_node *nodes = local;
        int32_t count = 0;
        spate_status status = spate_type_parse(text, local, 32, &count);
        if (status == SPATE_OK && count > 32) {
            if (!(nodes = PyMem_Calloc((size_t)count, sizeof *nodes))) return (stype *)PyErr_NoMemory();
            status = spate_type_parse(text, nodes, count, &count);
        }
        if (status != SPATE_OK) {
            PyErr_SetString(PyExc_ValueError, spate_last_error());
        } else {
            int32_t next = 0;
            type = build(nodes, count, &next);
        }
        if (nodes != local) PyMem_Free(nodes);
    }
    if (!type) return NULL;
    if (!(type->text = strdup(text))) { stype_free(type); return (stype *)PyErr_NoMemory(); }
    return type;
}

/* stype_parse, with the error naming `where` (the operator and function, or the collection). */
stype *stype_parse_for(const char *text, const char *where) {
    stype *type = stype_parse(text);
    if (!type && where && PyErr_ExceptionMatches(PyExc_ValueError)) {
        PyObject *kind, *value, *traceback;
        PyErr_Fetch(&kind, &value, &traceback);
        PyErr_NormalizeException(&kind, &value, &traceback);
        PyErr_Format(PyExc_ValueError, "%s: %S", where, value);
        Py_XDECREF(kind);
        Py_XDECREF(value);
        Py_XDECREF(traceback);
    }
    return type;
}

void stype_free(stype *type) {
    if (!type) return;
    for (int i = 0; i < type->nfields; i++) stype_free(type->fields[i]);
    free(type->fields);
    free(type->text);
    free(type->declared);
    Py_XDECREF(type->names);
    free(type);
}

int stype_is_lossless(const stype *type) {
    if (type->kind == ST_F32) return 0;
    for (int i = 0; i < type->nfields; i++)
        if (!stype_is_lossless(type->fields[i])) return 0;
    return 1;
}
