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
    PyObject *failures;  /* list of (step name, exception) recorded by UDFs */
    PyObject *types;     /* list: output type string of each node */
    PyObject *side_types; /* dict: (node id, side output name) -> type string */
    int cancel_requested; /* set by cancel() from another thread (under the GIL) */
} GraphObject;

static PyTypeObject GraphType;

static PyObject *graph_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    if (spate_load_row_support() < 0) return NULL;
    GraphObject *self = (GraphObject *)type->tp_alloc(type, 0);
    if (!self) return NULL;
    self->failures = PyList_New(0);
    self->types = PyList_New(0);
    self->side_types = PyDict_New();
    if (!self->failures || !self->types || !self->side_types || spate_graph_create(&self->graph) != SPATE_OK) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static void graph_dealloc(GraphObject *self) {
    if (self->graph) spate_graph_destroy(self->graph);
    spate_apply_pending_decrefs();
    Py_XDECREF(self->failures);
    Py_XDECREF(self->types);
    Py_XDECREF(self->side_types);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *graph_set_option(GraphObject *self, PyObject *args) {
    const char *key, *value;
    if (!PyArg_ParseTuple(args, "ss", &key, &value)) return NULL;
    spate_status status = spate_graph_set_option(self->graph, key, value);
    if (status != SPATE_OK) return raise_spate(status);
    Py_RETURN_NONE;
}

static const char *type_of_node(GraphObject *self, int32_t node) {
    if (node < 0 || node >= PyList_GET_SIZE(self->types)) return NULL;
    return PyUnicode_AsUTF8(PyList_GET_ITEM(self->types, node));
}

/* The type of what input `node` sends: its main output, or side output `side` (NULL: main). */
static const char *type_of_input(GraphObject *self, int32_t node, const char *side) {
    if (!side) return type_of_node(self, node);
    PyObject *key = Py_BuildValue("(is)", node, side);
    PyObject *type = key ? PyDict_GetItemWithError(self->side_types, key) : NULL;
    Py_XDECREF(key);
    return type ? PyUnicode_AsUTF8(type) : NULL;
}

/* The side outputs of one graph_add call: which side output each input reads, and the
 * OutputTags the operator's function may emit to. Holds only borrowed references. */
typedef struct {
    const char *input_sides[64];
    PyObject *outputs;  /* list of (tag id, type string), or NULL when there are none */
    const char *name_ptrs[64], *type_ptrs[64];
    int32_t count;
} side_spec;

static int side_spec_parse(side_spec *spec, PyObject *input_sides, Py_ssize_t n_inputs, PyObject *side_outputs) {
    memset(spec, 0, sizeof *spec);
    if (input_sides && input_sides != Py_None) {
        if (!PyList_Check(input_sides) || PyList_GET_SIZE(input_sides) != n_inputs) {
            PyErr_SetString(PyExc_ValueError, "input_sides must be a list with one entry per input");
            return -1;
        }
        for (Py_ssize_t i = 0; i < n_inputs; i++) {
            PyObject *item = PyList_GET_ITEM(input_sides, i);
            if (item != Py_None && !(spec->input_sides[i] = PyUnicode_AsUTF8(item))) return -1;
        }
    }
    if (!side_outputs || side_outputs == Py_None || (PyList_Check(side_outputs) && PyList_GET_SIZE(side_outputs) == 0))
        return 0;
    if (!PyList_Check(side_outputs) || PyList_GET_SIZE(side_outputs) > 64) goto malformed;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(side_outputs); i++) {
        PyObject *pair = PyList_GET_ITEM(side_outputs, i);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2 || !PyUnicode_Check(PyTuple_GET_ITEM(pair, 0)) ||
            !PyUnicode_Check(PyTuple_GET_ITEM(pair, 1)))
            goto malformed;
        spec->name_ptrs[i] = PyUnicode_AsUTF8(PyTuple_GET_ITEM(pair, 0));
        spec->type_ptrs[i] = PyUnicode_AsUTF8(PyTuple_GET_ITEM(pair, 1));
        if (!spec->name_ptrs[i] || !spec->type_ptrs[i]) return -1;
    }
    spec->outputs = side_outputs;
    spec->count = (int32_t)PyList_GET_SIZE(side_outputs);
    return 0;
malformed:
    PyErr_SetString(PyExc_ValueError, "side_outputs must be a list of (tag id, type string) pairs");
    return -1;
}

/* Records the types of node `id`'s side outputs, for the nodes that will read them. */
static int side_spec_record(GraphObject *self, const side_spec *spec, int32_t id) {
    for (int32_t i = 0; i < spec->count; i++) {
        PyObject *pair = PyList_GET_ITEM(spec->outputs, i);
        PyObject *key = Py_BuildValue("(iO)", id, PyTuple_GET_ITEM(pair, 0));
        int failed = !key || PyDict_SetItem(self->side_types, key, PyTuple_GET_ITEM(pair, 1)) < 0;
        Py_XDECREF(key);
        if (failed) return -1;
    }
    return 0;
}

/* add(kind, name, inputs, ...) -> node id. See spate/datastream/_graph.py for the keywords. */
static PyObject *graph_add(GraphObject *self, PyObject *args, PyObject *kwargs) {
    static char *keywords[] = {"kind", "name", "inputs", "uid", "parallelism", "output_type", "key_type",
                               "argument", "field", "start", "end", "values", "func", "opener", "closer", "label", "partitionings",
                               "input_sides", "side_outputs", "late_side", "trigger", "gap", "buffer_timeout", NULL};
    const char *kind, *name, *uid = NULL, *output_type = NULL, *key_type = NULL, *argument = NULL, *label = NULL;
    const char *late_side = NULL, *trigger = NULL;
    PyObject *inputs = NULL, *values = NULL, *func = NULL, *opener = NULL, *closer = NULL, *partitionings = NULL;
    PyObject *input_sides = NULL, *side_outputs = NULL, *gap = NULL;
    int parallelism = 0, field = -1;
    long long start = 0, end = 0, buffer_timeout = -2;  /* -2: the graph's */
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "ssO|zizzziLLOOOOzOOOzzOL", keywords, &kind, &name, &inputs, &uid,
                                     &parallelism, &output_type, &key_type, &argument, &field, &start, &end,
                                     &values, &func, &opener, &closer, &label, &partitionings, &input_sides,
                                     &side_outputs, &late_side, &trigger, &gap, &buffer_timeout))
        return NULL;
    PyObject *input_list = PySequence_Fast(inputs, "inputs must be a sequence of node ids");
    if (!input_list) return NULL;
    Py_ssize_t n_inputs = PySequence_Fast_GET_SIZE(input_list);
    int32_t input_ids[64];
    if (n_inputs > 64) { Py_DECREF(input_list); PyErr_SetString(PyExc_ValueError, "too many inputs"); return NULL; }
    for (Py_ssize_t i = 0; i < n_inputs; i++) {
        input_ids[i] = (int32_t)PyLong_AsLong(PySequence_Fast_GET_ITEM(input_list, i));
        if (input_ids[i] == -1 && PyErr_Occurred()) { Py_DECREF(input_list); return NULL; }
    }
    Py_DECREF(input_list);
    /* How each input's records travel: names, or None for the default. */
    const char *partitioning_names[64] = {0};
    if (partitionings && partitionings != Py_None) {
        if (!PyList_Check(partitionings) || PyList_GET_SIZE(partitionings) != n_inputs) {
            PyErr_SetString(PyExc_ValueError, "partitionings must be a list with one entry per input");
            return NULL;
        }
        for (Py_ssize_t i = 0; i < n_inputs; i++) {
            PyObject *item = PyList_GET_ITEM(partitionings, i);
            if (item != Py_None && !(partitioning_names[i] = PyUnicode_AsUTF8(item))) return NULL;
        }
    }

    side_spec sides;
    if (side_spec_parse(&sides, input_sides, n_inputs, side_outputs) < 0) return NULL;

    spate_operator_desc desc;
    memset(&desc, 0, sizeof desc);
    desc.input_sides = sides.input_sides;
    desc.side_output_names = sides.name_ptrs;
    desc.side_output_types = sides.type_ptrs;
    desc.n_side_outputs = sides.count;
    desc.late_side = late_side;
    desc.trigger = trigger;
    desc.kind = kind;
    desc.name = name;
    desc.uid = uid;
    desc.output_type = output_type;
    desc.argument = argument;
    desc.parallelism = parallelism;
    desc.field = field;
    desc.has_buffer_timeout = buffer_timeout != -2;
    desc.buffer_timeout_ms = buffer_timeout;
    desc.start = start;
    desc.end = end;
    desc.inputs = input_ids;
    desc.n_inputs = (int32_t)n_inputs;
    desc.input_partitionings = partitioning_names;

    spate_udf udf, udf2;
    int has_udf = 0;  /* how many udfs this call made (released here if the graph does not take them) */
    const char *result_type = output_type;
    if (strcmp(kind, "collection_source") == 0) {
        desc.values = values ? spate_column_builder(values) : NULL;
        if (!desc.values) { PyErr_SetString(PyExc_TypeError, "collection_source needs values=_spate.Column"); return NULL; }
    } else if (strcmp(kind, "co_map") == 0 || strcmp(kind, "co_flat_map") == 0 || strcmp(kind, "co_process") == 0) {
        /* Two functions, one per input: func=(f1, f2), or opener=(o1, o2) with closer=(c1, c2). */
        int processes = strcmp(kind, "co_process") == 0;
        if (processes && !output_type) output_type = "obj";
        PyObject *pair = opener ? opener : func;
        if (!pair || !PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2 || n_inputs != 2 || !output_type ||
            (closer && (!PyTuple_Check(closer) || PyTuple_GET_SIZE(closer) != 2))) {
            PyErr_Format(PyExc_ValueError, "%s needs two inputs, two functions and an output type", kind);
            return NULL;
        }
        step_kind step = processes ? STEP_PROCESS : strcmp(kind, "co_map") == 0 ? STEP_MAP : STEP_FLAT_MAP;
        for (int side = 0; side < 2; side++) {
            stype *input_type = stype_parse(type_of_input(self, input_ids[side], sides.input_sides[side]));
            if (!input_type) {
                if (side == 1) udf.release(udf.context);
                return NULL;
            }
            PyObject *function = opener ? NULL : PyTuple_GET_ITEM(pair, side);
            PyObject *open_side = opener ? PyTuple_GET_ITEM(pair, side) : NULL;
            PyObject *close_side = closer ? PyTuple_GET_ITEM(closer, side) : NULL;
            spate_udf *made_udf = side == 0 ? &udf : &udf2;
            int made = spate_udf_make(made_udf, step, function, open_side, close_side, input_type, output_type,
                                      processes ? "key" : NULL, label ? label : name, self->failures);
            stype_free(input_type);
            if (made == 0 && sides.count && spate_udf_set_sides(made_udf, sides.outputs) < 0) {
                made_udf->release(made_udf->context);
                made = -1;
            }
            if (made < 0) {
                if (side == 1) udf.release(udf.context);
                return NULL;
            }
        }
        has_udf = 2;
        desc.udf = &udf;
        desc.udf2 = &udf2;
        result_type = output_type;
    } else if (func || opener) {
        static const struct { const char *kind; step_kind step; } kinds[] = {
            {"map", STEP_MAP}, {"flat_map", STEP_FLAT_MAP}, {"filter", STEP_FILTER}, {"key_by", STEP_KEY}, {"partition_key", STEP_KEY}, {"reduce", STEP_REDUCE},
            {"window_reduce", STEP_REDUCE}, {"window_process", STEP_WINDOW}, {"keyed_process", STEP_PROCESS}, {"process", STEP_PROCESS},
            {"assign_timestamps", STEP_TIMESTAMP}, {"batch_map", STEP_BATCH}};
        int step = 0;
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
            if (strcmp(kind, kinds[i].kind) == 0) step = kinds[i].step;
        if (!step) { PyErr_Format(PyExc_ValueError, "%s takes no function", kind); return NULL; }
        if (n_inputs != 1) { PyErr_SetString(PyExc_ValueError, "a function operator has one input"); return NULL; }
        const char *input_text = type_of_input(self, input_ids[0], sides.input_sides[0]);
        if (!input_text) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "unknown input node or side output");
            return NULL;
        }
        stype *input_type = stype_parse(input_text);
        if (!input_type) return NULL;
        if (step == STEP_REDUCE && !output_type) output_type = input_text;
        /* An undeclared key travels as canonical bytes in a str column. */
        const char *host_key_type = key_type ? key_type : "key";
        int made = spate_udf_make(&udf, step, func, opener, closer, input_type, output_type, host_key_type,
                                  label ? label : name, self->failures);
        stype_free(input_type);
        if (made < 0) return NULL;
        if (step == STEP_PROCESS && argument && strcmp(argument, "stamped") == 0) spate_udf_stamp_outputs(&udf);
        if (sides.count && spate_udf_set_sides(&udf, sides.outputs) < 0) {
            udf.release(udf.context);
            return NULL;
        }
        has_udf = 1;
        if (gap && gap != Py_None) {
            /* Dynamic session gaps: a second function mapping each element to its gap in ms. */
            stype *gap_input = strcmp(kind, "window_process") == 0 ? stype_parse(input_text) : NULL;
            int gap_made = gap_input ? spate_udf_make(&udf2, STEP_MAP, gap, NULL, NULL, gap_input, "i64", NULL,
                                                      label ? label : name, self->failures) : -1;
            stype_free(gap_input);
            if (gap_made < 0) {
                if (!PyErr_Occurred()) PyErr_Format(PyExc_ValueError, "%s takes no gap function", kind);
                udf.release(udf.context);
                return NULL;
            }
            has_udf = 2;
            desc.udf2 = &udf2;
        }
        desc.udf = &udf;
        desc.output_type = output_type;
        desc.key_type = step == STEP_KEY ? (key_type ? key_type : "str") : NULL;
        result_type = (step == STEP_MAP || step == STEP_FLAT_MAP || step == STEP_REDUCE || step == STEP_WINDOW || step == STEP_PROCESS
                       || step == STEP_BATCH) ? output_type : input_text;
    } else if (n_inputs > 0) {
        /* A projection changes the type without a function; the others keep their input's. */
        result_type = strcmp(kind, "project") == 0 && output_type ? output_type
                    : type_of_input(self, input_ids[0], sides.input_sides[0]);
    } else if (strcmp(kind, "sequence_source") == 0) {
        result_type = "i64";
    }
    PyObject *type_text = PyUnicode_FromString(result_type ? result_type : "obj");
    if (!type_text) {
        if (has_udf) udf.release(udf.context);
        if (has_udf == 2) udf2.release(udf2.context);
        return NULL;
    }
    int32_t id = -1;
    spate_status status = spate_graph_add_operator(self->graph, &desc, &id);
    if (status != SPATE_OK) {
        Py_DECREF(type_text);
        if (has_udf) udf.release(udf.context);
        if (has_udf == 2) udf2.release(udf2.context);
        return raise_spate(status);
    }
    /* The graph copied the udf and owns it now. */
    int recorded = PyList_Append(self->types, type_text);
    Py_DECREF(type_text);
    if (recorded < 0 || side_spec_record(self, &sides, id) < 0) return NULL;
    return PyLong_FromLong(id);
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

/* Raises JobError for a job that ended with `status`; the graph's failures hold UDF exceptions. */
static PyObject *raise_job_error(spate_job *job, spate_status status) {
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
    spate_job *job = NULL;
    spate_signals_watch();
    spate_status status = spate_job_start(self->graph, &job);
    if (status != SPATE_OK) {
        spate_signals_unwatch();
        return raise_spate(status);
    }
    for (;;) {
        Py_BEGIN_ALLOW_THREADS
        status = spate_job_wait(job, 100);
        Py_END_ALLOW_THREADS
        spate_apply_pending_decrefs();
        if (status != SPATE_TIMEOUT) break;
        if (spate_stop_requested()) {
            spate_job_stop(job, (PyObject *)self, 1);
            spate_signals_unwatch();
            return NULL;
        }
        if (self->cancel_requested) {
            self->cancel_requested = 0;
            spate_job_stop(job, (PyObject *)self, 0);
            spate_signals_unwatch();
            return PyLong_FromLong(-1);
        }
    }
    spate_signals_unwatch();
    int64_t runtime = spate_job_runtime_ms(job);
    if (status != SPATE_OK) {
        raise_job_error(job, status);
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
    const char *type_text = type_of_node(self, sink);
    if (!type_text) { PyErr_SetString(PyExc_ValueError, "unknown sink"); return NULL; }
    JobObject *job = PyObject_New(JobObject, &JobType);
    if (!job) return NULL;
    job->job = NULL;
    job->graph = self;
    Py_INCREF(self);
    job->sink = sink;
    job->type = stype_parse(type_text);
    if (!job->type) { Py_DECREF(job); return NULL; }
    PyList_SetSlice(self->failures, 0, PyList_GET_SIZE(self->failures), NULL);
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
        raise_job_error(self->job, status);
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

static PyObject *graph_failures(GraphObject *self, void *closure) {
    Py_INCREF(self->failures);
    return self->failures;
}

static PyMethodDef graph_methods[] = {
    {"set_option", (PyCFunction)graph_set_option, METH_VARARGS, "Sets a graph option."},
    {"add", (PyCFunction)(void (*)(void))graph_add, METH_VARARGS | METH_KEYWORDS, "Adds an operator; returns its id."},
    {"plan_json", (PyCFunction)graph_plan_json, METH_NOARGS, "The execution plan as JSON."},
    {"execute", (PyCFunction)graph_execute, METH_NOARGS, "Runs the job; returns its runtime in ms (-1: cancelled)."},
    {"cancel", (PyCFunction)graph_cancel, METH_NOARGS, "Stops the job execute() runs on another thread."},
    {"start", (PyCFunction)graph_start, METH_VARARGS, "Starts the job and returns a Job reading collect sink N."},
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

static PyObject *module_abi_version(PyObject *self, PyObject *unused) { return PyLong_FromLong(spate_abi_version()); }

static PyMethodDef module_methods[] = {
    {"abi_version", module_abi_version, METH_NOARGS, "The C ABI version of libspate."},
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
