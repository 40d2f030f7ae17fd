/* Type strings as the extension sees them: bool i8 i16 i32 i64 f32 f64 str obj tuple<..> row<n:T,..>. */
#include "_spate_internal.h"
#include <string.h>
#include <stdlib.h>

static stype *parse(const char **cursor, const char *whole, int depth);

static stype *fail(const char *whole, const char *what) {
    PyErr_Format(PyExc_ValueError, "invalid type string '%s': %s", whole, what);
    return NULL;
}

static stype *new_type(stype_kind kind) {
    stype *type = calloc(1, sizeof(stype));
    if (!type) { PyErr_NoMemory(); return NULL; }
    type->kind = kind;
    return type;
}

static int add_field(stype *type, stype *field) {
    stype **grown = realloc(type->fields, sizeof(stype *) * (type->nfields + 1));
    if (!grown) { stype_free(field); PyErr_NoMemory(); return -1; }
    type->fields = grown;
    type->fields[type->nfields++] = field;
    return 0;
}

static size_t identifier_length(const char *text) {
    size_t n = 0;
    while (text[n] && text[n] != '<' && text[n] != '>' && text[n] != ',' && text[n] != ':' && text[n] != '!' && text[n] != '?') n++;
    return n;
}

/* `<n>` or `<n,m>` after a type name. */
static int parse_numbers(const char **cursor, const char *whole, int *first, int *second) {
    if (**cursor != '<') { fail(whole, "expected '<'"); return -1; }
    char *end;
    long a = strtol(*cursor + 1, &end, 10);
    if (end == *cursor + 1) { fail(whole, "expected a number"); return -1; }
    *cursor = end;
    *first = (int)a;
    if (second) {
        if (**cursor != ',') { fail(whole, "expected ','"); return -1; }
        long b = strtol(*cursor + 1, &end, 10);
        if (end == *cursor + 1) { fail(whole, "expected a number"); return -1; }
        *cursor = end;
        *second = (int)b;
    }
    if (**cursor != '>') { fail(whole, "expected '>'"); return -1; }
    (*cursor)++;
    return 0;
}

static stype *parse_fields(const char **cursor, const char *whole, stype *type, int named, int depth) {
    if (**cursor != '<') { stype_free(type); return fail(whole, "expected '<'"); }
    (*cursor)++;
    PyObject *names = named ? PyList_New(0) : NULL;
    if (named && !names) { stype_free(type); return NULL; }
    if (**cursor == '>') { (*cursor)++; goto done; }
    for (;;) {
        if (named) {
            size_t n = identifier_length(*cursor);
            PyObject *name = PyUnicode_FromStringAndSize(*cursor, (Py_ssize_t)n);
            if (!name || PyList_Append(names, name) < 0) { Py_XDECREF(name); goto error; }
            Py_DECREF(name);
            *cursor += n;
            if (**cursor != ':') { fail(whole, "expected ':'"); goto error; }
            (*cursor)++;
        }
        stype *field = parse(cursor, whole, depth + 1);
        if (!field || add_field(type, field) < 0) goto error;
        if (**cursor == ',') { (*cursor)++; continue; }
        if (**cursor == '>') { (*cursor)++; break; }
        fail(whole, "expected ',' or '>'");
        goto error;
    }
done:
    if (named) {
        type->names = PyList_AsTuple(names);
        Py_DECREF(names);
        if (!type->names) { stype_free(type); return NULL; }
    }
    return type;
error:
    Py_XDECREF(names);
    stype_free(type);
    return NULL;
}

static stype *parse_base(const char **cursor, const char *whole, int depth) {
    static const struct { const char *name; stype_kind kind; } simple[] = {
        {"bool", ST_BOOL}, {"i8", ST_I8}, {"i16", ST_I16}, {"i32", ST_I32}, {"i64", ST_I64},
        {"f32", ST_F32}, {"f64", ST_F64}, {"str", ST_STR}, {"obj", ST_OBJ}, {"key", ST_KEY},
        {"char", ST_CHAR}, {"bytes", ST_BYTES}, {"bigint", ST_BIGINT}, {"bigdec", ST_BIGDEC},
        {"date", ST_DATE}, {"instant", ST_INSTANT}, {"interval_ym", ST_INTERVAL_YM},
        {"interval_dt", ST_INTERVAL_DT}, {"null", ST_NULL},
    };
    static const struct { const char *name; stype_kind kind; int nested; } generic[] = {
        {"tuple", ST_TUPLE, -1}, {"row", ST_ROW, -1}, {"list", ST_LIST, 1}, {"multiset", ST_MULTISET, 1},
        {"map", ST_MAP, 2}, {"decimal", ST_DECIMAL, 0}, {"time", ST_TIME, 0}, {"timestamp", ST_TIMESTAMP, 0},
        {"timestamp_ltz", ST_TIMESTAMP_LTZ, 0},
    };
    size_t n = identifier_length(*cursor);
    for (size_t i = 0; i < sizeof(simple) / sizeof(simple[0]); i++) {
        if (strlen(simple[i].name) == n && strncmp(*cursor, simple[i].name, n) == 0) {
            *cursor += n;
            return new_type(simple[i].kind);
        }
    }
    for (size_t i = 0; i < sizeof(generic) / sizeof(generic[0]); i++) {
        if (strlen(generic[i].name) != n || strncmp(*cursor, generic[i].name, n) != 0) continue;
        *cursor += n;
        stype *type = new_type(generic[i].kind);
        if (!type) return NULL;
        if (generic[i].nested < 0) return parse_fields(cursor, whole, type, generic[i].kind == ST_ROW, depth);
        if (generic[i].nested == 0) {
            int ok = generic[i].kind == ST_DECIMAL
                ? parse_numbers(cursor, whole, &type->precision, &type->scale)
                : parse_numbers(cursor, whole, &type->precision, NULL);
            if (ok < 0) { stype_free(type); return NULL; }
            return type;
        }
        /* list<T>, multiset<T>, map<K,V>: children as unnamed fields */
        type = parse_fields(cursor, whole, type, 0, depth);
        if (type && type->nfields != generic[i].nested) {
            stype_free(type);
            return fail(whole, "wrong number of element types");
        }
        return type;
    }
    return fail(whole, "unknown type");
}

static stype *parse(const char **cursor, const char *whole, int depth) {
    /* Conversion recurses once per level of a type (values are only as deep as their type, except
     * `obj`, which is never walked): bounding the type bounds the C stack. */
    if (depth > SPATE_MAX_TYPE_DEPTH) {
        PyErr_Format(PyExc_ValueError, "a type nested more than %d levels deep (rows, tuples, lists or maps "
                     "inside one another) is not supported", SPATE_MAX_TYPE_DEPTH);
        return NULL;
    }
    stype *type = parse_base(cursor, whole, depth);
    if (type && **cursor == '!') {
        (*cursor)++;
        type->not_null = 1;
    } else if (type && **cursor == '?') {
        (*cursor)++;
        type->nullable = 1;
    }
    return type;
}

stype *stype_parse(const char *text) {
    const char *cursor = text;
    stype *type = parse(&cursor, text, 0);
    if (!type) return NULL;
    if (*cursor) { stype_free(type); return fail(text, "unexpected text after the type"); }
    type->text = strdup(text);
    return type;
}

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
    Py_XDECREF(type->names);
    free(type);
}

const char *stype_flink_name(const stype *type) {
    switch (type->kind) {
    case ST_BOOL: return "BOOLEAN";
    case ST_I8: return "BYTE";
    case ST_I16: return "SHORT";
    case ST_I32: return "INT";
    case ST_I64: return "LONG";
    case ST_F32: return "FLOAT";
    case ST_F64: return "DOUBLE";
    case ST_STR: return "STRING";
    case ST_OBJ: return "PICKLED_BYTE_ARRAY";
    case ST_TUPLE: return "TUPLE";
    case ST_ROW: return "ROW";
    case ST_KEY: return "key";
    case ST_CHAR: return "CHAR";
    case ST_BYTES: return "PRIMITIVE_ARRAY(Types.BYTE())";
    case ST_BIGINT: return "BIG_INT";
    case ST_BIGDEC: return "BIG_DEC";
    case ST_DECIMAL: return "DECIMAL";
    case ST_DATE: return "SQL_DATE";
    case ST_TIME: return "SQL_TIME";
    case ST_TIMESTAMP: return "SQL_TIMESTAMP";
    case ST_TIMESTAMP_LTZ: return "TIMESTAMP_LTZ";
    case ST_INSTANT: return "INSTANT";
    case ST_INTERVAL_YM: return "INTERVAL YEAR TO MONTH";
    case ST_INTERVAL_DT: return "INTERVAL DAY TO SECOND";
    case ST_LIST: return "LIST";
    case ST_MAP: return "MAP";
    case ST_MULTISET: return "MULTISET";
    case ST_NULL: return "NULL";
    }
    return "?";
}

int stype_is_lossless(const stype *type) {
    if (type->kind == ST_F32) return 0;
    for (int i = 0; i < type->nfields; i++)
        if (!stype_is_lossless(type->fields[i])) return 0;
    return 1;
}
