/* Python UDFs as spate_udf callbacks: one GIL acquisition per batch, vectorcall per record, results
 * converted straight into Spate's builders. Fused UDFs run several steps per record without
 * converting between them. */
#include "_spate_internal.h"
#include <stdlib.h>
#include <string.h>

typedef struct {
    step_kind kind;
    PyObject *func;        /* the callable when there is no opener */
    PyObject *opener;      /* opener(subtask, parallelism) -> callable, or NULL */
    PyObject *closer;      /* closer(subtask), or NULL */
    stype *out;            /* MAP/FLAT_MAP/REDUCE: output type; KEY: key type */
    char *name;            /* for error messages: the operator and its function */
    PyObject **callables;  /* per subtask, after open */
    int ncallables;
} step;

typedef struct {
    int nsteps;
    step *steps;
    stype *input;
    PyObject *failures;    /* list of (name, exception) */
    int values_step;       /* last step producing values, or -1 */
    PyObject *side_names;  /* tuple of OutputTag ids, or NULL */
    stype **side_types;
    int n_sides;
    int emits_tags;        /* whether outputs may be `(OutputTag, value)` pairs (process functions) */
    int stamps_outputs;    /* process functions yielding `(timestamp, output)`: see spate_udf_stamp_outputs */
} udf_ctx;

static void record_failure(udf_ctx *ctx, const step *failed) {
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    PyErr_NormalizeException(&type, &value, &traceback);
    if (value && traceback) PyException_SetTraceback(value, traceback);
    PyObject *entry = Py_BuildValue("(sO)", failed ? failed->name : "?", value ? value : Py_None);
    if (entry) {
        PyList_Append(ctx->failures, entry);
        Py_DECREF(entry);
    }
    PyErr_Clear();
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(traceback);
}

static PyObject *callable_for(step *s, int32_t subtask) {
    if (s->callables && subtask < s->ncallables && s->callables[subtask]) return s->callables[subtask];
    return s->func;
}

/* ---- open / close ---- */

static int32_t udf_open(void *context, int32_t subtask, int32_t parallelism) {
    udf_ctx *ctx = context;
    PyGILState_STATE gil;
    if (!spate_attach(&gil)) return 1;
    int32_t result = 0;
    for (int i = 0; i < ctx->nsteps; i++) {
        step *s = &ctx->steps[i];
        if (!s->opener) continue;
        if (!s->callables) {
            s->callables = calloc((size_t)parallelism, sizeof(PyObject *));
            if (!s->callables) { PyErr_NoMemory(); record_failure(ctx, s); result = 1; break; }
            s->ncallables = parallelism;
        }
        PyObject *made = PyObject_CallFunction(s->opener, "ii", subtask, parallelism);
        if (!made) { record_failure(ctx, s); result = 1; break; }
        if (subtask < s->ncallables) {
            Py_XSETREF(s->callables[subtask], made);
        } else {
            Py_DECREF(made);
        }
    }
    spate_detach(gil);
    return result;
}

/* Closes every step (a close() that raises is recorded and fails the job, as in Flink); 1 if one failed. */
static int32_t udf_close(void *context, int32_t subtask) {
    udf_ctx *ctx = context;
    PyGILState_STATE gil;
    if (!spate_attach(&gil)) return 0;
    int32_t result = 0;
    for (int i = 0; i < ctx->nsteps; i++) {
        step *s = &ctx->steps[i];
        if (s->closer) {
            PyObject *r = PyObject_CallFunction(s->closer, "i", subtask);
            if (!r) {
                record_failure(ctx, s);
                result = 1;
            }
            Py_XDECREF(r);
        }
        if (s->callables && subtask < s->ncallables) Py_CLEAR(s->callables[subtask]);
    }
    spate_detach(gil);
    return result;
}

/* ---- processing ---- */

/* Output rows (and numeric values) are staged in C arrays and handed to Spate once per batch. */
typedef enum { STAGE_NONE, STAGE_INTS, STAGE_FLOATS } stage_kind;

typedef struct {
    udf_ctx *ctx;
    int32_t subtask;
    spate_output *output;
    spate_builder *values;
    spate_builder *keys;
    const step *failed;
    stage_kind stage;
    int64_t count, capacity;
    int64_t *parents;
    spate_builder *timestamps;  /* STEP_TIMESTAMP, stamped outputs: one per output row, staged in `stamps` */
    int64_t *stamps;
    int64_t stamp;              /* stamped outputs: the timestamp of the next output row */
    int64_t *ints;
    double *floats;
} run_state;

static int stage_grow(run_state *rs) {
    int64_t capacity = rs->capacity ? rs->capacity * 2 : 1024;
    int64_t *parents = realloc(rs->parents, sizeof(int64_t) * capacity);
    if (parents) rs->parents = parents;
    if (parents && rs->timestamps) {
        int64_t *stamps = realloc(rs->stamps, sizeof(int64_t) * capacity);
        if (!stamps) { PyErr_NoMemory(); return -1; }
        rs->stamps = stamps;
    }
    void *values = NULL;
    if (parents && rs->stage == STAGE_INTS) values = rs->ints = realloc(rs->ints, sizeof(int64_t) * capacity);
    else if (parents && rs->stage == STAGE_FLOATS) values = rs->floats = realloc(rs->floats, sizeof(double) * capacity);
    if (!parents || (rs->stage != STAGE_NONE && !values)) { PyErr_NoMemory(); return -1; }
    rs->capacity = capacity;
    return 0;
}

static int stage_flush(run_state *rs) {
    spate_status status = SPATE_OK;
    if (rs->stage == STAGE_INTS) status = spate_builder_append_ints(rs->values, rs->ints, rs->count);
    else if (rs->stage == STAGE_FLOATS) status = spate_builder_append_floats(rs->values, rs->floats, rs->count);
    if (status == SPATE_OK && rs->timestamps) status = spate_builder_append_ints(rs->timestamps, rs->stamps, rs->count);
    if (status == SPATE_OK) status = spate_output_rows(rs->output, rs->parents, rs->count);
    if (status != SPATE_OK) {
        PyErr_SetString(PyExc_RuntimeError, spate_last_error());
        return -1;
    }
    return 0;
}

static void stage_free(run_state *rs) {
    free(rs->stamps);
    free(rs->parents);
    free(rs->ints);
    free(rs->floats);
}

static stage_kind stage_for(const udf_ctx *ctx, spate_builder *values) {
    if (!values || ctx->values_step < 0) return STAGE_NONE;
    /* Staged numbers cannot be None: a type that accepts None goes through the builder. */
    if (ctx->steps[ctx->values_step].out->nullable) return STAGE_NONE;
    switch (ctx->steps[ctx->values_step].out->kind) {
    case ST_I8: case ST_I16: case ST_I32: case ST_I64: return STAGE_INTS;
    case ST_F32: case ST_F64: return STAGE_FLOATS;
    default: return STAGE_NONE;
    }
}

static int run(run_state *rs, int k, PyObject *value, int64_t parent);

/* extract_timestamp(value, record_timestamp): records carry no timestamp before this, so the
 * second argument is Long.MIN_VALUE, as in PyFlink. The result must be a non-negative int. */
static int assign_timestamp(run_state *rs, step *s, PyObject *f, PyObject *value, int64_t parent) {
    static PyObject *no_timestamp = NULL;
    if (!no_timestamp && !(no_timestamp = PyLong_FromLongLong(INT64_MIN))) return -1;
    PyObject *args[2] = {value, no_timestamp};
    PyObject *result = PyObject_Vectorcall(f, args, 2, NULL);
    if (!result) { rs->failed = s; return -1; }
    int overflow = 0;
    long long stamp = PyLong_Check(result) && !PyBool_Check(result) ? PyLong_AsLongLongAndOverflow(result, &overflow) : -1;
    if (!PyLong_Check(result) || PyBool_Check(result) || overflow || stamp < 0) {
        PyObject *shown = spate_repr(result), *element = spate_repr(value);
        if (shown && element)
            PyErr_Format(PyExc_TypeError, "%s: extract_timestamp must return a non-negative int of milliseconds, "
                         "got %U of type %s for %U", s->name, shown, Py_TYPE(result)->tp_name, element);
        Py_XDECREF(shown);
        Py_XDECREF(element);
        Py_DECREF(result);
        spate_mark_conversion_error();
        rs->failed = s;
        return -1;
    }
    Py_DECREF(result);
    if (rs->count == rs->capacity && stage_grow(rs) < 0) return -1;
    rs->stamps[rs->count] = stamp;
    rs->parents[rs->count++] = parent;
    return 0;
}

/* `(OutputTag, value)` sent to a side output: 1 if handled, 0 if `value` is not such a pair,
 * -1 on error. Tags nobody reads are dropped, as in Flink. */
static int emit_side(run_state *rs, PyObject *value, int64_t parent) {
    udf_ctx *ctx = rs->ctx;
    static PyObject *tag_class = NULL;  /* spate.datastream.OutputTag, kept for the process's life */
    if (!ctx->emits_tags || !PyTuple_CheckExact(value) || PyTuple_GET_SIZE(value) != 2) return 0;
    if (!tag_class) {
        tag_class = spate_import_attr("spate.datastream.output_tag", "OutputTag");
        if (!tag_class) return -1;
    }
    PyObject *tag = PyTuple_GET_ITEM(value, 0);
    if (!PyObject_TypeCheck(tag, (PyTypeObject *)tag_class)) return 0;
    PyObject *tag_id = PyObject_GetAttrString(tag, "tag_id");
    if (!tag_id) return -1;
    int index = -1;
    for (int i = 0; i < ctx->n_sides && index < 0; i++) {
        int same = PyObject_RichCompareBool(tag_id, PyTuple_GET_ITEM(ctx->side_names, i), Py_EQ);
        if (same < 0) { Py_DECREF(tag_id); return -1; }
        if (same) index = i;
    }
    Py_DECREF(tag_id);
    if (index < 0) return 1;  /* nobody reads this tag */
    spate_builder *builder = spate_output_side(rs->output, index);
    char where[600];
    snprintf(where, sizeof where, "%s: side output", ctx->steps[ctx->values_step >= 0 ? ctx->values_step : 0].name);
    if (spate_to_builder(ctx->side_types[index], PyTuple_GET_ITEM(value, 1), builder, where, 0) < 0) return -1;
    if (spate_output_side_row(rs->output, index, parent) != SPATE_OK) {
        PyErr_SetString(PyExc_RuntimeError, spate_last_error());
        return -1;
    }
    return 1;
}

static int emit(run_state *rs, PyObject *value, int64_t parent) {
    udf_ctx *ctx = rs->ctx;
    int side = emit_side(rs, value, parent);
    if (side != 0) return side < 0 ? -1 : 0;
    if (rs->count == rs->capacity && stage_grow(rs) < 0) return -1;
    if (rs->timestamps) rs->stamps[rs->count] = rs->stamp;
    if (rs->values) {
        const step *producer = &ctx->steps[ctx->values_step];
        int failed = rs->stage == STAGE_INTS ? spate_to_int64(producer->out, value, producer->name, &rs->ints[rs->count])
                   : rs->stage == STAGE_FLOATS ? spate_to_double(producer->out, value, producer->name, &rs->floats[rs->count])
                   : spate_to_builder(producer->out, value, rs->values, producer->name, 0);
        if (failed < 0) {
            rs->failed = producer;
            return -1;
        }
    }
    rs->parents[rs->count++] = parent;
    return 0;
}

static int run(run_state *rs, int k, PyObject *value, int64_t parent) {
    udf_ctx *ctx = rs->ctx;
    if (k == ctx->nsteps) return emit(rs, value, parent);
    step *s = &ctx->steps[k];
    PyObject *f = callable_for(s, rs->subtask);
    if (s->kind == STEP_TIMESTAMP) return assign_timestamp(rs, s, f, value, parent);
    PyObject *args[1] = {value};
    PyObject *result = PyObject_Vectorcall(f, args, 1, NULL);
    if (!result) { rs->failed = s; return -1; }
    int status = 0;
    switch (s->kind) {
    case STEP_MAP:
        /* An intermediate result is checked against its declared type but not converted. */
        if (k != ctx->values_step && spate_to_builder(s->out, result, NULL, s->name, 0) < 0) {
            rs->failed = s;
            status = -1;
        } else {
            status = run(rs, k + 1, result, parent);
        }
        break;
    case STEP_FILTER: {
        int keep = PyObject_IsTrue(result);
        if (keep < 0) { rs->failed = s; status = -1; }
        else if (keep) status = run(rs, k + 1, value, parent);
        break;
    }
    case STEP_FLAT_MAP: {
        if (result == Py_None) break;
        PyObject *iterator = PyObject_GetIter(result);
        if (!iterator) {
            PyErr_Format(PyExc_TypeError, "%s: flat_map must return an iterable (a list or a generator), got %s",
                         s->name, Py_TYPE(result)->tp_name);
            rs->failed = s;
            status = -1;
            break;
        }
        PyObject *item;
        while ((item = PyIter_Next(iterator))) {
            if (k != ctx->values_step && spate_to_builder(s->out, item, NULL, s->name, 0) < 0) {
                rs->failed = s;
                status = -1;
            } else {
                status = run(rs, k + 1, item, parent);
            }
            Py_DECREF(item);
            if (status < 0) break;
        }
        Py_DECREF(iterator);
        if (status == 0 && PyErr_Occurred()) { rs->failed = s; status = -1; }
        break;
    }
    case STEP_KEY:
        if (spate_to_builder(s->out, result, rs->keys, s->name, s->out->kind == ST_STR) < 0) {
            rs->failed = s;
            status = -1;
        } else {
            status = run(rs, k + 1, value, parent);
        }
        break;
    case STEP_REDUCE:
        PyErr_SetString(PyExc_SystemError, "reduce runs through process_keyed");
        status = -1;
        break;
    }
    Py_DECREF(result);
    return status;
}

/* STEP_BATCH: one call with the batch's values as a list; the function returns `(row, outputs)`
 * pairs, in the order the outputs should go (async I/O: input order, or as completed). */
static int run_batch(run_state *rs, const struct ArrowArray *input) {
    udf_ctx *ctx = rs->ctx;
    step *s = &ctx->steps[0];
    PyObject *values = PyList_New((Py_ssize_t)input->length);
    for (int64_t row = 0; values && row < input->length; row++) {
        PyObject *value = spate_from_arrow(ctx->input, input, row);
        if (!value) { Py_CLEAR(values); break; }
        PyList_SET_ITEM(values, (Py_ssize_t)row, value);
    }
    PyObject *args[1] = {values};
    PyObject *pairs = values ? PyObject_Vectorcall(callable_for(s, rs->subtask), args, 1, NULL) : NULL;
    Py_XDECREF(values);
    PyObject *iterator = pairs ? PyObject_GetIter(pairs) : NULL;
    Py_XDECREF(pairs);
    if (!iterator) return -1;
    PyObject *pair;
    int status = 0;
    while (status == 0 && (pair = PyIter_Next(iterator))) {
        long long row = -1;
        PyObject *outputs = NULL;
        if (PyTuple_CheckExact(pair) && PyTuple_GET_SIZE(pair) == 2) {
            row = PyLong_AsLongLong(PyTuple_GET_ITEM(pair, 0));
            outputs = PyObject_GetIter(PyTuple_GET_ITEM(pair, 1));
        }
        if (!outputs || row < 0 || row >= input->length) {
            if (!PyErr_Occurred())
                PyErr_Format(PyExc_SystemError, "%s: expected (row, outputs) pairs, got %R", s->name, pair);
            status = -1;
        }
        PyObject *item;
        while (status == 0 && (item = PyIter_Next(outputs))) {
            status = emit(rs, item, row);
            Py_DECREF(item);
        }
        if (status == 0 && PyErr_Occurred()) status = -1;
        Py_XDECREF(outputs);
        Py_DECREF(pair);
    }
    if (status == 0 && PyErr_Occurred()) status = -1;
    Py_DECREF(iterator);
    return status;
}

static int32_t udf_process(void *context, int32_t subtask, const struct ArrowArray *input, spate_output *output) {
    udf_ctx *ctx = context;
    PyGILState_STATE gil;
    if (!spate_attach(&gil)) return 1;
    run_state rs = {ctx, subtask, output, spate_output_values(output), spate_output_keys(output), NULL};
    rs.stage = stage_for(ctx, rs.values);
    rs.timestamps = spate_output_timestamps(output);
    int32_t result = 0;
    if (ctx->steps[0].kind == STEP_BATCH && run_batch(&rs, input) < 0) {
        record_failure(ctx, rs.failed ? rs.failed : &ctx->steps[0]);
        result = 1;
    }
    for (int64_t row = 0; ctx->steps[0].kind != STEP_BATCH && row < input->length; row++) {
        PyObject *value = spate_from_arrow(ctx->input, input, row);
        if (!value || run(&rs, 0, value, row) < 0) {
            Py_XDECREF(value);
            record_failure(ctx, rs.failed ? rs.failed : &ctx->steps[0]);
            result = 1;
            break;
        }
        Py_DECREF(value);
    }
    if (!result && stage_flush(&rs) < 0) {
        record_failure(ctx, &ctx->steps[0]);
        result = 1;
    }
    stage_free(&rs);
    spate_detach(gil);
    return result;
}

static int32_t udf_process_keyed(void *context, int32_t subtask, const struct ArrowArray *input,
                                 const int64_t *slots, uint64_t *state, spate_output *output) {
    udf_ctx *ctx = context;
    step *s = &ctx->steps[0];
    PyGILState_STATE gil;
    if (!spate_attach(&gil)) return 1;
    spate_builder *values = spate_output_values(output);
    PyObject *f = callable_for(s, subtask);
    int32_t result = 0;
    for (int64_t row = 0; row < input->length; row++) {
        PyObject *value = spate_from_arrow(ctx->input, input, row);
        if (!value) { result = 1; break; }
        PyObject *accumulator = (PyObject *)(uintptr_t)state[slots[row]];
        PyObject *next;
        if (!accumulator) {
            next = value;
        } else {
            PyObject *args[2] = {accumulator, value};
            next = PyObject_Vectorcall(f, args, 2, NULL);
            Py_DECREF(value);
            if (!next) { result = 1; break; }
        }
        /* Windows fold without emitting: their results leave through emit_keyed. */
        if (values && (spate_to_builder(s->out, next, values, s->name, 0) < 0 ||
                       spate_output_row(output, row) != SPATE_OK)) {
            Py_DECREF(next);
            result = 1;
            break;
        }
        state[slots[row]] = (uint64_t)(uintptr_t)next;  /* the state owns the new accumulator */
        Py_XDECREF(accumulator);
    }
    if (result) record_failure(ctx, s);
    spate_detach(gil);
    return result;
}

/* f(elements, start, end, watermark) -> iterable of outputs, once per fired window. */
static int32_t udf_process_windows(void *context, int32_t subtask, const struct ArrowArray *input, const int64_t *offsets,
                                   const int64_t *starts, const int64_t *ends, int64_t count, int64_t watermark,
                                   spate_output *output) {
    udf_ctx *ctx = context;
    step *s = &ctx->steps[0];
    PyGILState_STATE gil;
    if (!spate_attach(&gil)) return 1;
    run_state rs = {ctx, subtask, output, spate_output_values(output), spate_output_keys(output), NULL};
    rs.stage = stage_for(ctx, rs.values);
    PyObject *f = callable_for(s, subtask);
    int32_t result = 0;
    for (int64_t w = 0; w < count && !result; w++) {
        PyObject *elements = PyList_New((Py_ssize_t)(offsets[w + 1] - offsets[w]));
        for (int64_t row = offsets[w]; elements && row < offsets[w + 1]; row++) {
            PyObject *value = spate_from_arrow(ctx->input, input, row);
            if (!value) { Py_CLEAR(elements); break; }
            PyList_SET_ITEM(elements, (Py_ssize_t)(row - offsets[w]), value);
        }
        PyObject *start = elements ? PyLong_FromLongLong(starts[w]) : NULL;
        PyObject *end = start ? PyLong_FromLongLong(ends[w]) : NULL;
        PyObject *mark = end ? PyLong_FromLongLong(watermark) : NULL;
        PyObject *outputs = NULL;
        if (mark) {
            PyObject *args[4] = {elements, start, end, mark};
            outputs = PyObject_Vectorcall(f, args, 4, NULL);
        }
        Py_XDECREF(elements);
        Py_XDECREF(start);
        Py_XDECREF(end);
        Py_XDECREF(mark);
        PyObject *iterator = outputs && outputs != Py_None ? PyObject_GetIter(outputs) : NULL;
        if (!outputs || (outputs != Py_None && !iterator)) {
            if (outputs && !iterator)
                PyErr_Format(PyExc_TypeError, "%s: a window function must return an iterable (or yield), got %s",
                             s->name, Py_TYPE(outputs)->tp_name);
            result = 1;
        }
        PyObject *item;
        while (!result && iterator && (item = PyIter_Next(iterator))) {
            if (emit(&rs, item, offsets[w]) < 0) result = 1;
            Py_DECREF(item);
        }
        if (!result && PyErr_Occurred()) result = 1;
        Py_XDECREF(iterator);
        Py_XDECREF(outputs);
    }
    if (!result && stage_flush(&rs) < 0) result = 1;
    if (result) record_failure(ctx, rs.failed ? rs.failed : s);
    stage_free(&rs);
    spate_detach(gil);
    return result;
}

/* A `(timestamp, output)` pair of a function whose outputs are stamped. */
static int emit_stamped(run_state *rs, step *s, PyObject *item, int64_t parent) {
    int overflow = 0;
    if (PyTuple_CheckExact(item) && PyTuple_GET_SIZE(item) == 2 && PyLong_CheckExact(PyTuple_GET_ITEM(item, 0))) {
        rs->stamp = PyLong_AsLongLongAndOverflow(PyTuple_GET_ITEM(item, 0), &overflow);
        if (!overflow) return emit(rs, PyTuple_GET_ITEM(item, 1), parent);
    }
    PyErr_Format(PyExc_SystemError, "%s: expected a (timestamp, output) pair, got %R", s->name, item);
    return -1;
}

/* Yields of a process_element/on_timer call become output rows with parent `parent`. */
static int emit_all(run_state *rs, step *s, PyObject *result, int64_t parent) {
    if (result == Py_None) return 0;
    PyObject *iterator = PyObject_GetIter(result);
    if (!iterator) {
        PyErr_Format(PyExc_TypeError, "%s: must yield its outputs or return an iterable, got %s", s->name,
                     Py_TYPE(result)->tp_name);
        return -1;
    }
    PyObject *item;
    int status = 0;
    while ((item = PyIter_Next(iterator))) {
        status = rs->ctx->stamps_outputs ? emit_stamped(rs, s, item, parent) : emit(rs, item, parent);
        Py_DECREF(item);
        if (status < 0) break;
    }
    Py_DECREF(iterator);
    return status < 0 || PyErr_Occurred() ? -1 : 0;
}

static PyObject *keyed_context(void) {
    static PyObject *context = NULL;
    if (!context) context = PyObject_CallNoArgs((PyObject *)&SpateContextType);
    return context;
}

/* The per-subtask bundle of a keyed process function: (process_element, on_timer, key_selector). */
static int bundle_parts(step *s, int32_t subtask, PyObject **process, PyObject **on_timer, PyObject **key_of) {
    PyObject *bundle = callable_for(s, subtask);
    if (!bundle || !PyTuple_Check(bundle) || PyTuple_GET_SIZE(bundle) != 3) {
        PyErr_Format(PyExc_SystemError, "%s: the process function was not opened", s->name);
        return -1;
    }
    *process = PyTuple_GET_ITEM(bundle, 0);
    *on_timer = PyTuple_GET_ITEM(bundle, 1);
    *key_of = PyTuple_GET_ITEM(bundle, 2);
    return 0;
}

/* What a process_element or on_timer batch shares: the GIL, the output staging, the bundle and the
 * thread's current state frame. */
typedef struct {
    PyGILState_STATE gil;
    run_state rs;
    spate_frame frame;
    spate_frame *previous;
    PyObject *process, *on_timer, *key_of, *context;
    int32_t result;
} stateful_call;

static int stateful_begin(stateful_call *c, udf_ctx *ctx, int32_t subtask, uint64_t **states, int32_t n_states,
                          int64_t watermark, spate_output *output) {
    if (!spate_attach(&c->gil)) return 0;
    c->rs = (run_state){ctx, subtask, output, spate_output_values(output), NULL, NULL};
    c->rs.stage = stage_for(ctx, c->rs.values);
    c->rs.timestamps = spate_output_timestamps(output);
    c->context = keyed_context();
    c->result = !c->context || bundle_parts(&ctx->steps[0], subtask, &c->process, &c->on_timer, &c->key_of) < 0;
    c->frame = (spate_frame){states, n_states, 0, INT64_MIN, watermark, output, c->key_of != Py_None, -1};
    c->previous = spate_frame_swap(&c->frame);
    return 1;
}

static int32_t stateful_end(stateful_call *c, udf_ctx *ctx) {
    spate_frame_swap(c->previous);
    if (!c->result && stage_flush(&c->rs) < 0) c->result = 1;
    if (c->result) record_failure(ctx, c->rs.failed ? c->rs.failed : &ctx->steps[0]);
    stage_free(&c->rs);
    spate_detach(c->gil);
    return c->result;
}

static int32_t udf_process_stateful(void *context, int32_t subtask, const struct ArrowArray *input, const int64_t *slots,
                                    const int64_t *timestamps, uint64_t **states, int32_t n_states, int64_t watermark,
                                    spate_output *output) {
    udf_ctx *ctx = context;
    stateful_call c;
    if (!stateful_begin(&c, ctx, subtask, states, n_states, watermark, output)) return 1;
    for (int64_t row = 0; !c.result && row < input->length; row++) {
        PyObject *value = spate_from_arrow(ctx->input, input, row);
        if (!value) { c.result = 1; break; }
        c.frame.slot = slots[row];
        c.frame.timestamp = timestamps ? timestamps[row] : INT64_MIN;
        if (!states[0][c.frame.slot] && c.key_of != Py_None) {
            PyObject *key = PyObject_CallOneArg(c.key_of, value);
            if (!key) { Py_DECREF(value); c.result = 1; break; }
            states[0][c.frame.slot] = (uint64_t)(uintptr_t)key;
        }
        PyObject *args[2] = {value, c.context};
        PyObject *outputs = PyObject_Vectorcall(c.process, args, 2, NULL);
        Py_DECREF(value);
        if (!outputs || emit_all(&c.rs, &ctx->steps[0], outputs, row) < 0) c.result = 1;
        Py_XDECREF(outputs);
    }
    return stateful_end(&c, ctx);
}

static int32_t udf_fire_timers(void *context, int32_t subtask, const int64_t *slots, const int64_t *timestamps, int64_t count,
                               int32_t time_domain, uint64_t **states, int32_t n_states, int64_t watermark,
                               spate_output *output) {
    udf_ctx *ctx = context;
    stateful_call c;
    if (!stateful_begin(&c, ctx, subtask, states, n_states, watermark, output)) return 1;
    c.frame.time_domain = time_domain;
    for (int64_t i = 0; !c.result && i < count && c.on_timer != Py_None; i++) {
        c.frame.slot = slots[i];
        c.frame.timestamp = timestamps[i];
        PyObject *time = PyLong_FromLongLong(timestamps[i]);
        PyObject *args[2] = {time, c.context};
        PyObject *outputs = time ? PyObject_Vectorcall(c.on_timer, args, 2, NULL) : NULL;
        Py_XDECREF(time);
        if (!outputs || emit_all(&c.rs, &ctx->steps[0], outputs, i) < 0) c.result = 1;
        Py_XDECREF(outputs);
    }
    return stateful_end(&c, ctx);
}

static int32_t udf_emit_keyed(void *context, int32_t subtask, const int64_t *slots, int64_t count, uint64_t *state,
                              spate_output *output) {
    udf_ctx *ctx = context;
    step *s = &ctx->steps[0];
    PyGILState_STATE gil;
    if (!spate_attach(&gil)) return 1;
    spate_builder *values = spate_output_values(output);
    int32_t result = 0;
    for (int64_t i = 0; i < count; i++) {
        PyObject *accumulator = (PyObject *)(uintptr_t)state[slots[i]];
        state[slots[i]] = 0;
        if (!accumulator) continue;
        int failed = spate_to_builder(s->out, accumulator, values, s->name, 0) < 0 || spate_output_row(output, i) != SPATE_OK;
        Py_DECREF(accumulator);
        if (failed) {
            record_failure(ctx, s);
            result = 1;
            break;
        }
    }
    spate_detach(gil);
    return result;
}

/* ---- lifetime and fusion ---- */

static void free_steps(step *steps, int nsteps) {
    for (int i = 0; i < nsteps; i++) {
        step *s = &steps[i];
        Py_XDECREF(s->func);
        Py_XDECREF(s->opener);
        Py_XDECREF(s->closer);
        for (int j = 0; j < s->ncallables; j++) Py_XDECREF(s->callables[j]);
        free(s->callables);
        stype_free(s->out);
        free(s->name);
    }
    free(steps);
}

static void udf_release(void *context) {
    udf_ctx *ctx = context;
    PyGILState_STATE gil;
    if (!spate_attach(&gil)) return;  /* finalizing: the interpreter reclaims everything */
    free_steps(ctx->steps, ctx->nsteps);
    stype_free(ctx->input);
    Py_XDECREF(ctx->failures);
    for (int i = 0; i < ctx->n_sides; i++) stype_free(ctx->side_types[i]);
    free(ctx->side_types);
    Py_XDECREF(ctx->side_names);
    free(ctx);
    spate_detach(gil);
}

static int32_t udf_fuse(const spate_udf *first, const spate_udf *second, spate_udf *out);

static void fill(spate_udf *udf, udf_ctx *ctx, int32_t kind) {
    memset(udf, 0, sizeof *udf);
    udf->context = ctx;
    udf->open = udf_open;
    udf->process = udf_process;
    udf->process_keyed = udf_process_keyed;
    udf->emit_keyed = udf_emit_keyed;
    udf->process_windows = udf_process_windows;
    udf->process_stateful = udf_process_stateful;
    udf->fire_timers = udf_fire_timers;
    udf->close = udf_close;
    udf->release = udf_release;
    udf->fuse = udf_fuse;
    udf->kind = kind;
}

static int32_t udf_fuse(const spate_udf *first, const spate_udf *second, spate_udf *out) {
    udf_ctx *a = first->context, *b = second->context;
    if (second->fuse != udf_fuse || first->kind == SPATE_UDF_REDUCE || second->kind == SPATE_UDF_REDUCE) return 1;
    for (int i = 0; i < a->nsteps; i++)
        if (a->steps[i].kind == STEP_KEY || a->steps[i].kind == STEP_BATCH) return 1;
    for (int i = 0; i < b->nsteps; i++)
        if (b->steps[i].kind == STEP_BATCH) return 1;
    /* Values passed from `a` to `b` without conversion must equal what a round trip would give. */
    if (a->values_step >= 0 && !stype_is_lossless(a->steps[a->values_step].out)) return 1;
    PyGILState_STATE gil;
    if (!spate_attach(&gil)) return 1;
    udf_ctx *fused = calloc(1, sizeof *fused);
    step *steps = calloc((size_t)(a->nsteps + b->nsteps), sizeof(step));
    if (!fused || !steps) { free(fused); free(steps); spate_detach(gil); return 1; }
    memcpy(steps, a->steps, sizeof(step) * a->nsteps);
    memcpy(steps + a->nsteps, b->steps, sizeof(step) * b->nsteps);
    fused->steps = steps;
    fused->nsteps = a->nsteps + b->nsteps;
    fused->input = a->input;
    fused->failures = a->failures;
    Py_INCREF(fused->failures);
    fused->values_step = b->values_step >= 0 ? a->nsteps + b->values_step : a->values_step;
    /* The parts now belong to the fused context; the old contexts keep nothing. */
    free(a->steps);
    free(b->steps);
    a->steps = b->steps = NULL;
    a->nsteps = b->nsteps = 0;
    a->input = NULL;
    udf_release(a);
    udf_release(b);
    fill(out, fused, second->kind == SPATE_UDF_KEY ? SPATE_UDF_KEY : SPATE_UDF_FLAT_MAP);
    spate_detach(gil);
    return 0;
}

int spate_udf_make(spate_udf *udf, step_kind kind, PyObject *func, PyObject *opener, PyObject *closer,
                   const stype *input_type, const char *output_type, const char *key_type,
                   const char *name, PyObject *failures) {
    udf_ctx *ctx = calloc(1, sizeof *ctx);
    step *s = calloc(1, sizeof *s);
    if (!ctx || !s) { free(ctx); free(s); PyErr_NoMemory(); return -1; }
    ctx->steps = s;
    ctx->nsteps = 1;
    ctx->input = stype_parse_for(input_type->text, name);
    ctx->failures = failures;
    Py_INCREF(failures);
    ctx->values_step = (kind == STEP_MAP || kind == STEP_FLAT_MAP || kind == STEP_WINDOW || kind == STEP_PROCESS
                        || kind == STEP_BATCH) ? 0 : -1;
    ctx->emits_tags = kind == STEP_WINDOW || kind == STEP_PROCESS;
    s->kind = kind;
    s->func = func; Py_XINCREF(func);
    s->opener = opener; Py_XINCREF(opener);
    s->closer = closer; Py_XINCREF(closer);
    s->name = strdup(name);
    const char *out_text = kind == STEP_KEY ? key_type : output_type;
    if (out_text) s->out = stype_parse_for(out_text, name);
    if (!ctx->input || (out_text && !s->out) || !s->name) {
        free_steps(ctx->steps, ctx->nsteps);
        stype_free(ctx->input);
        Py_DECREF(failures);
        free(ctx);
        return -1;
    }
    int32_t udf_kind = kind == STEP_MAP ? SPATE_UDF_MAP : kind == STEP_FLAT_MAP ? SPATE_UDF_FLAT_MAP
                     : kind == STEP_FILTER ? SPATE_UDF_FILTER : kind == STEP_KEY ? SPATE_UDF_KEY
                     : kind == STEP_TIMESTAMP ? SPATE_UDF_TIMESTAMP : kind == STEP_WINDOW ? SPATE_UDF_FLAT_MAP
                     : kind == STEP_PROCESS || kind == STEP_BATCH ? SPATE_UDF_FLAT_MAP : SPATE_UDF_REDUCE;
    fill(udf, ctx, udf_kind);
    /* Async I/O runs a call's records concurrently: its first call may hold 16 (see spate_udf). */
    udf->probe_rows = kind == STEP_BATCH ? 16 : 0;
    return 0;
}

/* A process function (the Python window operator) that yields `(timestamp, output)` pairs: each
 * output row carries its own event timestamp, as Flink's window operator gives results the
 * window's max timestamp whichever element or timer fired it. */
void spate_udf_stamp_outputs(spate_udf *udf) {
    udf_ctx *ctx = udf->context;
    ctx->stamps_outputs = 1;
    udf->kind = SPATE_UDF_STAMPED_PROCESS;
}

int spate_udf_set_sides(spate_udf *udf, PyObject *outputs) {
    udf_ctx *ctx = udf->context;
    Py_ssize_t n = PyList_GET_SIZE(outputs);
    PyObject *names = PyTuple_New(n);
    if (!names) return -1;
    ctx->side_types = calloc((size_t)(n ? n : 1), sizeof(stype *));
    if (!ctx->side_types) { Py_DECREF(names); PyErr_NoMemory(); return -1; }
    ctx->side_names = names;  /* owned by ctx from here: released with it */
    ctx->emits_tags = 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *pair = PyList_GET_ITEM(outputs, i);
        PyTuple_SET_ITEM(names, i, Py_NewRef(PyTuple_GET_ITEM(pair, 0)));
        const char *text = PyUnicode_AsUTF8(PyTuple_GET_ITEM(pair, 1));
        if (!text || !(ctx->side_types[i] = stype_parse(text))) return -1;
        ctx->n_sides = (int)i + 1;
    }
    return 0;
}
