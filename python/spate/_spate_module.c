/* The _spate module: graphs and jobs of the Swift runtime, as Python objects. */
#include "_spate_internal.h"
#include <string.h>

static PyObject *JobError;  /* _spate.JobError(message, operator_id, subtask_index) */

static PyObject *raise_spate(spate_status status) {
    PyErr_SetString(status == SPATE_ERROR ? PyExc_ValueError : PyExc_RuntimeError, spate_last_error());
    return NULL;
}

PyObject *spate_import_attr(const char *module, const char *name) {
    PyObject *imported = PyImport_ImportModule(module);
    if (!imported) return NULL;
    PyObject *attr = PyObject_GetAttrString(imported, name);
    Py_DECREF(imported);
    return attr;
}

int spate_load_row_support(void) {
    if (spate_row_factory) return 0;
    spate_row_class = spate_import_attr("spate.common.types", "Row");
    spate_row_factory = spate_row_class ? spate_import_attr("spate.common.types", "_row_from_values") : NULL;
    if (!spate_row_factory) {
        Py_CLEAR(spate_row_class);
        Py_CLEAR(spate_row_factory);
        return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- Graph */

typedef struct {
    PyObject_HEAD
    spate_graph *graph;
    PyObject *functions; /* list: the plan's functions, (func, opener, closer, label) each */
    PyObject *columns;   /* list: the plan's collection values (_spate.Column), kept for the graph */
    PyObject *failures;  /* list of (step name, exception) recorded by UDFs */
    int cancel_requested; /* set by cancel() from another thread (under the GIL) */
    spate_job *running;   /* the job execute() runs, for metrics(); NULL otherwise (under the GIL) */
} GraphObject;

static PyTypeObject GraphType;

/* The (tag, type string) pairs of the side outputs a function may emit to. */
static PyObject *side_list(const char *const *tags, const char *const *types, int32_t count) {
    PyObject *list = PyList_New(count);
    for (int32_t i = 0; list && i < count; i++) {
        PyObject *pair = Py_BuildValue("(ss)", tags[i], types[i]);
        if (!pair) Py_CLEAR(list);
        else PyList_SET_ITEM(list, i, pair);
    }
    return list;
}

/* spate_binder.bind: function `index` of the plan as a UDF of the types Swift worked out. Runs
 * inside spate_plan_build, so the GIL is held. */
static int32_t graph_bind(void *context, int64_t index, int32_t call, const char *input_type, const char *output_type,
                          const char *key_type, const char *const *side_tags, const char *const *side_types,
                          int32_t n_sides, const char *label, spate_udf *out) {
    GraphObject *self = context;
    if (index < 0 || index >= PyList_GET_SIZE(self->functions) || call < SPATE_CALL_MAP || call > SPATE_CALL_STAMPED_PROCESS) {
        PyErr_Format(PyExc_ValueError, "%s: no function %lld to call as %d", label, (long long)index, call);
        return -1;
    }
    PyObject *entry = PyList_GET_ITEM(self->functions, index);
    PyObject *func, *opener, *closer;
    const char *described;
    if (!PyTuple_Check(entry)) {
        PyErr_Format(PyExc_TypeError, "%s: a plan function is (func, opener, closer, label), got %R", label, entry);
        return -1;
    }
    if (!PyArg_ParseTuple(entry, "OOOs;a plan function is (func, opener, closer, label)", &func, &opener, &closer, &described))
        return -1;
    /* Either the function itself, or an opener that makes one per subtask (with an optional closer). */
    int has_func = func != Py_None, has_opener = opener != Py_None;
    if (has_func == has_opener || (has_func && !PyCallable_Check(func)) || (has_opener && !PyCallable_Check(opener))
        || (closer != Py_None && !PyCallable_Check(closer))) {
        PyErr_Format(PyExc_TypeError, "%s: a plan function needs a callable func or a callable opener (not both), and "
                     "a callable closer or None; got %R", described, entry);
        return -1;
    }
    stype *input = stype_parse(input_type);
    if (!input) return -1;
    step_kind step = call == SPATE_CALL_STAMPED_PROCESS ? STEP_PROCESS : (step_kind)call;
    /* An undeclared key travels as canonical bytes in a str column. */
    int made = spate_udf_make(out, step, func == Py_None ? NULL : func, opener == Py_None ? NULL : opener,
                              closer == Py_None ? NULL : closer, input, output_type, key_type ? key_type : "key",
                              described, self->failures);
    stype_free(input);
    if (made < 0) return -1;
    if (call == SPATE_CALL_STAMPED_PROCESS) spate_udf_stamp_outputs(out);
    if (n_sides > 0) {
        PyObject *sides = side_list(side_tags, side_types, n_sides);
        if (!sides || spate_udf_set_sides(out, sides) < 0) {
            Py_XDECREF(sides);
            out->release(out->context);
            return -1;
        }
        Py_DECREF(sides);
    }
    return 0;
}

/* Graph(plan_json, functions, columns): the plan built into the runtime's graph. `functions`
 * lists (func, opener, closer, label) tuples and `columns` _spate.Column values, both named by
 * number in the plan. Raises ValueError naming the node for a plan Swift refuses. */
static PyObject *graph_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    static char *keywords[] = {"plan", "functions", "columns", NULL};
    const char *plan;
    PyObject *functions, *columns;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "sO!O!", keywords, &plan, &PyList_Type, &functions, &PyList_Type, &columns))
        return NULL;
    if (spate_load_row_support() < 0) return NULL;
    Py_ssize_t n_columns = PyList_GET_SIZE(columns);
    spate_builder **builders = PyMem_Calloc(n_columns ? (size_t)n_columns : 1, sizeof *builders);
    if (!builders) return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n_columns; i++) {
        if (!(builders[i] = spate_column_builder(PyList_GET_ITEM(columns, i)))) {
            PyMem_Free(builders);
            return PyErr_Format(PyExc_TypeError, "columns[%zd] must be a _spate.Column", i);
        }
    }
    GraphObject *self = (GraphObject *)type->tp_alloc(type, 0);
    if (!self) { PyMem_Free(builders); return NULL; }
    self->functions = PyList_GetSlice(functions, 0, PyList_GET_SIZE(functions));
    self->columns = PyList_GetSlice(columns, 0, n_columns);
    self->failures = PyList_New(0);
    if (!self->functions || !self->columns || !self->failures) {
        PyMem_Free(builders);
        Py_DECREF(self);
        return NULL;
    }
    spate_binder binder = {.context = self, .n_functions = PyList_GET_SIZE(self->functions), .bind = graph_bind};
    spate_status status = spate_plan_build(plan, &binder, builders, (int32_t)n_columns, &self->graph);
    PyMem_Free(builders);
    if (status != SPATE_OK) {
        Py_DECREF(self);
        /* A function that could not be bound left its own exception. */
        if (PyErr_Occurred()) return NULL;
        return raise_spate(status);
    }
    return (PyObject *)self;
}

static void graph_dealloc(GraphObject *self) {
    if (self->graph) spate_graph_destroy(self->graph);
    spate_apply_pending_decrefs();
    Py_XDECREF(self->functions);
    Py_XDECREF(self->columns);
    Py_XDECREF(self->failures);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* The type string of node `node`'s output, as Swift inferred it. */
static PyObject *graph_output_type(GraphObject *self, PyObject *args) {
    int node;
    if (!PyArg_ParseTuple(args, "i", &node)) return NULL;
    char *text = NULL;
    spate_status status = spate_graph_output_type(self->graph, node, &text);
    if (status != SPATE_OK) return raise_spate(status);
    PyObject *result = PyUnicode_FromString(text);
    spate_string_free(text);
    return result;
}

/* cancel(): stops the job execute() runs on another thread, within 100 ms. */
static PyObject *graph_cancel(GraphObject *self, PyObject *unused) {
    self->cancel_requested = 1;
    Py_RETURN_NONE;
}

static PyObject *graph_plan_json(GraphObject *self, PyObject *unused) {
    char *json = NULL;
    spate_status status = spate_graph_plan_json(self->graph, &json);
    if (status != SPATE_OK) return raise_spate(status);
    PyObject *result = PyUnicode_FromString(json);
    spate_string_free(json);
    return result;
}

/* Raises JobError for a job that ended with `status`; the graph's failures hold UDF exceptions, and
 * get a print()'s exception when that is what failed (the print sink has no UDF to record it). */
static PyObject *raise_job_error(GraphObject *graph, spate_job *job, spate_status status) {
    PyObject *print_failure = spate_take_print_failure();
    if (print_failure && PyList_GET_SIZE(graph->failures) == 0) {
        PyObject *entry = Py_BuildValue("(sO)", "print", print_failure);
        if (!entry || PyList_Append(graph->failures, entry) < 0) PyErr_Clear();
        Py_XDECREF(entry);
    }
    Py_XDECREF(print_failure);
    int32_t subtask = -1;
    int32_t node = spate_job_failed_operator(job, &subtask);
    PyObject *error = Py_BuildValue("(sii)", spate_last_error(), node, subtask);
    if (error) {
        PyErr_SetObject(status == SPATE_CANCELLED ? PyExc_KeyboardInterrupt : JobError, error);
        Py_DECREF(error);
    }
    return NULL;
}

/* Runs the job to its end, releasing the GIL while it runs and checking for Ctrl-C, SIGTERM (and
 * cancel()) every 100 ms. Returns the runtime in milliseconds, or -1 when cancel() stopped it. */
static PyObject *graph_execute(GraphObject *self, PyObject *unused) {
    PyList_SetSlice(self->failures, 0, PyList_GET_SIZE(self->failures), NULL);
    Py_XDECREF(spate_take_print_failure());  /* one left by a cancelled job */
    spate_job *job = NULL;
    spate_signals_watch();
    spate_status status = spate_job_start(self->graph, &job);
    if (status != SPATE_OK) {
        spate_signals_unwatch();
        return raise_spate(status);
    }
    self->running = job;
    for (;;) {
        Py_BEGIN_ALLOW_THREADS
        status = spate_job_wait(job, 100);
        Py_END_ALLOW_THREADS
        spate_apply_pending_decrefs();
        if (status != SPATE_TIMEOUT) break;
        if (spate_stop_requested()) {
            self->running = NULL;
            spate_job_stop(job, (PyObject *)self, 1);
            spate_signals_unwatch();
            return NULL;
        }
        if (self->cancel_requested) {
            self->cancel_requested = 0;
            self->running = NULL;
            spate_job_stop(job, (PyObject *)self, 0);
            spate_signals_unwatch();
            return PyLong_FromLong(-1);
        }
    }
    spate_signals_unwatch();
    self->running = NULL;
    int64_t runtime = spate_job_runtime_ms(job);
    if (status != SPATE_OK) {
        raise_job_error(self, job, status);
        PyObject *type, *value, *traceback;
        PyErr_Fetch(&type, &value, &traceback);
        spate_job_free(job);
        PyErr_Restore(type, value, traceback);
        return NULL;
    }
    spate_job_free(job);
    return PyLong_FromLongLong(runtime);
}

/* ---------------------------------------------------------------- Job (for execute_and_collect) */

typedef struct {
    PyObject_HEAD
    spate_job *job;
    GraphObject *graph;
    int32_t sink;
    stype *type;
} JobObject;

static PyTypeObject JobType;

static PyObject *graph_start(GraphObject *self, PyObject *args) {
    int sink;
    if (!PyArg_ParseTuple(args, "i", &sink)) return NULL;
    char *type_text = NULL;
    spate_status typed = spate_graph_output_type(self->graph, sink, &type_text);
    if (typed != SPATE_OK) return raise_spate(typed);
    JobObject *job = PyObject_New(JobObject, &JobType);
    if (!job) { spate_string_free(type_text); return NULL; }
    job->job = NULL;
    job->graph = self;
    Py_INCREF(self);
    job->sink = sink;
    job->type = stype_parse(type_text);
    spate_string_free(type_text);
    if (!job->type) { Py_DECREF(job); return NULL; }
    PyList_SetSlice(self->failures, 0, PyList_GET_SIZE(self->failures), NULL);
    Py_XDECREF(spate_take_print_failure());  /* one left by a cancelled job */
    spate_status status = spate_job_start(self->graph, &job->job);
    if (status != SPATE_OK) { Py_DECREF(job); return raise_spate(status); }
    return (PyObject *)job;
}

static void job_dealloc(JobObject *self) {
    if (self->job && _Py_IsFinalizing()) spate_job_free(self->job);
    else if (self->job) spate_job_stop(self->job, (PyObject *)self->graph, 0);
    stype_free(self->type);
    Py_XDECREF(self->graph);
    PyObject_Free(self);
}

/* The next batch as a list, or None at the end. Raises JobError if the job failed. */
static PyObject *job_next_batch(JobObject *self, PyObject *unused) {
    if (!self->job) Py_RETURN_NONE;
    struct ArrowArray batch;
    spate_status status;
    spate_signals_watch();
    for (;;) {
        Py_BEGIN_ALLOW_THREADS
        status = spate_job_collect(self->job, self->sink, 100, &batch);
        Py_END_ALLOW_THREADS
        spate_apply_pending_decrefs();
        if (status != SPATE_TIMEOUT) break;
        if (spate_stop_requested()) {
            spate_job_stop(self->job, (PyObject *)self->graph, 1);
            self->job = NULL;
            spate_signals_unwatch();
            return NULL;
        }
    }
    spate_signals_unwatch();
    if (status == SPATE_OK) {
        PyObject *list = spate_list_from_arrow(self->type, &batch);
        if (batch.release) batch.release(&batch);
        return list;
    }
    if (status == SPATE_END) {
        Py_BEGIN_ALLOW_THREADS
        status = spate_job_wait(self->job, -1);
        Py_END_ALLOW_THREADS
    }
    if (status != SPATE_OK) {
        raise_job_error(self->graph, self->job, status);
        PyObject *type, *value, *traceback;
        PyErr_Fetch(&type, &value, &traceback);
        spate_job_free(self->job);
        self->job = NULL;
        PyErr_Restore(type, value, traceback);
        return NULL;
    }
    spate_job_free(self->job);
    self->job = NULL;
    Py_RETURN_NONE;
}

static PyObject *job_close(JobObject *self, PyObject *unused) {
    if (self->job) {
        spate_job_stop(self->job, (PyObject *)self->graph, 0);  /* an endless job's functions are interrupted */
        self->job = NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef job_methods[] = {
    {"next_batch", (PyCFunction)job_next_batch, METH_NOARGS, "The next batch of results as a list, or None at the end."},
    {"close", (PyCFunction)job_close, METH_NOARGS, "Cancels the job if it still runs and frees it."},
    {NULL}};

static PyTypeObject JobType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "spate._spate.Job",
    .tp_basicsize = sizeof(JobObject),
    .tp_dealloc = (destructor)job_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A running job whose collect sink is read from Python.",
    .tp_methods = job_methods,
};

/* The built-in metrics of the job execute() runs, read through spate_job_metrics:
 * ([(node, subtask, chain head, records in, records out, input watermark, output watermark,
 *    busy ns, idle ns, back-pressured ns), ...], completed checkpoints, failed checkpoints),
 * or None when no job runs. */
static PyObject *graph_metrics(GraphObject *self, PyObject *unused) {
    if (!self->running) Py_RETURN_NONE;
    int32_t capacity = 64, count = 0;
    int64_t completed = 0, failed = 0;
    spate_operator_metrics *rows = NULL;
    for (;;) {
        spate_operator_metrics *grown = PyMem_Realloc(rows, sizeof(spate_operator_metrics) * (size_t)capacity);
        if (!grown) { PyMem_Free(rows); return PyErr_NoMemory(); }
        rows = grown;
        spate_status status = spate_job_metrics(self->running, rows, capacity, &count, &completed, &failed);
        if (status != SPATE_OK) { PyMem_Free(rows); return raise_spate(status); }
        if (count <= capacity) break;
        capacity = count;
    }
    PyObject *list = PyList_New(count);
    for (int32_t i = 0; list && i < count; i++) {
        spate_operator_metrics *m = &rows[i];
        PyObject *row = Py_BuildValue("(iiiLLLLLLL)", m->node, m->subtask, m->chain_head, (long long)m->records_in,
                                      (long long)m->records_out, (long long)m->input_watermark,
                                      (long long)m->output_watermark, (long long)m->busy_ns, (long long)m->idle_ns,
                                      (long long)m->back_pressured_ns);
        if (!row) Py_CLEAR(list);
        else PyList_SET_ITEM(list, i, row);
    }
    PyMem_Free(rows);
    if (!list) return NULL;
    return Py_BuildValue("(NLL)", list, (long long)completed, (long long)failed);
}

static PyObject *graph_failures(GraphObject *self, void *closure) {
    Py_INCREF(self->failures);
    return self->failures;
}

static PyMethodDef graph_methods[] = {
    {"output_type", (PyCFunction)graph_output_type, METH_VARARGS, "The type string of node N's output."},
    {"plan_json", (PyCFunction)graph_plan_json, METH_NOARGS, "The execution plan as JSON."},
    {"execute", (PyCFunction)graph_execute, METH_NOARGS, "Runs the job; returns its runtime in ms (-1: cancelled)."},
    {"cancel", (PyCFunction)graph_cancel, METH_NOARGS, "Stops the job execute() runs on another thread."},
    {"start", (PyCFunction)graph_start, METH_VARARGS, "Starts the job and returns a Job reading collect sink N."},
    {"metrics", (PyCFunction)graph_metrics, METH_NOARGS, "The running job's built-in metrics, or None."},
    {NULL}};

static PyGetSetDef graph_getset[] = {
    {"failures", (getter)graph_failures, NULL, "(step name, exception) pairs recorded by failing UDFs", NULL},
    {NULL}};

static PyTypeObject GraphType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "spate._spate.Graph",
    .tp_basicsize = sizeof(GraphObject),
    .tp_dealloc = (destructor)graph_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "An operator graph of the Swift runtime.",
    .tp_methods = graph_methods,
    .tp_getset = graph_getset,
    .tp_new = graph_new,
};

/* The type at `*next` and its children as (keyword, not_null, nullable, precision, scale,
 * [(field name or None, child), ...]); moves `*next` past its subtree. */
static PyObject *type_tuple(const spate_type_node *nodes, int32_t count, int32_t *next) {
    if (*next >= count) { PyErr_SetString(PyExc_SystemError, "type nodes end early"); return NULL; }
    const spate_type_node *node = &nodes[(*next)++];
    PyObject *children = PyList_New(0);
    for (int32_t i = 0; children && i < node->n_children; i++) {
        const char *name = *next < count ? nodes[*next].name : NULL;
        PyObject *child = type_tuple(nodes, count, next);
        PyObject *pair = child ? Py_BuildValue("(zN)", name, child) : NULL;
        if (!pair || PyList_Append(children, pair) < 0) Py_CLEAR(children);
        Py_XDECREF(pair);
    }
    if (!children) return NULL;
    return Py_BuildValue("(sOOiiN)", node->keyword ? node->keyword : "", node->not_null ? Py_True : Py_False,
                         node->nullable ? Py_True : Py_False, node->precision, node->scale, children);
}

/* parse_type(text) -> the type as nested tuples (see type_tuple), parsed by Spate. */
static PyObject *module_parse_type(PyObject *self, PyObject *args) {
    const char *text;
    if (!PyArg_ParseTuple(args, "s", &text)) return NULL;
    spate_type_node local[32];
    spate_type_node *nodes = local;
    int32_t count = 0;
    spate_status status = spate_type_parse(text, local, 32, &count);
    if (status == SPATE_OK && count > 32) {
        if (!(nodes = PyMem_Calloc((size_t)count, sizeof *nodes))) return PyErr_NoMemory();
        status = spate_type_parse(text, nodes, count, &count);
    }
    PyObject *result = NULL;
    if (status != SPATE_OK) {
        raise_spate(status);
    } else {
        int32_t next = 0;
        result = type_tuple(nodes, count, &next);
    }
    if (nodes != local) PyMem_Free(nodes);
    return result;
}

/* window_starts(timestamp, size, slide, offset) -> starts of the windows holding timestamp, most
 * recent first: Flink's arithmetic, done by Spate. */
static PyObject *module_window_starts(PyObject *self, PyObject *args) {
    long long timestamp, size, slide, offset;
    if (!PyArg_ParseTuple(args, "LLLL", &timestamp, &size, &slide, &offset)) return NULL;
    int64_t local[16];
    int64_t *starts = local;
    int32_t count = 0;
    spate_status status = spate_window_starts(timestamp, size, slide, offset, local, 16, &count);
    if (status == SPATE_OK && count > 16) {
        if (!(starts = PyMem_Calloc((size_t)count, sizeof *starts))) return PyErr_NoMemory();
        status = spate_window_starts(timestamp, size, slide, offset, starts, count, &count);
    }
    PyObject *result = status == SPATE_OK ? PyList_New(count) : raise_spate(status);
    for (int32_t i = 0; result && i < count; i++) {
        PyObject *start = PyLong_FromLongLong(starts[i]);
        if (!start) Py_CLEAR(result);
        else PyList_SET_ITEM(result, i, start);
    }
    if (starts != local) PyMem_Free(starts);
    return result;
}

static PyObject *module_abi_version(PyObject *self, PyObject *unused) { return PyLong_FromLong(spate_abi_version()); }

static PyMethodDef module_methods[] = {
    {"abi_version", module_abi_version, METH_NOARGS, "The C ABI version of libspate."},
    {"parse_type", module_parse_type, METH_VARARGS,
     "parse_type(text): the type as (keyword, not_null, nullable, precision, scale, [(name, child), ...])."},
    {"window_starts", module_window_starts, METH_VARARGS,
     "window_starts(timestamp, size, slide, offset): the starts of the windows holding timestamp, most recent first."},
    {"current_processing_time", spate_processing_time, METH_NOARGS,
     "Processing time in ms: the running operator's clock, or the wall clock outside a callback."},
    {NULL}};

static struct PyModuleDef spate_module = {
    PyModuleDef_HEAD_INIT, "spate._spate", "The Swift runtime of Spate.", -1, module_methods,
};

PyMODINIT_FUNC PyInit__spate(void) {
    if (PyType_Ready(&GraphType) < 0 || PyType_Ready(&JobType) < 0 || PyType_Ready(&SpateColumnType) < 0 ||
        PyType_Ready(&SpateValueStateType) < 0 || PyType_Ready(&SpateContextType) < 0) return NULL;
    if (spate_abi_version() != SPATE_ABI_VERSION) {
        PyErr_Format(PyExc_ImportError, "libspate ABI %d does not match the extension's %d", spate_abi_version(), SPATE_ABI_VERSION);
        return NULL;
    }
    if (spate_host_install() < 0) return NULL;
    PyObject *module = PyModule_Create(&spate_module);
    if (!module) return NULL;
    JobError = PyErr_NewException("spate._spate.JobError", PyExc_RuntimeError, NULL);
    Py_INCREF(&GraphType);
    Py_INCREF(&JobType);
    Py_INCREF(&SpateColumnType);
    Py_INCREF(&SpateValueStateType);
    Py_INCREF(&SpateContextType);
    if (!JobError || PyModule_AddObject(module, "Graph", (PyObject *)&GraphType) < 0 ||
        PyModule_AddObject(module, "Job", (PyObject *)&JobType) < 0 ||
        PyModule_AddObject(module, "Column", (PyObject *)&SpateColumnType) < 0 ||
        PyModule_AddObject(module, "ValueState", (PyObject *)&SpateValueStateType) < 0 ||
        PyModule_AddObject(module, "KeyedContext", (PyObject *)&SpateContextType) < 0 ||
        PyModule_AddObject(module, "JobError", JobError) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    Py_INCREF(JobError);
    return module;
}
