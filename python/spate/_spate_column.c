/* _spate.Column: Python values converted once into a Spate column (from_collection's data). A graph
 * that uses it shares the column; it can be added to any number of graphs. */
#include "_spate_internal.h"

typedef struct {
    PyObject_HEAD
    spate_builder *builder;
    Py_ssize_t length;
} ColumnObject;

/* Column(type_string, values, label): converts every value, raising the first conversion error
 * with `label` and the element's index. */
static PyObject *column_new(PyTypeObject *cls, PyObject *args, PyObject *kwargs) {
    const char *type_text, *label;
    PyObject *values;
    if (!PyArg_ParseTuple(args, "sOs", &type_text, &values, &label)) return NULL;
    if (spate_load_row_support() < 0) return NULL;
    stype *type = stype_parse_for(type_text, label);
    if (!type) return NULL;
    ColumnObject *self = (ColumnObject *)cls->tp_alloc(cls, 0);
    if (!self || spate_builder_create(type_text, &self->builder) != SPATE_OK) {
        if (self && !PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, spate_last_error());
        stype_free(type);
        Py_XDECREF(self);
        return NULL;
    }
    PyObject *iterator = PyObject_GetIter(values);
    PyObject *item;
    char where[512];
    spate_convert_rows_from_sequences(1);
    while (iterator && (item = PyIter_Next(iterator))) {
        snprintf(where, sizeof where, "%s: element %zd", label, self->length);
        int failed = spate_to_builder(type, item, self->builder, where, 0) < 0;
        Py_DECREF(item);
        if (failed) break;
        self->length++;
    }
    spate_convert_rows_from_sequences(0);
    Py_XDECREF(iterator);
    stype_free(type);
    if (PyErr_Occurred()) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static void column_dealloc(ColumnObject *self) {
    if (self->builder) spate_builder_destroy(self->builder);
    spate_apply_pending_decrefs();
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static Py_ssize_t column_length(ColumnObject *self) { return self->length; }

static PySequenceMethods column_sequence = {.sq_length = (lenfunc)column_length};

PyTypeObject SpateColumnType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "spate._spate.Column",
    .tp_basicsize = sizeof(ColumnObject),
    .tp_dealloc = (destructor)column_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Values converted into a Spate column: Column(type_string, values, label).",
    .tp_new = column_new,
    .tp_as_sequence = &column_sequence,
};

spate_builder *spate_column_builder(PyObject *object) {
    if (!PyObject_TypeCheck(object, &SpateColumnType)) return NULL;
    return ((ColumnObject *)object)->builder;
}
