/* Shared declarations of the _spate extension: the only code that includes Python.h, and the only
 * place where Python objects and Spate values are converted. */
#ifndef SPATE_INTERNAL_H
#define SPATE_INTERNAL_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include "spate.h"

/* ---- types (parsed type strings) ---- */
typedef enum {
    ST_BOOL, ST_I8, ST_I16, ST_I32, ST_I64, ST_F32, ST_F64, ST_STR, ST_OBJ, ST_TUPLE, ST_ROW,
    ST_KEY, /* undeclared key: canonical bytes of any Python key, stored as str */
    ST_CHAR, ST_BYTES, ST_BIGINT, ST_BIGDEC, ST_DECIMAL, ST_DATE, ST_TIME, ST_TIMESTAMP,
    ST_TIMESTAMP_LTZ, ST_INSTANT, ST_INTERVAL_YM, ST_INTERVAL_DT, ST_LIST, ST_MAP, ST_MULTISET, ST_NULL
} stype_kind;

typedef struct stype {
    stype_kind kind;
    int nfields;
    struct stype **fields; /* TUPLE/ROW fields; LIST/MULTISET: [element]; MAP: [key, value] */
    PyObject *names;   /* ROW: tuple of field names */
    char *text;        /* the type string */
    char *declared;    /* how PyFlink declares it (`Types.INT()`), for messages */
    int precision;     /* DECIMAL, TIME, TIMESTAMP(_LTZ) */
    int scale;         /* DECIMAL */
    int not_null;      /* declared NOT NULL (`!`) */
    int nullable;      /* declared as accepting None (`?`), whatever its kind */
} stype;

stype *stype_parse(const char *text);   /* sets a Python error and returns NULL on failure */
/* stype_parse, its error (a ValueError) naming `where`: the operator and function, or the collection. */
stype *stype_parse_for(const char *text, const char *where);
void stype_free(stype *type);
/* Whether Python -> Spate -> Python gives back an equal value (fusion may skip the round trip). */
int stype_is_lossless(const stype *type);

/* ---- conversion ---- */
/* Appends `value` to `builder` (NULL: only checks it). On failure sets a Python exception naming
 * `where` (the operator), the field path, the declared type and the value; returns -1. */
/* While on, this thread's conversions take a tuple or list for a ROW value (from_collection). */
void spate_convert_rows_from_sequences(int on);
int spate_to_builder(const stype *type, PyObject *value, spate_builder *builder, const char *where,
                     int nullable);
/* repr(value) for an error message, at most 200 characters; `<unprintable T>` when its __repr__
 * (user code) raises, so that the message, not the repr's failure, is what is raised. */
PyObject *spate_repr(PyObject *value);
/* Marks the pending exception as a value that did not fit its declared type: execute() raises
 * such errors as they are (they already name the operator), not wrapped. */
void spate_mark_conversion_error(void);
/* Scalar forms for numeric types (same checks and messages as spate_to_builder). */
int spate_to_int64(const stype *type, PyObject *value, const char *where, int64_t *out);
int spate_to_double(const stype *type, PyObject *value, const char *where, double *out);
/* A new reference to row `row` of an Arrow column of type `type`. */
PyObject *spate_from_arrow(const stype *type, const struct ArrowArray *array, int64_t row);
/* A list of every value of an Arrow column. */
PyObject *spate_list_from_arrow(const stype *type, const struct ArrowArray *array);

/* ---- row kinds (_spate_rowkind.c; spate.h, "Row kinds") ---- */
/* Records the kind of `value`, just appended to top-level `builder`, when it is a Row of a ROW type
 * and not an insert. Returns -1 with an exception set on failure. */
int spate_record_row_kind(const stype *type, PyObject *value, spate_builder *builder);
/* Gives `row`, made from record `index` of the top-level `array` of a type with `nfields`
 * children, the kind the batch's row-kind child (if any) holds for it. */
int spate_apply_row_kind(PyObject *row, const struct ArrowArray *array, int nfields, int64_t index);

/* ---- host services ---- */
int spate_host_install(void);
/* The exception of the last print() whose __str__ raised (a new reference), or NULL; clears it. */
PyObject *spate_take_print_failure(void);
/* Applies decrefs queued by threads that did not hold the GIL. Call with the GIL. */
void spate_apply_pending_decrefs(void);
/* Takes the GIL for a callback from a Spate thread: fails (returns 0) when the interpreter is
 * finalizing. On success `*state` must be passed to spate_detach. */
int spate_attach(PyGILState_STATE *state);
void spate_detach(PyGILState_STATE state);

/* ---- stopping jobs (_spate_cancel.c) ---- */
/* Around a wait for a running job: while it runs, a SIGTERM nothing else handles stops it as
 * Ctrl-C does. Both also free the jobs left to end on their own that have ended. */
void spate_signals_watch(void);
void spate_signals_unwatch(void);
/* Whether Ctrl-C (or a Python signal handler), or SIGTERM, asks to stop: then the exception to
 * raise is set (KeyboardInterrupt, SystemExit(143), the handler's) and 1 is returned. */
int spate_stop_requested(void);
/* Cancels `job`, interrupting the Python functions its threads run, and frees it once it ended; a
 * job whose functions cannot be interrupted within half a second is left to end on its own
 * (`owner`, the Graph, is kept alive until then) and the user is told which function holds it
 * (`by_signal`: and that a second Ctrl-C exits at once). The pending exception, if any, is kept. */
void spate_job_stop(spate_job *job, PyObject *owner, int by_signal);
/* Destroys a job (its threads joined without the GIL). */
void spate_job_free(spate_job *job);

/* ---- UDFs ---- */
typedef enum { STEP_MAP = 1, STEP_FLAT_MAP = 2, STEP_FILTER = 3, STEP_KEY = 4, STEP_REDUCE = 5, STEP_TIMESTAMP = 6, STEP_WINDOW = 7,
               STEP_PROCESS = 8, STEP_BATCH = 9 } step_kind;

/* Fills `udf` for a Python function. `failures` is a list where (step name, exception) pairs are
 * appended when the function raises. Returns -1 with an exception set on failure. */
int spate_udf_make(spate_udf *udf, step_kind kind, PyObject *func, PyObject *opener, PyObject *closer,
                   const stype *input_type, const char *output_type, const char *key_type,
                   const char *name, PyObject *failures);
/* Lets the UDF emit `(OutputTag, value)` pairs to side outputs: `outputs` is a list of
 * (tag id, type string), in the operator's side output order. */
int spate_udf_set_sides(spate_udf *udf, PyObject *outputs);
/* Makes a process UDF's outputs `(timestamp, output)` pairs, each row stamped with its own time. */
void spate_udf_stamp_outputs(spate_udf *udf);

/* _spate.Column: converted collection data. */
extern PyTypeObject SpateColumnType;
spate_builder *spate_column_builder(PyObject *object);  /* NULL if not a Column */
int spate_load_row_support(void);
/* `module.name` as a new reference, importing `module`; NULL with an exception set on failure. */
PyObject *spate_import_attr(const char *module, const char *name);

/* ---- keyed state (_spate_state.c) ---- */
typedef struct {
    uint64_t **states;   /* states[0]: key objects; states[k]: state k, by key slot */
    int32_t n_states;
    int64_t slot;
    int64_t timestamp;   /* INT64_MIN: none */
    int64_t watermark;
    spate_output *output;
    int keyed;           /* timers and state need a keyed stream */
    int32_t time_domain; /* of the firing timer: 0 event time, 1 processing time; -1 for an element */
} spate_frame;
/* _spate.current_processing_time(): the running operator's clock (ms), or the wall clock outside one. */
PyObject *spate_processing_time(PyObject *self, PyObject *unused);
/* Makes `frame` the current one of this thread; returns the previous one. */
spate_frame *spate_frame_swap(spate_frame *frame);
extern PyTypeObject SpateValueStateType;
extern PyTypeObject SpateContextType;

extern PyObject *spate_row_factory;  /* spate.common.types._row_from_values(names, values) */
extern PyObject *spate_row_class;    /* spate.common.types.Row */

#endif
