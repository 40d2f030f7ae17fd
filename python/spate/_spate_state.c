/* Keyed state and the context of a KeyedProcessFunction. State values live in Swift (one object
 * handle per key slot and state); these objects read and write the current key's handles while a
 * callback runs. The current frame is per thread: each Spate subtask runs on its own. */
#include "_spate_internal.h"

#include <time.h>

static _Thread_local spate_frame *current_frame = NULL;

spate_frame *spate_frame_swap(spate_frame *frame) {
    spate_frame *previous = current_frame;
    current_frame = frame;
    return previous;
}

static spate_frame *frame_or_error(const char *what) {
    if (!current_frame) {
        PyErr_Format(PyExc_RuntimeError, "%s is only available while an element or a timer is processed", what);
        return NULL;
    }
    return current_frame;
}

/* ---------------------------------------------------------------- ValueState */

typedef struct {
    PyObject_HEAD
    int index;      /* which state array (1..16; 0 holds the keys) */
    PyObject *name;
} ValueStateObject;

static uint64_t *state_cell(ValueStateObject *self) {
    spate_frame *frame = frame_or_error("state");
    if (!frame) return NULL;
    if (!frame->keyed) {
        PyErr_Format(PyExc_RuntimeError, "state '%U' is keyed state: there is no current key here "
                     "(a broadcast element or a stream without key_by)", self->name);
        return NULL;
    }
    if (self->index <= 0 || self->index >= frame->n_states || !frame->states[self->index]) {
        PyErr_Format(PyExc_RuntimeError, "state '%U' is not available here", self->name);
        return NULL;
    }
    return &frame->states[self->index][frame->slot];
}

static PyObject *value_state_value(ValueStateObject *self, PyObject *unused) {
    uint64_t *cell = state_cell(self);
    if (!cell) return NULL;
    PyObject *value = (PyObject *)(uintptr_t)*cell;
    if (!value) Py_RETURN_NONE;
    Py_INCREF(value);
    return value;
}

static PyObject *value_state_update(ValueStateObject *self, PyObject *value) {
    uint64_t *cell = state_cell(self);
    if (!cell) return NULL;
    PyObject *old = (PyObject *)(uintptr_t)*cell;
    if (value == Py_None) {
        *cell = 0;
    } else {
        Py_INCREF(value);
        *cell = (uint64_t)(uintptr_t)value;
    }
    Py_XDECREF(old);
    Py_RETURN_NONE;
}

static PyObject *value_state_clear(ValueStateObject *self, PyObject *unused) {
    return value_state_update(self, Py_None);
}

static PyObject *value_state_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    int index;
    PyObject *name;
    if (!PyArg_ParseTuple(args, "iU", &index, &name)) return NULL;
    if (index < 1 || index > 16) {
        PyErr_SetString(PyExc_ValueError, "a function can have at most 16 states");
        return NULL;
    }
    ValueStateObject *self = (ValueStateObject *)type->tp_alloc(type, 0);
    if (!self) return NULL;
    self->index = index;
    self->name = name;
    Py_INCREF(name);
    return (PyObject *)self;
}

static void value_state_dealloc(ValueStateObject *self) {
    Py_XDECREF(self->name);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef value_state_methods[] = {
    {"value", (PyCFunction)value_state_value, METH_NOARGS, "The current key's value, or None."},
    {"update", (PyCFunction)value_state_update, METH_O, "Sets the current key's value."},
    {"clear", (PyCFunction)value_state_clear, METH_NOARGS, "Removes the current key's value."},
    {NULL}};

PyTypeObject SpateValueStateType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "spate._spate.ValueState",
    .tp_basicsize = sizeof(ValueStateObject),
    .tp_dealloc = (destructor)value_state_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Keyed value state: value(), update(v), clear() for the key being processed.",
    .tp_methods = value_state_methods,
    .tp_new = value_state_new,
};

/* ---------------------------------------------------------------- the context (and timer service) */

typedef struct {
    PyObject_HEAD
} ContextObject;

static PyObject *context_timestamp(PyObject *self, PyObject *unused) {
    spate_frame *frame = frame_or_error("ctx.timestamp()");
    if (!frame) return NULL;
    if (frame->timestamp == INT64_MIN) Py_RETURN_NONE;
    return PyLong_FromLongLong(frame->timestamp);
}

static PyObject *context_current_key(PyObject *self, PyObject *unused) {
    spate_frame *frame = frame_or_error("ctx.get_current_key()");
    if (!frame) return NULL;
    PyObject *key = (PyObject *)(uintptr_t)frame->states[0][frame->slot];
    if (!key) Py_RETURN_NONE;
    Py_INCREF(key);
    return key;
}

static PyObject *context_timer_service(PyObject *self, PyObject *unused) {
    Py_INCREF(self);
    return self;
}

static PyObject *context_watermark(PyObject *self, PyObject *unused) {
    spate_frame *frame = frame_or_error("current_watermark()");
    return frame ? PyLong_FromLongLong(frame->watermark) : NULL;
}

PyObject *spate_processing_time(PyObject *self, PyObject *unused) {
    /* The operator's clock while a callback runs; elsewhere wall-clock milliseconds, as Python's
     * time.time_ns() // 10**6. */
    if (current_frame) return PyLong_FromLongLong(spate_output_now(current_frame->output));
    struct timespec now;
    if (clock_gettime(CLOCK_REALTIME, &now) != 0) return PyErr_SetFromErrno(PyExc_OSError);
    return PyLong_FromLongLong((long long)now.tv_sec * 1000 + now.tv_nsec / 1000000);
}

static PyObject *timer_change(PyObject *arg, int register_it, int32_t time_domain) {
    spate_frame *frame = frame_or_error("the timer service");
    if (!frame) return NULL;
    if (!frame->keyed) {
        PyErr_SetString(PyExc_RuntimeError, "Setting timers is only supported on a keyed stream (key_by first)");
        return NULL;
    }
    if (!PyLong_Check(arg) || PyBool_Check(arg)) {
        PyObject *shown = spate_repr(arg);
        if (shown) PyErr_Format(PyExc_TypeError, "a timer's time must be an int of milliseconds, got %U", shown);
        Py_XDECREF(shown);
        return NULL;
    }
    long long timestamp = PyLong_AsLongLong(arg);
    if (timestamp == -1 && PyErr_Occurred()) return NULL;
    if (spate_output_timer(frame->output, frame->slot, timestamp, register_it, time_domain) != SPATE_OK) {
        PyErr_SetString(PyExc_RuntimeError, spate_last_error());
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *context_register_event_timer(PyObject *self, PyObject *arg) { return timer_change(arg, 1, 0); }
static PyObject *context_delete_event_timer(PyObject *self, PyObject *arg) { return timer_change(arg, 0, 0); }
static PyObject *context_register_processing_timer(PyObject *self, PyObject *arg) { return timer_change(arg, 1, 1); }
static PyObject *context_delete_processing_timer(PyObject *self, PyObject *arg) { return timer_change(arg, 0, 1); }

/* on_timer's ctx.time_domain(): spate.datastream.TimeDomain.EVENT_TIME or PROCESSING_TIME. */
static PyObject *context_time_domain(PyObject *self, PyObject *unused) {
    spate_frame *frame = frame_or_error("ctx.time_domain()");
    if (!frame) return NULL;
    if (frame->time_domain < 0) {
        PyErr_SetString(PyExc_RuntimeError, "time_domain() is only available in on_timer");
        return NULL;
    }
    PyObject *domain = spate_import_attr("spate.datastream.time_domain", "TimeDomain");
    PyObject *result = domain ? PyObject_CallFunction(domain, "i", (int)frame->time_domain) : NULL;
    Py_XDECREF(domain);
    return result;
}

static PyMethodDef context_methods[] = {
    {"timestamp", context_timestamp, METH_NOARGS, "The element's event timestamp, or None."},
    {"get_current_key", context_current_key, METH_NOARGS, "The key being processed."},
    {"timer_service", context_timer_service, METH_NOARGS, "The timer service."},
    {"current_watermark", context_watermark, METH_NOARGS, "The operator's event time."},
    {"current_processing_time", spate_processing_time, METH_NOARGS, "Milliseconds since the epoch."},
    {"register_event_time_timer", context_register_event_timer, METH_O, "Calls on_timer when event time reaches t."},
    {"delete_event_time_timer", context_delete_event_timer, METH_O, "Removes a registered event-time timer."},
    {"register_processing_time_timer", context_register_processing_timer, METH_O,
     "Calls on_timer when processing time reaches t."},
    {"delete_processing_time_timer", context_delete_processing_timer, METH_O, "Removes a registered processing-time timer."},
    {"time_domain", context_time_domain, METH_NOARGS, "Whether the firing timer is event or processing time."},
    {NULL}};

PyTypeObject SpateContextType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "spate._spate.KeyedContext",
    .tp_basicsize = sizeof(ContextObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The context of a KeyedProcessFunction call (also its timer service).",
    .tp_methods = context_methods,
    .tp_new = PyType_GenericNew,
};
