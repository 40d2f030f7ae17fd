/* The one conversion table between Python objects and Spate values, both directions. */
#include "_spate_internal.h"
#include <string.h>

PyObject *spate_row_factory = NULL;
PyObject *spate_row_class = NULL;

/* ---- errors ---- */

/* Where a value sits inside a nested value: built on the stack as conversion descends, and only
 * formatted (`f1.name`) when an error is raised. */
typedef struct path_node {
    const struct path_node *parent;
    const stype *type;   /* the tuple or row holding the field */
    Py_ssize_t index;
} path_node;

static size_t format_path(const path_node *node, char *out, size_t len) {
    if (!node) return 0;
    size_t used = format_path(node->parent, out, len);
    if (used >= len) return used;
    const char *dot = used ? "." : "";
    int n;
    if (node->type->kind == ST_ROW && node->type->names)
        n = snprintf(out + used, len - used, "%s%s", dot, PyUnicode_AsUTF8(PyTuple_GET_ITEM(node->type->names, node->index)));
    else
        n = snprintf(out + used, len - used, "%sf%zd", dot, node->index);
    return used + (n > 0 ? (size_t)n : 0);
}

static int type_error(PyObject *exc, const stype *type, PyObject *value, const char *where,
                      const path_node *at, const char *hint) {
    char path[512] = {0};
    format_path(at, path, sizeof path);
    PyObject *shown = PyObject_Repr(value);
    const char *text = shown ? PyUnicode_AsUTF8(shown) : NULL;
    if (!text) { PyErr_Clear(); text = "<unprintable>"; }
    char shortened[208];
    size_t len = strlen(text);
    if (len > 200) {
        memcpy(shortened, text, 197);
        memcpy(shortened + 197, "...", 4);
        text = shortened;
    }
    PyErr_Format(exc, "%s: %s%s%sexpected %s (declared Types.%s()), got %s of type %s%s%s", where,
                 path[0] ? "field " : "", path, path[0] ? ": " : "",
                 type->kind == ST_STR ? "str" : type->kind == ST_BOOL ? "bool"
                 : (type->kind >= ST_I8 && type->kind <= ST_I64) ? "int"
                 : (type->kind == ST_F32 || type->kind == ST_F64) ? "float"
                 : type->kind == ST_TUPLE ? "tuple" : type->kind == ST_ROW ? "Row" : "a value",
                 stype_flink_name(type), text, Py_TYPE(value)->tp_name, hint ? "; " : "", hint ? hint : "");
    Py_XDECREF(shown);
    /* Marks the error as a conversion error, which execute() raises as it is. */
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    if (v) PyObject_SetAttrString(v, "__spate_conversion__", Py_True);
    PyErr_Restore(t, v, tb);
    return -1;
}

static int append_checked(spate_status status) {
    if (status != SPATE_OK) {
        PyErr_Format(PyExc_RuntimeError, "spate: %s", spate_last_error());
        return -1;
    }
    return 0;
}

/* ---- canonical key bytes (keys without a declared key_type) ---- */

static int encode_key(PyObject *key, PyObject *bytes /* bytearray */, int depth) {
    if (depth > 32) { PyErr_SetString(PyExc_ValueError, "key is nested too deeply"); return -1; }
    PyObject *part = NULL;
    if (key == Py_None) {
        part = PyBytes_FromString("n");
    } else if (PyBool_Check(key)) {
        part = PyBytes_FromString(key == Py_True ? "T" : "F");
    } else if (PyLong_CheckExact(key) || PyLong_Check(key)) {
        int overflow = 0;
        long long v = PyLong_AsLongLongAndOverflow(key, &overflow);
        if (v == -1 && PyErr_Occurred()) return -1;
        if (!overflow) {
            char buf[9];
            buf[0] = 'i';
            memcpy(buf + 1, &v, 8);
            part = PyBytes_FromStringAndSize(buf, 9);
        } else {
            PyObject *text = PyObject_Repr(key);
            if (!text) return -1;
            part = PyBytes_FromFormat("I%s", PyUnicode_AsUTF8(text));
            Py_DECREF(text);
        }
    } else if (PyUnicode_Check(key)) {
        Py_ssize_t n;
        const char *utf8 = PyUnicode_AsUTF8AndSize(key, &n);
        if (!utf8) return -1;
        part = PyBytes_FromStringAndSize(NULL, n + 1);
        if (part) { PyBytes_AS_STRING(part)[0] = 's'; memcpy(PyBytes_AS_STRING(part) + 1, utf8, n); }
    } else if (PyBytes_Check(key)) {
        part = PyBytes_FromFormat("b");
        if (part) PyBytes_Concat(&part, key);
    } else if (PyFloat_Check(key)) {
        double d = PyFloat_AS_DOUBLE(key);
        if (d == 0.0) d = 0.0;  /* -0.0 == 0.0 as keys */
        char buf[9];
        buf[0] = 'f';
        memcpy(buf + 1, &d, 8);
        part = PyBytes_FromStringAndSize(buf, 9);
    } else if (PyTuple_Check(key) || (spate_row_class && PyObject_TypeCheck(key, (PyTypeObject *)spate_row_class))) {
        PyObject *items = PySequence_Fast(key, "key");
        if (!items) return -1;
        Py_ssize_t n = PySequence_Fast_GET_SIZE(items);
        char head[5];
        head[0] = PyTuple_Check(key) ? 't' : 'r';
        uint32_t count = (uint32_t)n;
        memcpy(head + 1, &count, 4);
        Py_ssize_t at = PyByteArray_GET_SIZE(bytes);
        if (PyByteArray_Resize(bytes, at + 5) < 0) { Py_DECREF(items); return -1; }
        memcpy(PyByteArray_AS_STRING(bytes) + at, head, 5);
        for (Py_ssize_t i = 0; i < n; i++) {
            if (encode_key(PySequence_Fast_GET_ITEM(items, i), bytes, depth + 1) < 0) { Py_DECREF(items); return -1; }
        }
        Py_DECREF(items);
        return 0;
    } else {
        /* Anything else is keyed by its pickled bytes, as PyFlink does. */
        static PyObject *dumps = NULL;
        if (!dumps) {
            PyObject *pickle = PyImport_ImportModule("pickle");
            if (!pickle) return -1;
            dumps = PyObject_GetAttrString(pickle, "dumps");
            Py_DECREF(pickle);
            if (!dumps) return -1;
        }
        PyObject *pickled = PyObject_CallFunction(dumps, "Oi", key, 4);
        if (!pickled) return -1;
        part = PyBytes_FromFormat("p");
        if (part) PyBytes_Concat(&part, pickled);
        Py_DECREF(pickled);
    }
    if (!part) return -1;
    Py_ssize_t at = PyByteArray_GET_SIZE(bytes);
    if (PyByteArray_Resize(bytes, at + PyBytes_GET_SIZE(part)) < 0) { Py_DECREF(part); return -1; }
    memcpy(PyByteArray_AS_STRING(bytes) + at, PyBytes_AS_STRING(part), PyBytes_GET_SIZE(part));
    Py_DECREF(part);
    return 0;
}

/* ---- Python -> builder ---- */

/* The int of an integer type's value, range-checked for the declared width. */
static int int_value(const stype *type, PyObject *value, const char *where, const path_node *path, int64_t *out) {
    if (!PyLong_Check(value) || PyBool_Check(value))
        return type_error(PyExc_TypeError, type, value, where, path,
                          value == Py_None ? "this type does not accept None" : NULL);
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(value, &overflow);
    if (v == -1 && PyErr_Occurred()) return -1;
    long long lo = type->kind == ST_I8 ? -128 : type->kind == ST_I16 ? -32768
                 : type->kind == ST_I32 ? -2147483648LL : INT64_MIN;
    long long hi = type->kind == ST_I8 ? 127 : type->kind == ST_I16 ? 32767
                 : type->kind == ST_I32 ? 2147483647LL : INT64_MAX;
    if (overflow || v < lo || v > hi) {
        char hint[128];
        snprintf(hint, sizeof hint, "it is outside %lld..%lld%s", lo, hi,
                 type->kind == ST_I64 ? "; declare Types.BIG_INT() for integers beyond 64 bits" : "");
        return type_error(PyExc_OverflowError, type, value, where, path, hint);
    }
    *out = v;
    return 0;
}

/* The double of a float type's value (ints are accepted, as Python does). */
static int float_value(const stype *type, PyObject *value, const char *where, const path_node *path, double *out) {
    if (PyFloat_Check(value)) {
        *out = PyFloat_AS_DOUBLE(value);
        return 0;
    }
    if (PyLong_Check(value) && !PyBool_Check(value)) {
        *out = PyLong_AsDouble(value);
        if (*out == -1.0 && PyErr_Occurred()) {
            PyErr_Clear();
            return type_error(PyExc_OverflowError, type, value, where, path, "it is too large for a float");
        }
        return 0;
    }
    return type_error(PyExc_TypeError, type, value, where, path,
                      value == Py_None ? "this type does not accept None" : NULL);
}

int spate_to_int64(const stype *type, PyObject *value, const char *where, int64_t *out) {
    return int_value(type, value, where, NULL, out);
}

int spate_to_double(const stype *type, PyObject *value, const char *where, double *out) {
    return float_value(type, value, where, NULL, out);
}

static int convert(const stype *type, PyObject *value, spate_builder *builder, const char *where,
                   const path_node *path, int nullable);

static int convert_fields(const stype *type, PyObject *value, spate_builder *builder, const char *where,
                          const path_node *path) {
    int is_row = type->kind == ST_ROW;
    if (is_row) {
        if (!spate_row_class || !PyObject_TypeCheck(value, (PyTypeObject *)spate_row_class))
            return type_error(PyExc_TypeError, type, value, where, path,
                              PyTuple_Check(value) ? "return Row(...) not a tuple for a ROW type" : NULL);
    } else if (!PyTuple_Check(value)) {
        return type_error(PyExc_TypeError, type, value, where, path,
                          PyList_Check(value) ? "return a tuple, not a list, for a TUPLE type" : NULL);
    }
    PyObject *items = PySequence_Fast(value, "fields");
    if (!items) return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(items);
    if (n != type->nfields) {
        Py_DECREF(items);
        char hint[96];
        snprintf(hint, sizeof hint, "it has %zd fields where %d are declared", n, type->nfields);
        return type_error(PyExc_ValueError, type, value, where, path, hint);
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        path_node field = {path, type, i};
        spate_builder *child = builder ? spate_builder_child(builder, (int32_t)i) : NULL;
        /* Row fields are nullable, tuple fields are not (as in Flink). */
        if (convert(type->fields[i], PySequence_Fast_GET_ITEM(items, i), child, where, &field, is_row) < 0) {
            Py_DECREF(items);
            return -1;
        }
    }
    Py_DECREF(items);
    return builder ? append_checked(spate_builder_append_struct(builder)) : 0;
}

static int convert(const stype *type, PyObject *value, spate_builder *builder, const char *where,
                   const path_node *path, int nullable) {
    if (value == Py_None && type->kind != ST_OBJ && type->kind != ST_KEY) {
        if (nullable || type->kind == ST_STR)
            return builder ? append_checked(spate_builder_append_null(builder)) : 0;
        return type_error(PyExc_TypeError, type, value, where, path, "this type does not accept None");
    }
    switch (type->kind) {
    case ST_BOOL:
        if (!PyBool_Check(value)) return type_error(PyExc_TypeError, type, value, where, path, NULL);
        return builder ? append_checked(spate_builder_append_bool(builder, value == Py_True)) : 0;
    case ST_I8: case ST_I16: case ST_I32: case ST_I64: {
        int64_t v;
        if (int_value(type, value, where, path, &v) < 0) return -1;
        return builder ? append_checked(spate_builder_append_int(builder, v)) : 0;
    }
    case ST_F32: case ST_F64: {
        double d;
        if (float_value(type, value, where, path, &d) < 0) return -1;
        return builder ? append_checked(spate_builder_append_float(builder, d)) : 0;
    }
    case ST_STR: {
        if (!PyUnicode_Check(value)) return type_error(PyExc_TypeError, type, value, where, path, NULL);
        Py_ssize_t n;
        const char *utf8 = PyUnicode_AsUTF8AndSize(value, &n);
        if (!utf8) {
            PyErr_Clear();
            return type_error(PyExc_ValueError, type, value, where, path, "it is not valid Unicode (lone surrogate)");
        }
        return builder ? append_checked(spate_builder_append_str(builder, utf8, n)) : 0;
    }
    case ST_OBJ:
        if (!builder) return 0;
        Py_INCREF(value);
        if (spate_builder_append_object(builder, (uint64_t)(uintptr_t)value) != SPATE_OK) {
            Py_DECREF(value);
            return append_checked(SPATE_ERROR);
        }
        return 0;
    case ST_KEY: {
        PyObject *bytes = PyByteArray_FromStringAndSize(NULL, 0);
        if (!bytes) return -1;
        if (encode_key(value, bytes, 0) < 0) { Py_DECREF(bytes); return -1; }
        int result = builder ? append_checked(spate_builder_append_str(builder, PyByteArray_AS_STRING(bytes),
                                                                       PyByteArray_GET_SIZE(bytes))) : 0;
        Py_DECREF(bytes);
        return result;
    }
    case ST_TUPLE: case ST_ROW:
        return convert_fields(type, value, builder, where, path);
    }
    return -1;
}

int spate_to_builder(const stype *type, PyObject *value, spate_builder *builder, const char *where, int nullable) {
    return convert(type, value, builder, where, NULL, nullable);
}

/* ---- Arrow -> Python ---- */

static inline int is_valid(const struct ArrowArray *array, int64_t row) {
    const uint8_t *validity = array->buffers[0];
    if (!validity) return 1;
    int64_t i = row + array->offset;
    return (validity[i >> 3] >> (i & 7)) & 1;
}

PyObject *spate_from_arrow(const stype *type, const struct ArrowArray *array, int64_t row) {
    if (!is_valid(array, row) && type->kind != ST_OBJ) Py_RETURN_NONE;
    int64_t i = row + array->offset;
    const void *values = array->n_buffers > 1 ? array->buffers[1] : NULL;
    switch (type->kind) {
    case ST_BOOL: {
        const uint8_t *bits = values;
        return PyBool_FromLong((bits[i >> 3] >> (i & 7)) & 1);
    }
    case ST_I8: return PyLong_FromLong(((const int8_t *)values)[i]);
    case ST_I16: return PyLong_FromLong(((const int16_t *)values)[i]);
    case ST_I32: return PyLong_FromLong(((const int32_t *)values)[i]);
    case ST_I64: return PyLong_FromLongLong(((const int64_t *)values)[i]);
    case ST_F32: return PyFloat_FromDouble((double)((const float *)values)[i]);
    case ST_F64: return PyFloat_FromDouble(((const double *)values)[i]);
    case ST_STR: case ST_KEY: {
        const int64_t *offsets = values;
        const char *data = array->buffers[2];
        return PyUnicode_DecodeUTF8(data + offsets[i], (Py_ssize_t)(offsets[i + 1] - offsets[i]), "surrogatepass");
    }
    case ST_OBJ: {
        PyObject *object = (PyObject *)(uintptr_t)((const uint64_t *)values)[i];
        if (!object) Py_RETURN_NONE;
        Py_INCREF(object);
        return object;
    }
    case ST_TUPLE: case ST_ROW: {
        PyObject *fields = PyTuple_New(type->nfields);
        if (!fields) return NULL;
        for (int f = 0; f < type->nfields; f++) {
            PyObject *item = spate_from_arrow(type->fields[f], array->children[f], i);
            if (!item) { Py_DECREF(fields); return NULL; }
            PyTuple_SET_ITEM(fields, f, item);
        }
        if (type->kind == ST_TUPLE) return fields;
        PyObject *result = PyObject_CallFunctionObjArgs(spate_row_factory, type->names, fields, NULL);
        Py_DECREF(fields);
        return result;
    }
    }
    PyErr_SetString(PyExc_SystemError, "unknown type");
    return NULL;
}

PyObject *spate_list_from_arrow(const stype *type, const struct ArrowArray *array) {
    PyObject *list = PyList_New((Py_ssize_t)array->length);
    if (!list) return NULL;
    for (int64_t row = 0; row < array->length; row++) {
        PyObject *item = spate_from_arrow(type, array, row);
        if (!item) { Py_DECREF(list); return NULL; }
        PyList_SET_ITEM(list, (Py_ssize_t)row, item);
    }
    return list;
}
