/*
 * spate.h — the C ABI of the Spate stream-processing runtime (libspate.so).
 *
 * Only C types and opaque handles cross this boundary. Every function that can fail returns a
 * spate_status; on failure the message is fetched with spate_last_error() on the same thread.
 *
 * Types are spelled as type strings (see ARCHITECTURE.md, "Type strings"):
 *   bool i8 i16 i32 i64 f32 f64 str obj char bytes bigint bigdec decimal<p,s> date time<p>
 *   timestamp<p> timestamp_ltz<p> instant interval_ym interval_dt null list<T> map<K,V> multiset<T>
 *   tuple<T,...> row<name:T,...>, each optionally followed by ! (NOT NULL).
 * Layouts: date, interval_ym: int32; time/timestamp(_ltz) (microseconds), interval_dt: int64;
 * decimal: int128 unscaled; char/bytes/bigint/bigdec: large binary (bigdec as decimal text);
 * instant: struct<seconds:i64,nanos:i32>; list/map/multiset: large list (map entries: struct<key,value>).
 *
 * Batches are handed to callbacks as Arrow C Data Interface arrays (struct ArrowArray), borrowed for
 * the duration of the call. Callbacks build their output through column builders.
 *
 * Row kinds: each record of a batch is a change of one kind (Flink's RowKind): 0 +I (insert),
 * 1 -U (update before), 2 +U (update after), 3 -D (delete). A batch in which every record is an
 * insert carries nothing for it. Otherwise the batch's top-level array (a callback's input, a
 * collected batch) has one child more than its type's layout: the last child is a uint8 array
 * ("C") of the same length, without nulls, holding each record's kind. (A top-level array of a
 * type with n children has n + 1; of a type without children, 1.) Nested arrays never carry one.
 * The other way, spate_builder_set_row_kind records the kind of a value appended to an output
 * builder (values, side outputs) or a collection's builder; values without one are inserts.
 */
#ifndef SPATE_H
#define SPATE_H

#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SPATE_ABI_VERSION 11

/* How deeply types may nest (a row in a row ..., 1000 levels under the outermost type): both sides
 * recurse once per level, so a deeper type string is refused rather than run off the stack.
 * The same number as SpateCore's DataType.maximumDepth. */
#define SPATE_MAX_TYPE_DEPTH 1000

typedef int32_t spate_status;
#define SPATE_OK 0
#define SPATE_ERROR 1            /* invalid argument or runtime failure; see spate_last_error() */
#define SPATE_CALLBACK_FAILED 2  /* a host callback reported failure; the host holds the details */
#define SPATE_CANCELLED 3        /* the job was cancelled (for example by Ctrl-C) */
#define SPATE_TIMEOUT 4          /* a wait ran out of time; call again */
#define SPATE_END 5              /* an iterator is exhausted */

/* ---- Arrow C Data Interface (https://arrow.apache.org/docs/format/CDataInterface.html) ---- */
#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE
struct ArrowSchema {
  const char *format;
  const char *name;
  const char *metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema **children;
  struct ArrowSchema *dictionary;
  void (*release)(struct ArrowSchema *);
  void *private_data;
};

struct ArrowArray {
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void **buffers;
  struct ArrowArray **children;
  struct ArrowArray *dictionary;
  void (*release)(struct ArrowArray *);
  void *private_data;
};
#endif

/* Python objects (type "obj") travel as uint64 handles in an Arrow uint64 column. */

/* ---- errors and version ---- */
int32_t spate_abi_version(void);
/* The message of the last failed call on this thread (empty if none). Valid until the next call. */
const char *spate_last_error(void);

/* ---- type strings: parsed by Spate alone ---- */
typedef enum spate_type_kind {
  SPATE_TYPE_BOOL = 1, SPATE_TYPE_I8, SPATE_TYPE_I16, SPATE_TYPE_I32, SPATE_TYPE_I64, SPATE_TYPE_F32, SPATE_TYPE_F64,
  SPATE_TYPE_STR, SPATE_TYPE_OBJ, SPATE_TYPE_TUPLE, SPATE_TYPE_ROW, SPATE_TYPE_CHAR, SPATE_TYPE_BYTES,
  SPATE_TYPE_BIGINT, SPATE_TYPE_BIGDEC, SPATE_TYPE_DECIMAL, SPATE_TYPE_DATE, SPATE_TYPE_TIME, SPATE_TYPE_TIMESTAMP,
  SPATE_TYPE_TIMESTAMP_LTZ, SPATE_TYPE_INSTANT, SPATE_TYPE_INTERVAL_YM, SPATE_TYPE_INTERVAL_DT, SPATE_TYPE_LIST,
  SPATE_TYPE_MAP, SPATE_TYPE_MULTISET, SPATE_TYPE_NULL
} spate_type_kind;

/* One type of a parsed type string. */
typedef struct spate_type_node {
  int32_t kind;       /* spate_type_kind */
  int32_t n_children; /* tuple/row: its fields; list/multiset: the element; map: key and value */
  int32_t precision;  /* decimal, time, timestamp(_ltz) */
  int32_t scale;      /* decimal */
  int32_t not_null;   /* declared NOT NULL (`!`) */
  int32_t nullable;   /* declared as accepting nulls (`?`) */
  const char *name;   /* a row field's name (NULL otherwise); valid until this thread parses again */
  const char *declaration; /* how PyFlink declares the type (`Types.INT()`); valid as long */
  const char *keyword;     /* its type string's keyword (`i64`, `decimal`, `row`); valid as long */
} spate_type_node;

/* Parses a type string into its types in pre-order (a type, then each child's subtree). Writes at
 * most `capacity` nodes; `*count` is how many the type has (call again with more room if larger). */
spate_status spate_type_parse(const char *text, spate_type_node *nodes, int32_t capacity, int32_t *count);

/* ---- window arithmetic: Flink's, in one place ---- */
/* The starts of the windows of `size` ms, starting every `slide` ms shifted by `offset`, that hold
 * `timestamp`, most recent first (a tumbling window: slide = size). Writes at most `capacity`;
 * `*count` is how many there are. Size and slide must be positive. */
spate_status spate_window_starts(int64_t timestamp, int64_t size, int64_t slide, int64_t offset, int64_t *out_starts,
                                 int32_t capacity, int32_t *count);

/* ---- the host: services the embedding language provides ---- */
struct spate_builder;

typedef struct spate_host {
  void *context;
  /* Give up references to these object handles. Called from any thread; must not block on the
   * host's interpreter lock (queue them if it is not held). */
  void (*release_objects)(void *context, const uint64_t *handles, int64_t count);
  /* Take one more reference to each handle (rare: duplicated rows). May acquire the lock. */
  void (*retain_objects)(void *context, const uint64_t *handles, int64_t count);
  /* Append the printed form (Python's str()) of each handle to `out_strings`, a str builder.
   * Returns 0 on success. May acquire the lock. */
  int32_t (*format_objects)(void *context, const uint64_t *handles, int64_t count,
                            struct spate_builder *out_strings);
  /* Write text produced by print sinks (UTF-8, whole lines). Returns 0 on success. */
  int32_t (*write_stdout)(void *context, const char *text, int64_t length);
} spate_host;

/* Installs the host. Call once, before building graphs. */
spate_status spate_set_host(const spate_host *host);

/* ---- column builders: how callbacks and collections hand values to Spate ---- */
typedef struct spate_builder spate_builder;

spate_status spate_builder_create(const char *type, spate_builder **out);
void spate_builder_destroy(spate_builder *builder);
/* The type string of the builder's column. */
const char *spate_builder_type(const spate_builder *builder);
int64_t spate_builder_length(const spate_builder *builder);
/* For tuple and row builders: the builder of field `index`. Append to each child, then call
 * spate_builder_append_struct on the parent. */
spate_builder *spate_builder_child(spate_builder *builder, int32_t index);
spate_status spate_builder_append_null(spate_builder *builder);
spate_status spate_builder_append_bool(spate_builder *builder, int32_t value);
spate_status spate_builder_append_int(spate_builder *builder, int64_t value);
spate_status spate_builder_append_float(spate_builder *builder, double value);
spate_status spate_builder_append_str(spate_builder *builder, const char *utf8, int64_t length);
/* Bytes for bytes/bigint columns (bigint: two's complement, least significant byte first). */
spate_status spate_builder_append_bytes(spate_builder *builder, const void *data, int64_t length);
/* A decimal's unscaled value, as the low and high 64 bits of a 128-bit integer. */
spate_status spate_builder_append_int128(spate_builder *builder, uint64_t low, int64_t high);
/* For list, map and multiset builders: completes one value whose elements were appended to the child
 * builder (spate_builder_child(builder, 0); for maps a struct of key and value) since the last one. */
spate_status spate_builder_append_list(spate_builder *builder);
/* Takes ownership of one reference to `handle`. */
spate_status spate_builder_append_object(spate_builder *builder, uint64_t handle);
spate_status spate_builder_append_struct(spate_builder *builder);
/* The value last appended to `builder` is a change of kind `kind` (0 +I, 1 -U, 2 +U, 3 -D; see
 * "Row kinds" above). Only a batch's top-level builders keep kinds: output values, side outputs and
 * collections. Values given none are inserts, and a builder holds nothing for them. */
spate_status spate_builder_set_row_kind(spate_builder *builder, int32_t kind);
/* Bulk forms for numeric columns (values are range-checked like single appends): */
spate_status spate_builder_append_ints(spate_builder *builder, const int64_t *values, int64_t count);
spate_status spate_builder_append_floats(spate_builder *builder, const double *values, int64_t count);

/* ---- UDFs: operators whose work is done by the host ---- */

/* What a callback produces for one input batch. */
typedef struct spate_output spate_output;
/* The builder of new values, or NULL when the operator selects input rows (filter). */
spate_builder *spate_output_values(spate_output *output);
/* The builder of keys, or NULL when the operator computes no key. */
spate_builder *spate_output_keys(spate_output *output);
/* The builder of event timestamps (i64 milliseconds), or NULL when the operator assigns none. */
spate_builder *spate_output_timestamps(spate_output *output);
/* Declares that the next output row comes from input row `parent` (its timestamp is inherited).
 * Called once for every output row, by every kind of UDF. */
spate_status spate_output_row(spate_output *output, int64_t parent);
/* Registers (register_it = 1) or deletes (0) the timer of key slot `slot` at `timestamp`, in
 * `time_domain` (0 event time, 1 processing time). */
spate_status spate_output_timer(spate_output *output, int64_t slot, int64_t timestamp, int32_t register_it,
                                int32_t time_domain);
/* The operator's processing time (ms since the epoch; the job's clock, which tests may drive). */
int64_t spate_output_now(spate_output *output);
/* The builder of side output `index` (in the order of the plan node's side_outputs), or NULL. */
spate_builder *spate_output_side(spate_output *output, int32_t index);
/* Declares that the next row of side output `index` comes from input row `parent`. */
spate_status spate_output_side_row(spate_output *output, int32_t index, int64_t parent);
/* The bulk form: `count` output rows with their parents. */
spate_status spate_output_rows(spate_output *output, const int64_t *parents, int64_t count);

typedef enum spate_udf_kind {
  SPATE_UDF_MAP = 1,      /* one value per row */
  SPATE_UDF_FLAT_MAP = 2, /* zero or more values per row */
  SPATE_UDF_FILTER = 3,   /* selects rows: no values builder */
  SPATE_UDF_KEY = 4,      /* one key per row: keys builder, no values builder */
  SPATE_UDF_REDUCE = 5,   /* keyed: state slots of object handles (see process_keyed) */
  SPATE_UDF_TIMESTAMP = 6, /* one event timestamp per row: timestamps builder, rows unchanged */
  SPATE_UDF_STAMPED_PROCESS = 7 /* process functions whose every output row brings its own event
                                 * timestamp (timestamps builder; Flink's window operator stamps
                                 * results with the window's max timestamp) */
} spate_udf_kind;

typedef struct spate_udf {
  void *context;
  /* Called once per subtask before the first batch. Returns 0, or nonzero on failure. */
  int32_t (*open)(void *context, int32_t subtask_index, int32_t parallelism);
  /* Processes one batch. Returns 0, or nonzero when the host recorded a failure. */
  int32_t (*process)(void *context, int32_t subtask_index, const struct ArrowArray *input,
                     spate_output *output);
  /* SPATE_UDF_REDUCE: `slots[i]` is the state slot of row i; `state` holds one owned object handle
   * per slot (0 = empty), which the callback replaces. Emits one value per row, unless the output
   * has no values builder (windows emit when they fire, through emit_keyed). */
  int32_t (*process_keyed)(void *context, int32_t subtask_index, const struct ArrowArray *input,
                           const int64_t *slots, uint64_t *state, spate_output *output);
  /* SPATE_UDF_REDUCE over windows: emits the state of each of `count` slots as one output value
   * (and one output row, parent = its position), gives up the state's handle and sets it to 0. */
  int32_t (*emit_keyed)(void *context, int32_t subtask_index, const int64_t *slots, int64_t count,
                        uint64_t *state, spate_output *output);
  /* Window functions: the elements of `count` fired windows, one window after another (window i
   * is rows offsets[i]..offsets[i+1] of `input`, spanning [starts[i], ends[i])). Outputs name a
   * row of their window as parent. */
  int32_t (*process_windows)(void *context, int32_t subtask_index, const struct ArrowArray *input,
                             const int64_t *offsets, const int64_t *starts, const int64_t *ends, int64_t count,
                             int64_t watermark, spate_output *output);
  /* Keyed process functions: `states[k][slots[i]]` is state k of row i's key (owned object handles,
   * 0 = empty; state 0 holds the key itself), `timestamps` the rows' event times (NULL if none).
   * Timers are registered through spate_output_timer. */
  int32_t (*process_stateful)(void *context, int32_t subtask_index, const struct ArrowArray *input,
                              const int64_t *slots, const int64_t *timestamps, uint64_t **states,
                              int32_t n_states, int64_t watermark, spate_output *output);
  /* Timers of `time_domain` (0 event time, 1 processing time) that are due: on_timer for each
   * (slots[i], timestamps[i]), in order. */
  int32_t (*fire_timers)(void *context, int32_t subtask_index, const int64_t *slots, const int64_t *timestamps,
                         int64_t count, int32_t time_domain, uint64_t **states, int32_t n_states, int64_t watermark,
                         spate_output *output);
  /* Called once per opened subtask at the end (also after failures). Nonzero: it failed (the host
   * holds the details), which fails the job unless it failed already. */
  int32_t (*close)(void *context, int32_t subtask_index);
  /* Called when the graph no longer needs the UDF. */
  void (*release)(void *context);
  /* Composes two UDFs of this host into one (fusion): `first` then `second` in one call per
   * batch. Returns 0 and fills `out` on success (the new UDF owns both contexts, which the runtime
   * no longer releases); nonzero when they cannot be fused. Optional (NULL). */
  int32_t (*fuse)(const struct spate_udf *first, const struct spate_udf *second, struct spate_udf *out);
  /* The UDF's kind (spate_udf_kind). */
  int32_t kind;
  /* How many rows the UDF's first call gets before its cost is known (0: one, so that a slow
   * function's first result is not held). A UDF whose rows run concurrently (async I/O) costs one
   * latency whatever its rows: a larger first call keeps operations in flight at no cost. */
  int32_t probe_rows;
} spate_udf;

/* ---- plans ---- */

/* How Spate calls a host function: the calling convention a plan node needs. */
typedef enum spate_call {
  SPATE_CALL_MAP = 1,        /* one value per row */
  SPATE_CALL_FLAT_MAP = 2,   /* zero or more values per row */
  SPATE_CALL_FILTER = 3,     /* selects rows */
  SPATE_CALL_KEY = 4,        /* one key per row */
  SPATE_CALL_REDUCE = 5,     /* folds rows into per-key state (process_keyed, emit_keyed) */
  SPATE_CALL_TIMESTAMP = 6,  /* one event timestamp per row */
  SPATE_CALL_WINDOW = 7,     /* the elements of fired windows (process_windows) */
  SPATE_CALL_PROCESS = 8,    /* process functions: state, timers, side outputs (process_stateful) */
  SPATE_CALL_BATCH = 9,      /* one call per batch (async I/O) */
  SPATE_CALL_STAMPED_PROCESS = 10 /* process functions yielding (timestamp, value) pairs */
} spate_call;

/* The host's functions of a plan, named there by number (0 .. n_functions-1). Spate binds each
 * once it knows its types, while spate_plan_build runs (on the calling thread). */
typedef struct spate_binder {
  void *context;
  int64_t n_functions;
  /* Fills `out` with function `index`, called as `call` (spate_call) on values of `input_type`,
   * producing `output_type` values (NULL: none) and keys of `key_type` (NULL: the host's own
   * encoding of any key, in a str column); it may emit to the side outputs `side_tags` (with
   * `side_types`). `label` names the node in error messages. Returns 0, or nonzero when it failed
   * (the host keeps the details). */
  int32_t (*bind)(void *context, int64_t index, int32_t call, const char *input_type, const char *output_type,
                  const char *key_type, const char *const *side_tags, const char *const *side_types, int32_t n_sides,
                  const char *label, spate_udf *out);
} spate_binder;

/* ---- graphs ---- */
typedef struct spate_graph spate_graph;

/* Builds the graph of a plan: a JSON document (ARCHITECTURE.md, "The plan"). Host functions come
 * from `binder` (NULL: the plan names none); collection values from `columns` (builders, which
 * must outlive the graph), named by number. Errors name the node and where the script made it. */
spate_status spate_plan_build(const char *plan_json, const spate_binder *binder, spate_builder *const *columns,
                              int32_t n_columns, spate_graph **out);
void spate_graph_destroy(spate_graph *graph);
/* The type string of node `node`'s output. Caller frees with spate_string_free. */
spate_status spate_graph_output_type(spate_graph *graph, int32_t node, char **out_type);
/* The execution plan in Flink's JSON shape. Caller frees with spate_string_free. */
spate_status spate_graph_plan_json(spate_graph *graph, char **out_json);
void spate_string_free(char *text);

/* ---- jobs ---- */
typedef struct spate_job spate_job;

/* Starts the graph's job on threads Spate owns. The graph stays valid and may run again. */
spate_status spate_job_start(spate_graph *graph, spate_job **out);
/* Waits up to timeout_ms for the job to end. SPATE_TIMEOUT if it is still running; SPATE_OK when it
 * finished; SPATE_CALLBACK_FAILED / SPATE_ERROR / SPATE_CANCELLED when it failed. */
spate_status spate_job_wait(spate_job *job, int64_t timeout_ms);
void spate_job_cancel(spate_job *job);
/* The ids (pthread_t) of the job's threads, until spate_job_destroy joins them: up to `capacity`
 * are written to `out`; returns how many there are. A host interrupts the functions they run. */
int32_t spate_job_thread_ids(spate_job *job, uint64_t *out, int32_t capacity);
/* Id of the operator whose failure ended the job (-1 if none), and its subtask. */
int32_t spate_job_failed_operator(const spate_job *job, int32_t *subtask_index);
int64_t spate_job_runtime_ms(const spate_job *job);

/* Metrics (ABI 10). The built-in metrics of one operator in one subtask, as counted so far (read
 * while the job runs, without stopping it: each number is one the runtime had, not all from the
 * same instant). Counts are added once per batch, never per record. */
typedef struct spate_operator_metrics {
    int32_t node;              /* the plan node (a fused pair: its first node) */
    int32_t subtask;           /* the subtask index */
    int32_t chain_head;        /* the first node of the chain (Flink's task) that runs it */
    int32_t reserved;          /* 0 */
    int64_t records_in;        /* Flink's numRecordsIn */
    int64_t records_out;       /* Flink's numRecordsOut */
    int64_t input_watermark;   /* currentInputWatermark; INT64_MIN until one came */
    int64_t output_watermark;  /* currentOutputWatermark; INT64_MIN until one went */
    int64_t busy_ns;           /* the subtask's time since it started: busy, */
    int64_t idle_ns;           /* waiting for input, */
    int64_t back_pressured_ns; /* and blocked on a full channel downstream */
} spate_operator_metrics;
/* Writes the metrics of up to `capacity` operator subtasks to `out` (the job's chains in order,
 * each subtask's operators in chain order), how many there are to `count` (call again with more
 * room if it exceeds `capacity`), and the job's completed and failed checkpoints (either pointer
 * may be NULL). */
spate_status spate_job_metrics(spate_job *job, spate_operator_metrics *out, int32_t capacity, int32_t *count,
                               int64_t *completed_checkpoints, int64_t *failed_checkpoints);
/* Next batch of a collect sink. SPATE_END when the sink has no more; SPATE_TIMEOUT when none arrived
 * within timeout_ms. The array stays valid until the next call for this sink or spate_job_destroy. */
spate_status spate_job_collect(spate_job *job, int32_t sink_id, int64_t timeout_ms,
                               struct ArrowArray *out_batch);
/* Cancels if running, joins every thread and frees the job. */
void spate_job_destroy(spate_job *job);

#ifdef __cplusplus
}
#endif
#endif /* SPATE_H */
