/* The one conversion table between Python objects and Spate values, both directions. */
#include "_spate_internal.h"
#include <datetime.h>
#include <math.h>
#include <string.h>

PyObject *spate_row_factory = NULL;
PyObject *spate_row_class = NULL;

/* ---- errors ---- */

/* Where a value sits inside a nested value: built on the stack as conversion descends, and only
 * formatted (`f1.name`) when an error is raised. */
typedef struct path_node {
    const struct path_node *parent;
    const stype *type;   /* the tuple, row, list or map holding the value */
    Py_ssize_t index;    /* field or list position */
    PyObject *key;       /* map key, when the value is a map's */
} path_node;

static size_t format_path(const path_node *node, char *out, size_t len) {
    if (!node) return 0;
    size_t used = format_path(node->parent, out, len);
    if (used >= len) return used;
    const char *dot = used ? "." : "";
    int n;
    if (node->key) {
        PyObject *shown = PyObject_Repr(node->key);
        n = snprintf(out + used, len - used, "[%s]", shown ? PyUnicode_AsUTF8(shown) : "?");
        Py_XDECREF(shown);
        PyErr_Clear();
    } else if (node->type->kind == ST_LIST || node->type->kind == ST_MULTISET)
        n = snprintf(out + used, len - used, "[%zd]", node->index);
    else if (node->type->kind == ST_ROW && node->type->names)
        n = snprintf(out + used, len - used, "%s%s", dot, PyUnicode_AsUTF8(PyTuple_GET_ITEM(node->type->names, node->index)));
    else
        n = snprintf(out + used, len - used, "%sf%zd", dot, node->index);
    return used + (n > 0 ? (size_t)n : 0);
}

static const char *expected_text(const stype *type) {
    switch (type->kind) {
    case ST_STR: return "str";
    case ST_BOOL: return "bool";
    case ST_I8: case ST_I16: case ST_I32: case ST_I64: case ST_BIGINT: case ST_INTERVAL_YM: return "int";
    case ST_F32: case ST_F64: return "float";
    case ST_TUPLE: return "tuple";
    case ST_ROW: return "Row";
    case ST_CHAR: return "one character";
    case ST_BYTES: return "bytes";
    case ST_BIGDEC: case ST_DECIMAL: return "decimal.Decimal";
    case ST_DATE: return "datetime.date";
    case ST_TIME: return "datetime.time";
    case ST_TIMESTAMP: return "a naive datetime.datetime";
    case ST_TIMESTAMP_LTZ: return "a timezone-aware datetime.datetime";
    case ST_INSTANT: return "Instant";
    case ST_INTERVAL_DT: return "datetime.timedelta";
    case ST_LIST: return "list";
    case ST_MAP: case ST_MULTISET: return "dict";
    case ST_NULL: return "None";
    default: return "a value";
    }
}

PyObject *spate_repr(PyObject *value) {
    PyObject *shown = PyObject_Repr(value);
    if (!shown || !PyUnicode_Check(shown)) {
        Py_XDECREF(shown);
        PyErr_Clear();
        return PyUnicode_FromFormat("<unprintable %s>", Py_TYPE(value)->tp_name);
    }
    if (PyUnicode_GET_LENGTH(shown) <= 200) return shown;
    PyObject *head = PyUnicode_Substring(shown, 0, 197);
    Py_DECREF(shown);
    PyObject *shortened = head ? PyUnicode_FromFormat("%U...", head) : NULL;
    Py_XDECREF(head);
    return shortened;
}

static int type_error(PyObject *exc, const stype *type, PyObject *value, const char *where,
                      const path_node *at, const char *hint) {
    char path[512] = {0};
    format_path(at, path, sizeof path);
    PyObject *shown = spate_repr(value);
    if (!shown) return -1;
    char declared[96];
    snprintf(declared, sizeof declared, "%s", type->declared);
    PyErr_Format(exc, "%s: %s%s%sexpected %s (declared %s), got %U of type %s%s%s", where,
                 path[0] ? "field " : "", path, path[0] ? ": " : "",
                 expected_text(type),
                 declared, shown, Py_TYPE(value)->tp_name, hint ? "; " : "", hint ? hint : "");
    Py_DECREF(shown);
    spate_mark_conversion_error();
    return -1;
}

void spate_mark_conversion_error(void) {
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    if (v) PyObject_SetAttrString(v, "__spate_conversion__", Py_True);
    PyErr_Restore(t, v, tb);
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
            /* int's own digits: a subclass's __repr__ (user code) must not decide the key. */
            PyObject *text = PyLong_Type.tp_repr(key);
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
        /* Owned items: pickling a part below runs user code (__reduce__). */
        PyObject *items = PySequence_Tuple(key);
        if (!items) return -1;
        Py_ssize_t n = PyTuple_GET_SIZE(items);
        char head[5];
        head[0] = PyTuple_Check(key) ? 't' : 'r';
        uint32_t count = (uint32_t)n;
        memcpy(head + 1, &count, 4);
        Py_ssize_t at = PyByteArray_GET_SIZE(bytes);
        if (PyByteArray_Resize(bytes, at + 5) < 0) { Py_DECREF(items); return -1; }
        memcpy(PyByteArray_AS_STRING(bytes) + at, head, 5);
        for (Py_ssize_t i = 0; i < n; i++) {
            if (encode_key(PyTuple_GET_ITEM(items, i), bytes, depth + 1) < 0) { Py_DECREF(items); return -1; }
        }
        Py_DECREF(items);
        return 0;
    } else {
        /* Anything else is keyed by its pickled bytes, as PyFlink does. */
        static PyObject *dumps = NULL;
        if (!dumps) {
            dumps = spate_import_attr("pickle", "dumps");
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
    if (PyFloat_Check(value) || (PyLong_Check(value) && !PyBool_Check(value))) {
        *out = PyFloat_Check(value) ? PyFloat_AS_DOUBLE(value) : PyLong_AsDouble(value);
        if (*out == -1.0 && PyErr_Occurred()) {
            PyErr_Clear();
            return type_error(PyExc_OverflowError, type, value, where, path, "it is too large for a float");
        }
        /* A finite value that binary32 rounds to infinity would silently change: refuse it. */
        if (type->kind == ST_F32 && isfinite(*out) && isinf((float)*out))
            return type_error(PyExc_OverflowError, type, value, where, path,
                              "it is outside the range of a 4-byte float; declare Types.DOUBLE()");
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

/* Whether None is a value of `type` on its own (PyFlink: STRING, BIG_INT, BIG_DEC, INSTANT, SQL_*,
 * containers; not BOOLEAN, the numbers or CHAR). Fields of a ROW always accept None. */
static int accepts_none(const stype *type) {
    if (type->not_null) return 0;
    if (type->nullable) return 1;
    switch (type->kind) {
    case ST_BOOL: case ST_I8: case ST_I16: case ST_I32: case ST_I64: case ST_F32: case ST_F64:
    case ST_CHAR: case ST_TUPLE: case ST_ROW: case ST_INTERVAL_YM:
        return 0;
    default:
        return 1;
    }
}

static int convert_more(const stype *type, PyObject *value, spate_builder *builder, const char *where,
                        const path_node *path);

/* Appends the str `value` as UTF-8 (STRING and CHAR); a lone surrogate has no UTF-8 form. */
static int append_utf8(const stype *type, PyObject *value, spate_builder *builder, const char *where,
                       const path_node *path) {
    Py_ssize_t n;
    const char *utf8 = PyUnicode_AsUTF8AndSize(value, &n);
    if (!utf8) {
        PyErr_Clear();
        return type_error(PyExc_ValueError, type, value, where, path, "it is not valid Unicode (lone surrogate)");
    }
    return builder ? append_checked(spate_builder_append_str(builder, utf8, n)) : 0;
}

/* Set while this thread converts a collection: PyFlink's from_collection takes a tuple or a list for a
 * ROW or TUPLE value (its map outputs do not). Per thread: a UDF on another thread stays strict. */
static _Thread_local int rows_from_sequences = 0;

void spate_convert_rows_from_sequences(int on) { rows_from_sequences = on; }

static int convert_fields(const stype *type, PyObject *value, spate_builder *builder, const char *where,
                          const path_node *path) {
    int is_row = type->kind == ST_ROW;
    if (is_row && rows_from_sequences && (PyTuple_Check(value) || PyList_Check(value))) {
        /* a plain sequence of the row's fields */
    } else if (is_row) {
        if (!spate_row_class || !PyObject_TypeCheck(value, (PyTypeObject *)spate_row_class))
            return type_error(PyExc_TypeError, type, value, where, path,
                              PyTuple_Check(value) ? "return Row(...) not a tuple for a ROW type" : NULL);
    } else if (!PyTuple_Check(value) && !(rows_from_sequences && PyList_Check(value))) {
        return type_error(PyExc_TypeError, type, value, where, path,
                          PyList_Check(value) ? "return a tuple, not a list, for a TUPLE type" : NULL);
    }
    /* A tuple of the fields, owned: converting a field runs user code (a __str__) that may change
     * the list a row came from, and the struct's children must all get exactly `n` values. */
    PyObject *items = PySequence_Tuple(value);
    if (!items) return -1;
    Py_ssize_t n = PyTuple_GET_SIZE(items);
    if (n != type->nfields) {
        Py_DECREF(items);
        char hint[96];
        snprintf(hint, sizeof hint, "it has %zd fields where %d are declared", n, type->nfields);
        return type_error(PyExc_ValueError, type, value, where, path, hint);
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        path_node field = {path, type, i, NULL};
        spate_builder *child = builder ? spate_builder_child(builder, (int32_t)i) : NULL;
        /* Row fields are nullable; tuple fields as their type (as in Flink). */
        if (convert(type->fields[i], PyTuple_GET_ITEM(items, i), child, where, &field, is_row || accepts_none(type->fields[i])) < 0) {
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
        if ((nullable || accepts_none(type)) && !type->not_null)
            return builder ? append_checked(spate_builder_append_null(builder)) : 0;
        return type_error(PyExc_TypeError, type, value, where, path,
                          type->not_null ? "it is declared NOT NULL" : "this type does not accept None");
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
        return append_utf8(type, value, builder, where, path);
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
    default:
        return convert_more(type, value, builder, where, path);
    }
}

/* ---- the types beyond the DataStream core ---- */

static PyObject *decimal_class = NULL;
static PyObject *instant_class = NULL;

static int load_helpers(void) {
    if (!PyDateTimeAPI) {
        PyDateTime_IMPORT;
        if (!PyDateTimeAPI) return -1;
    }
    if (!decimal_class && !(decimal_class = spate_import_attr("decimal", "Decimal"))) return -1;
    if (!instant_class && !(instant_class = spate_import_attr("spate.common.time", "Instant"))) return -1;
    return 0;
}

/* The unscaled integer of `decimal` rounded half up to `scale` places (exact: no context rounding). */
static PyObject *decimal_unscaled(PyObject *decimal, int scale) {
    static PyObject *context = NULL, *half_up = NULL, *one = NULL;
    if (!context) {
        PyObject *module = PyImport_ImportModule("decimal");
        if (!module) return NULL;
        half_up = PyObject_GetAttrString(module, "ROUND_HALF_UP");
        /* Enough digits that scaling never rounds (Flink's DECIMAL holds at most 38). */
        context = PyObject_CallMethod(module, "Context", "i", 100000);
        one = PyObject_CallFunction(decimal_class, "i", 1);
        Py_DECREF(module);
        if (!half_up || !context || !one) {
            /* Leave nothing half made: the next call tries again instead of using a NULL. */
            Py_CLEAR(half_up);
            Py_CLEAR(context);
            Py_CLEAR(one);
            return NULL;
        }
    }
    PyObject *scaled = PyObject_CallMethod(decimal, "scaleb", "iO", scale, context);
    PyObject *rounded = scaled ? PyObject_CallMethod(scaled, "quantize", "OOO", one, half_up, context) : NULL;
    PyObject *integer = rounded ? PyNumber_Long(rounded) : NULL;
    Py_XDECREF(scaled);
    Py_XDECREF(rounded);
    return integer;
}

/* +10**precision or -10**precision, cached (borrowed). */
static PyObject *decimal_limit(int precision, int sign) {
    static PyObject *limits[2][40];
    int index = sign > 0;
    if (precision < 0 || precision > 39) precision = 39;
    if (!limits[index][precision]) {
        PyObject *ten = PyLong_FromLong(10), *exponent = PyLong_FromLong(precision);
        PyObject *power = ten && exponent ? PyNumber_Power(ten, exponent, Py_None) : NULL;
        Py_XDECREF(ten);
        Py_XDECREF(exponent);
        limits[index][precision] = power && sign < 0 ? PyNumber_Negative(power) : power;
        if (power && sign < 0) Py_DECREF(power);
    }
    return limits[index][precision];
}

static int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *year, int *month, int *day) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(yoe + era * 400 + (*month <= 2));
}

/* Microseconds kept by a precision of `digits` fractional digits (p >= 6 keeps all Python has). */
static int64_t truncate_micros(int64_t micros, int digits) {
    static const int64_t unit[] = {1000000, 100000, 10000, 1000, 100, 10, 1};
    if (digits >= 6) return micros;
    return micros - micros % unit[digits < 0 ? 0 : digits];
}

static int64_t clock_micros(PyObject *value, int is_datetime) {
    int h = is_datetime ? PyDateTime_DATE_GET_HOUR(value) : PyDateTime_TIME_GET_HOUR(value);
    int m = is_datetime ? PyDateTime_DATE_GET_MINUTE(value) : PyDateTime_TIME_GET_MINUTE(value);
    int sec = is_datetime ? PyDateTime_DATE_GET_SECOND(value) : PyDateTime_TIME_GET_SECOND(value);
    int us = is_datetime ? PyDateTime_DATE_GET_MICROSECOND(value) : PyDateTime_TIME_GET_MICROSECOND(value);
    return ((int64_t)h * 3600 + m * 60 + sec) * 1000000 + us;
}

static int append_int(spate_builder *builder, int64_t value) {
    return builder ? append_checked(spate_builder_append_int(builder, value)) : 0;
}

/* The entries of a MAP or MULTISET dict. Each key and value is held while it converts (its
 * __str__ may delete it from the dict); a dict whose size changes meanwhile is refused, as Python's
 * own iteration refuses it. */
static int convert_entries(const stype *type, PyObject *dict, spate_builder *entries, const char *where,
                           const path_node *path) {
    spate_builder *keys = entries ? spate_builder_child(entries, 0) : NULL;
    spate_builder *values = entries ? spate_builder_child(entries, 1) : NULL;
    const stype *value_type = type->kind == ST_MAP ? type->fields[1] : NULL;
    stype count_type = {.kind = ST_I32, .not_null = 1};
    Py_ssize_t size = PyDict_GET_SIZE(dict), position = 0;
    PyObject *key, *item;
    while (PyDict_Next(dict, &position, &key, &item)) {
        Py_INCREF(key);
        Py_INCREF(item);
        path_node at = {path, type, 0, key};
        int failed = convert(type->fields[0], key, keys, where, &at, accepts_none(type->fields[0])) < 0
                  || convert(value_type ? value_type : &count_type, item, values, where, &at,
                             value_type ? accepts_none(value_type) : 0) < 0
                  || (entries && append_checked(spate_builder_append_struct(entries)) < 0);
        Py_DECREF(key);
        Py_DECREF(item);
        if (failed) return -1;
        if (PyDict_GET_SIZE(dict) != size) {
            char shown[512] = {0};
            format_path(path, shown, sizeof shown);
            PyErr_Format(PyExc_RuntimeError, "%s: %s%s%sthe dict changed size while it was converted", where,
                         shown[0] ? "field " : "", shown, shown[0] ? ": " : "");
            spate_mark_conversion_error();
            return -1;
        }
    }
    return 0;
}

static int convert_more(const stype *type, PyObject *value, spate_builder *builder, const char *where,
                        const path_node *path) {
    if (load_helpers() < 0) return -1;
    switch (type->kind) {
    case ST_CHAR: {
        if (!PyUnicode_Check(value) || PyUnicode_GET_LENGTH(value) != 1)
            return type_error(PyExc_TypeError, type, value, where, path,
                              PyUnicode_Check(value) ? "a CHAR holds exactly one character; declare Types.STRING() for text" : NULL);
        return append_utf8(type, value, builder, where, path);
    }
    case ST_BYTES: {
        if (!PyBytes_Check(value) && !PyByteArray_Check(value))
            return type_error(PyExc_TypeError, type, value, where, path, NULL);
        if (!builder) return 0;
        if (PyBytes_Check(value))
            return append_checked(spate_builder_append_bytes(builder, PyBytes_AS_STRING(value), PyBytes_GET_SIZE(value)));
        return append_checked(spate_builder_append_bytes(builder, PyByteArray_AS_STRING(value), PyByteArray_GET_SIZE(value)));
    }
    case ST_BIGINT: {
        if (!PyLong_Check(value) || PyBool_Check(value)) return type_error(PyExc_TypeError, type, value, where, path, NULL);
        if (!builder) return 0;
        size_t bits = _PyLong_NumBits(value);
        size_t length = bits / 8 + 1;
        unsigned char stack[64];
        unsigned char *buffer = length <= sizeof stack ? stack : PyMem_Malloc(length);
        if (!buffer) { PyErr_NoMemory(); return -1; }
        int result = _PyLong_AsByteArray((PyLongObject *)value, buffer, length, 1, 1);
        if (result == 0) result = append_checked(spate_builder_append_bytes(builder, buffer, (int64_t)length));
        if (buffer != stack) PyMem_Free(buffer);
        return result;
    }
    case ST_BIGDEC: case ST_DECIMAL: {
        PyObject *decimal;
        if (PyObject_TypeCheck(value, (PyTypeObject *)decimal_class)) {
            decimal = value;
            Py_INCREF(decimal);
        } else if (PyLong_Check(value) && !PyBool_Check(value)) {
            decimal = PyObject_CallOneArg(decimal_class, value);
            if (!decimal) return -1;
        } else {
            return type_error(PyExc_TypeError, type, value, where, path,
                              PyFloat_Check(value) ? "pass decimal.Decimal(str(x)) to keep the digits you mean" : NULL);
        }
        PyObject *finite = PyObject_CallMethod(decimal, "is_finite", NULL);
        int is_finite = finite == Py_True;
        Py_XDECREF(finite);
        if (!is_finite) {
            Py_DECREF(decimal);
            return type_error(PyExc_ValueError, type, value, where, path, "NaN and infinity are not decimals");
        }
        int result = 0;
        if (type->kind == ST_BIGDEC) {
            PyObject *text = PyObject_Str(decimal);
            Py_ssize_t n;
            const char *utf8 = text ? PyUnicode_AsUTF8AndSize(text, &n) : NULL;
            result = !utf8 ? -1 : builder ? append_checked(spate_builder_append_str(builder, utf8, n)) : 0;
            Py_XDECREF(text);
        } else {
            /* Round half up to the declared scale (as Flink), then check the precision. */
            PyObject *integer = decimal_unscaled(decimal, type->scale);
            if (!integer) {
                result = -1;
            } else {
                PyObject *high = decimal_limit(type->precision, 1), *low = decimal_limit(type->precision, -1);
                int over = high && low && (PyObject_RichCompareBool(integer, high, Py_GE) == 1
                                           || PyObject_RichCompareBool(integer, low, Py_LE) == 1);
                if (!high || !low || PyErr_Occurred()) {
                    result = -1;
                } else if (over) {
                    char hint[160];
                    snprintf(hint, sizeof hint, "it has more than %d digits for DECIMAL(%d, %d) after rounding to %d decimal places",
                             type->precision, type->precision, type->scale, type->scale);
                    result = type_error(PyExc_OverflowError, type, value, where, path, hint);
                } else if (builder) {
                    unsigned char bytes[16];
                    result = _PyLong_AsByteArray((PyLongObject *)integer, bytes, 16, 1, 1);
                    uint64_t low;
                    int64_t high;
                    memcpy(&low, bytes, 8);
                    memcpy(&high, bytes + 8, 8);
                    if (result == 0) result = append_checked(spate_builder_append_int128(builder, low, high));
                }
                Py_DECREF(integer);
            }
        }
        Py_DECREF(decimal);
        return result;
    }
    case ST_DATE:
        if (!PyDate_Check(value) || PyDateTime_Check(value))
            return type_error(PyExc_TypeError, type, value, where, path,
                              PyDateTime_Check(value) ? "pass .date() of the datetime, or declare Types.SQL_TIMESTAMP()" : NULL);
        return append_int(builder, days_from_civil(PyDateTime_GET_YEAR(value), PyDateTime_GET_MONTH(value),
                                                   PyDateTime_GET_DAY(value)));
    case ST_TIME:
        if (!PyTime_Check(value)) return type_error(PyExc_TypeError, type, value, where, path, NULL);
        if (((PyDateTime_Time *)value)->hastzinfo && PyDateTime_TIME_GET_TZINFO(value) != Py_None)
            return type_error(PyExc_ValueError, type, value, where, path, "a TIME has no time zone; pass a naive time");
        return append_int(builder, truncate_micros(clock_micros(value, 0), type->precision));
    case ST_TIMESTAMP: case ST_TIMESTAMP_LTZ: {
        if (!PyDateTime_Check(value)) return type_error(PyExc_TypeError, type, value, where, path, NULL);
        PyObject *zone = ((PyDateTime_DateTime *)value)->hastzinfo ? PyDateTime_DATE_GET_TZINFO(value) : Py_None;
        int aware = zone != Py_None;
        if (type->kind == ST_TIMESTAMP && aware)
            return type_error(PyExc_ValueError, type, value, where, path,
                              "a TIMESTAMP has no time zone; pass a naive datetime or declare TIMESTAMP_LTZ");
        if (type->kind == ST_TIMESTAMP_LTZ && !aware)
            return type_error(PyExc_ValueError, type, value, where, path,
                              "a TIMESTAMP_LTZ is an instant; pass a datetime with tzinfo (e.g. timezone.utc)");
        int64_t days = days_from_civil(PyDateTime_GET_YEAR(value), PyDateTime_GET_MONTH(value), PyDateTime_GET_DAY(value));
        int64_t micros = days * 86400000000LL + clock_micros(value, 1);
        if (aware) {
            PyObject *offset = PyObject_CallMethod(value, "utcoffset", NULL);
            if (!offset) return -1;
            if (PyDelta_Check(offset))
                micros -= ((int64_t)PyDateTime_DELTA_GET_DAYS(offset) * 86400 + PyDateTime_DELTA_GET_SECONDS(offset)) * 1000000
                          + PyDateTime_DELTA_GET_MICROSECONDS(offset);
            Py_DECREF(offset);
        }
        int64_t kept = truncate_micros(((micros % 1000000) + 1000000) % 1000000, type->precision);
        micros = micros - ((micros % 1000000) + 1000000) % 1000000 + kept;
        return append_int(builder, micros);
    }
    case ST_INSTANT: {
        if (!PyObject_TypeCheck(value, (PyTypeObject *)instant_class))
            return type_error(PyExc_TypeError, type, value, where, path, "build it with Instant.of_epoch_milli(ms) or Instant(seconds, nanos)");
        PyObject *seconds = PyObject_GetAttrString(value, "seconds");
        PyObject *nanos = PyObject_GetAttrString(value, "nanos");
        int result = -1;
        if (seconds && nanos) {
            int overflow = 0;
            long long s = PyLong_AsLongLongAndOverflow(seconds, &overflow);
            long n = PyLong_AsLong(nanos);
            if (PyErr_Occurred() || overflow) {
                PyErr_Clear();
                result = type_error(PyExc_OverflowError, type, value, where, path, "seconds must fit 64 bits");
            } else if (n < 0 || n > 999999999) {
                result = type_error(PyExc_ValueError, type, value, where, path, "nanos must be 0..999999999");
            } else if (builder) {
                result = append_checked(spate_builder_append_int(spate_builder_child(builder, 0), s));
                if (result == 0) result = append_checked(spate_builder_append_int(spate_builder_child(builder, 1), n));
                if (result == 0) result = append_checked(spate_builder_append_struct(builder));
            } else {
                result = 0;
            }
        }
        Py_XDECREF(seconds);
        Py_XDECREF(nanos);
        return result;
    }
    case ST_INTERVAL_YM: {
        int64_t months;
        stype i32 = {.kind = ST_I32};
        if (!PyLong_Check(value) || PyBool_Check(value)) return type_error(PyExc_TypeError, type, value, where, path, "a number of months");
        if (int_value(&i32, value, where, path, &months) < 0) return -1;
        return append_int(builder, months);
    }
    case ST_INTERVAL_DT: {
        if (!PyDelta_Check(value)) return type_error(PyExc_TypeError, type, value, where, path, NULL);
        int64_t micros;
        int64_t seconds = (int64_t)PyDateTime_DELTA_GET_DAYS(value) * 86400 + PyDateTime_DELTA_GET_SECONDS(value);
        if (__builtin_mul_overflow(seconds, (int64_t)1000000, &micros) ||
            __builtin_add_overflow(micros, (int64_t)PyDateTime_DELTA_GET_MICROSECONDS(value), &micros))
            return type_error(PyExc_OverflowError, type, value, where, path,
                              "it is outside the range of 64-bit microseconds (about 292,000 years)");
        return append_int(builder, micros);
    }
    case ST_LIST: {
        if (!PyList_Check(value) && !PyTuple_Check(value))
            return type_error(PyExc_TypeError, type, value, where, path, NULL);
        /* A tuple copy: an element's conversion runs user code (a Decimal's __str__) that may
         * empty or refill the list; the copy holds every element and its length. */
        PyObject *items = PySequence_Tuple(value);
        if (!items) return -1;
        spate_builder *child = builder ? spate_builder_child(builder, 0) : NULL;
        Py_ssize_t n = PyTuple_GET_SIZE(items);
        for (Py_ssize_t i = 0; i < n; i++) {
            path_node element = {path, type, i, NULL};
            if (convert(type->fields[0], PyTuple_GET_ITEM(items, i), child, where, &element, accepts_none(type->fields[0])) < 0) {
                Py_DECREF(items);
                return -1;
            }
        }
        Py_DECREF(items);
        return builder ? append_checked(spate_builder_append_list(builder)) : 0;
    }
    case ST_MAP: case ST_MULTISET: {
        if (!PyDict_Check(value)) return type_error(PyExc_TypeError, type, value, where, path, NULL);
        spate_builder *entries = builder ? spate_builder_child(builder, 0) : NULL;
        if (convert_entries(type, value, entries, where, path) < 0) return -1;
        return builder ? append_checked(spate_builder_append_list(builder)) : 0;
    }
    case ST_NULL:
        return type_error(PyExc_TypeError, type, value, where, path, "the NULL type holds only None");
    default:
        PyErr_Format(PyExc_SystemError, "%s: unknown type", where);
        return -1;
    }
}

int spate_to_builder(const stype *type, PyObject *value, spate_builder *builder, const char *where, int nullable) {
    if (convert(type, value, builder, where, NULL, nullable) < 0) return -1;
    return spate_record_row_kind(type, value, builder);
}

/* ---- Arrow -> Python ---- */

static inline int is_valid(const struct ArrowArray *array, int64_t row) {
    const uint8_t *validity = array->buffers[0];
    if (!validity) return 1;
    int64_t i = row + array->offset;
    return (validity[i >> 3] >> (i & 7)) & 1;
}

/* A named INSERT Row, built as spate.common.types._row_from_values builds it (the same attributes)
 * without a Python call per row. */
static PyObject *make_row(PyObject *names, PyObject *values) {
    static PyObject *key_values, *key_fields, *key_from_dict, *key_row_kind, *insert;
    if (!insert) {
        key_values = PyUnicode_InternFromString("_values");
        key_fields = PyUnicode_InternFromString("_fields");
        key_from_dict = PyUnicode_InternFromString("_from_dict");
        key_row_kind = PyUnicode_InternFromString("_row_kind");
        PyObject *kinds = spate_import_attr("spate.common.types", "RowKind");
        insert = kinds ? PyObject_GetAttrString(kinds, "INSERT") : NULL;
        Py_XDECREF(kinds);
        if (!insert) return NULL;
    }
    PyTypeObject *row_type = (PyTypeObject *)spate_row_class;
    PyObject *row = row_type->tp_alloc(row_type, 0);
    PyObject *dict = row ? PyObject_GenericGetDict(row, NULL) : NULL;
    PyObject *value_list = dict ? PySequence_List(values) : NULL;
    PyObject *name_list = value_list ? PySequence_List(names) : NULL;
    int failed = !name_list
        || PyDict_SetItem(dict, key_values, value_list) < 0 || PyDict_SetItem(dict, key_fields, name_list) < 0
        || PyDict_SetItem(dict, key_from_dict, Py_False) < 0 || PyDict_SetItem(dict, key_row_kind, insert) < 0;
    Py_XDECREF(dict);
    Py_XDECREF(value_list);
    Py_XDECREF(name_list);
    if (failed) {
        Py_XDECREF(row);
        return NULL;
    }
    return row;
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
    case ST_CHAR: {
        const int64_t *offsets = values;
        const char *data = array->buffers[2];
        return PyUnicode_DecodeUTF8(data + offsets[i], (Py_ssize_t)(offsets[i + 1] - offsets[i]), "surrogatepass");
    }
    case ST_BYTES: case ST_BIGINT: case ST_BIGDEC: {
        const int64_t *offsets = values;
        const char *data = array->buffers[2];
        Py_ssize_t n = (Py_ssize_t)(offsets[i + 1] - offsets[i]);
        if (type->kind == ST_BYTES) return PyBytes_FromStringAndSize(data + offsets[i], n);
        if (type->kind == ST_BIGINT)
            return n ? _PyLong_FromByteArray((const unsigned char *)data + offsets[i], (size_t)n, 1, 1) : PyLong_FromLong(0);
        if (load_helpers() < 0) return NULL;
        PyObject *text = PyUnicode_DecodeUTF8(data + offsets[i], n, NULL);
        PyObject *result = text ? PyObject_CallOneArg(decimal_class, text) : NULL;
        Py_XDECREF(text);
        return result;
    }
    case ST_DECIMAL: {
        if (load_helpers() < 0) return NULL;
        const unsigned char *bytes = (const unsigned char *)values + 16 * i;
        PyObject *integer = _PyLong_FromByteArray(bytes, 16, 1, 1);
        PyObject *text = integer ? PyObject_Str(integer) : NULL;
        Py_XDECREF(integer);
        if (!text) return NULL;
        /* Decimal('123E-2') is exact and keeps the scale: Decimal('1.23'). */
        PyObject *exact = PyUnicode_FromFormat("%UE-%d", text, type->scale);
        Py_DECREF(text);
        PyObject *result = exact ? PyObject_CallOneArg(decimal_class, exact) : NULL;
        Py_XDECREF(exact);
        return result;
    }
    case ST_DATE: {
        if (load_helpers() < 0) return NULL;
        int y, m, d;
        civil_from_days(((const int32_t *)values)[i], &y, &m, &d);
        return PyDate_FromDate(y, m, d);
    }
    case ST_TIME: {
        if (load_helpers() < 0) return NULL;
        int64_t micros = ((const int64_t *)values)[i];
        return PyTime_FromTime((int)(micros / 3600000000LL), (int)(micros / 60000000 % 60), (int)(micros / 1000000 % 60),
                               (int)(micros % 1000000));
    }
    case ST_TIMESTAMP: case ST_TIMESTAMP_LTZ: {
        if (load_helpers() < 0) return NULL;
        int64_t micros = ((const int64_t *)values)[i];
        int64_t days = micros / 86400000000LL, rest = micros % 86400000000LL;
        if (rest < 0) { rest += 86400000000LL; days -= 1; }
        int y, m, d;
        civil_from_days(days, &y, &m, &d);
        PyObject *zone = type->kind == ST_TIMESTAMP_LTZ ? PyDateTime_TimeZone_UTC : Py_None;
        return PyDateTimeAPI->DateTime_FromDateAndTime(y, m, d, (int)(rest / 3600000000LL), (int)(rest / 60000000 % 60),
                                                       (int)(rest / 1000000 % 60), (int)(rest % 1000000), zone,
                                                       PyDateTimeAPI->DateTimeType);
    }
    case ST_INSTANT: {
        if (load_helpers() < 0) return NULL;
        const struct ArrowArray *seconds = array->children[0], *nanos = array->children[1];
        return PyObject_CallFunction(instant_class, "Li", (long long)((const int64_t *)seconds->buffers[1])[i + seconds->offset],
                                     ((const int32_t *)nanos->buffers[1])[i + nanos->offset]);
    }
    case ST_INTERVAL_YM: return PyLong_FromLong(((const int32_t *)values)[i]);
    case ST_INTERVAL_DT: {
        if (load_helpers() < 0) return NULL;
        int64_t micros = ((const int64_t *)values)[i];
        int64_t days = micros / 86400000000LL, rest = micros % 86400000000LL;
        if (rest < 0) { rest += 86400000000LL; days -= 1; }
        return PyDelta_FromDSU((int)days, (int)(rest / 1000000), (int)(rest % 1000000));
    }
    case ST_LIST: case ST_MAP: case ST_MULTISET: {
        const int64_t *offsets = values;
        const struct ArrowArray *child = array->children[0];
        PyObject *result = type->kind == ST_LIST ? PyList_New(0) : PyDict_New();
        if (!result) return NULL;
        for (int64_t element = offsets[i]; element < offsets[i + 1]; element++) {
            if (type->kind == ST_LIST) {
                PyObject *item = spate_from_arrow(type->fields[0], child, element);
                if (!item || PyList_Append(result, item) < 0) { Py_XDECREF(item); Py_DECREF(result); return NULL; }
                Py_DECREF(item);
            } else {
                stype count_type = {.kind = ST_I32};
                PyObject *key = spate_from_arrow(type->fields[0], child->children[0], element + child->offset);
                PyObject *item = key ? spate_from_arrow(type->kind == ST_MAP ? type->fields[1] : &count_type,
                                                        child->children[1], element + child->offset) : NULL;
                if (!item || PyDict_SetItem(result, key, item) < 0) {
                    Py_XDECREF(key);
                    Py_XDECREF(item);
                    Py_DECREF(result);
                    return NULL;
                }
                Py_DECREF(key);
                Py_DECREF(item);
            }
        }
        return result;
    }
    case ST_NULL: Py_RETURN_NONE;
    case ST_TUPLE: case ST_ROW: {
        PyObject *fields = PyTuple_New(type->nfields);
        if (!fields) return NULL;
        int atomic = 1;
        for (int f = 0; f < type->nfields; f++) {
            PyObject *item = spate_from_arrow(type->fields[f], array->children[f], i);
            if (!item) { Py_DECREF(fields); return NULL; }
            PyTuple_SET_ITEM(fields, f, item);
            atomic &= PyUnicode_CheckExact(item) || PyLong_CheckExact(item) || PyFloat_CheckExact(item) || item == Py_None
                      || PyBool_Check(item);
        }
        /* A tuple of strings and numbers cannot be part of a cycle: keep it out of the cyclic
         * collector's lists (it would untrack it at its next pass anyway), so reading millions of
         * results does not make every collection walk them. */
        if (atomic) PyObject_GC_UnTrack(fields);
        if (type->kind == ST_TUPLE) return fields;
        PyObject *result = make_row(type->names, fields);
        Py_DECREF(fields);
        if (result && spate_apply_row_kind(result, array, type->nfields, row) < 0) Py_CLEAR(result);
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
