/* Type strings as the extension sees them: bool i8 i16 i32 i64 f32 f64 str obj tuple<..> row<n:T,..>. */
#include "_spate_internal.h"
#include <string.h>
#include <stdlib.h>

static stype *parse(const char **cursor, const char *whole);

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
    while (text[n] && text[n] != '<' && text[n] != '>' && text[n] != ',' && text[n] != ':') n++;
    return n;
}

static stype *parse_fields(const char **cursor, const char *whole, stype *type, int named) {
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
        stype *field = parse(cursor, whole);
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

static stype *parse(const char **cursor, const char *whole) {
    static const struct { const char *name; stype_kind kind; } simple[] = {
        {"bool", ST_BOOL}, {"i8", ST_I8}, {"i16", ST_I16}, {"i32", ST_I32}, {"i64", ST_I64},
        {"f32", ST_F32}, {"f64", ST_F64}, {"str", ST_STR}, {"obj", ST_OBJ}, {"key", ST_KEY},
    };
    size_t n = identifier_length(*cursor);
    for (size_t i = 0; i < sizeof(simple) / sizeof(simple[0]); i++) {
        if (strlen(simple[i].name) == n && strncmp(*cursor, simple[i].name, n) == 0) {
            *cursor += n;
            return new_type(simple[i].kind);
        }
    }
    if (n == 5 && strncmp(*cursor, "tuple", 5) == 0) {
        *cursor += 5;
        stype *type = new_type(ST_TUPLE);
        return type ? parse_fields(cursor, whole, type, 0) : NULL;
    }
    if (n == 3 && strncmp(*cursor, "row", 3) == 0) {
        *cursor += 3;
        stype *type = new_type(ST_ROW);
        return type ? parse_fields(cursor, whole, type, 1) : NULL;
    }
    return fail(whole, "unknown type");
}

stype *stype_parse(const char *text) {
    const char *cursor = text;
    stype *type = parse(&cursor, text);
    if (!type) return NULL;
    if (*cursor) { stype_free(type); return fail(text, "unexpected text after the type"); }
    type->text = strdup(text);
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
    }
    return "?";
}

int stype_is_lossless(const stype *type) {
    if (type->kind == ST_F32) return 0;
    for (int i = 0; i < type->nfields; i++)
        if (!stype_is_lossless(type->fields[i])) return 0;
    return 1;
}
