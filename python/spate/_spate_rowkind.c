/* Row kinds between Spate batches and Python Rows (spate.h, "Row kinds"): a Row's kind
 * (RowKind: 0 +I, 1 -U, 2 +U, 3 -D) travels in the batch's row-kind column, which only batches
 * holding some record other than an insert have. */
#include "_spate_internal.h"

/* spate.common.types.RowKind's members, by value (borrowed from the enum, which lives forever). */
static PyObject *kinds[4];
static PyObject *row_kind_name;

static int load_kinds(void) {
    if (kinds[0]) return 0;
    PyObject *row_kind = spate_import_attr("spate.common.types", "RowKind");
    if (!row_kind) return -1;
    static const char *names[4] = {"INSERT", "UPDATE_BEFORE", "UPDATE_AFTER", "DELETE"};
    PyObject *found[4] = {NULL};
    for (int k = 0; k < 4; k++) {
        found[k] = PyObject_GetAttrString(row_kind, names[k]);
        if (!found[k]) {
            for (int j = 0; j < k; j++) Py_DECREF(found[j]);
            Py_DECREF(row_kind);
            return -1;
        }
    }
    Py_DECREF(row_kind);
    row_kind_name = PyUnicode_InternFromString("_row_kind");
    if (!row_kind_name) {
        for (int k = 0; k < 4; k++) Py_DECREF(found[k]);
        return -1;
    }
    for (int k = 0; k < 4; k++) kinds[k] = found[k];  /* kept: references held for the process's life */
    return 0;
}

int spate_record_row_kind(const stype *type, PyObject *value, spate_builder *builder) {
    if (!builder || type->kind != ST_ROW || !spate_row_class || !PyObject_TypeCheck(value, (PyTypeObject *)spate_row_class))
        return 0;
    if (load_kinds() < 0) return -1;
    PyObject *kind = PyObject_GenericGetAttr(value, row_kind_name);
    if (!kind) return -1;
    int value_of_kind = -1;
    for (int k = 0; k < 4; k++) {
        if (kind == kinds[k]) { value_of_kind = k; break; }
    }
    if (value_of_kind < 0) {
        PyErr_Format(PyExc_TypeError, "a Row's kind must be a RowKind, got %R", kind);
        Py_DECREF(kind);
        return -1;
    }
    Py_DECREF(kind);
    if (value_of_kind == 0) return 0;  /* values given no kind are inserts */
    if (spate_builder_set_row_kind(builder, value_of_kind) != SPATE_OK) {
        PyErr_SetString(PyExc_SystemError, spate_last_error());
        return -1;
    }
    return 0;
}

int spate_apply_row_kind(PyObject *row, const struct ArrowArray *array, int nfields, int64_t index) {
    if (array->n_children <= nfields) return 0;
    const struct ArrowArray *column = array->children[array->n_children - 1];
    uint8_t kind = ((const uint8_t *)column->buffers[1])[index + column->offset];
    if (kind == 0) return 0;
    if (kind > 3) {
        PyErr_Format(PyExc_SystemError, "row kind %d is not one of 0..3", (int)kind);
        return -1;
    }
    if (load_kinds() < 0) return -1;
    return PyObject_GenericSetAttr(row, row_kind_name, kinds[kind]);
}
