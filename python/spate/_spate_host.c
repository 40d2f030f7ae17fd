/* Host services for the Swift runtime: object references, printing, and attaching to Python from
 * threads Spate owns. */
#include "_spate_internal.h"
#include <pthread.h>
#include <time.h>
#include <stdlib.h>

/* Decrefs from threads that do not hold the GIL wait here until a thread that holds it applies them. */
static pthread_mutex_t pending_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t *pending = NULL;
static size_t pending_count = 0, pending_capacity = 0;

void spate_apply_pending_decrefs(void) {
    if (!pending_count) return;  /* racy read is fine: a miss is applied next time */
    pthread_mutex_lock(&pending_lock);
    uint64_t *items = pending;
    size_t count = pending_count;
    pending = NULL;
    pending_count = pending_capacity = 0;
    pthread_mutex_unlock(&pending_lock);
    for (size_t i = 0; i < count; i++) Py_DECREF((PyObject *)(uintptr_t)items[i]);
    free(items);
}

/* A Spate thread's Python thread state is made when the thread first calls into Python and kept
 * until the thread ends: an outer PyGILState_Ensure that only the thread's end releases. Without it,
 * every batch made and destroyed one (a data-stack mapping, a gettid and a free, ~500 per 2M
 * records of a map). */
static pthread_key_t kept_state_key;
static pthread_once_t kept_state_once = PTHREAD_ONCE_INIT;

/* Runs as the thread ends. glibc has cleared every thread-specific value by then, Python's own
 * slot for this thread's state too, so with the kept state made current again PyGILState_Check()
 * would be false while it is cleared: objects it frees (contextvars, a decimal context, a
 * threading.local) would be freed "without the GIL" as Python sees it, and a __del__ calling
 * PyGILState_Ensure would make a second state and wait for the GIL its thread holds. So a fresh
 * state from PyGILState_Ensure is current (and in that slot) while the kept one is cleared and
 * deleted; releasing it deletes it too and gives the GIL back. */
static void forget_kept_state(void *tstate) {
    if (_Py_IsFinalizing()) return;  /* the interpreter reclaims its thread states */
    PyGILState_STATE gil = PyGILState_Ensure();
    PyThreadState_Clear((PyThreadState *)tstate);
    PyThreadState_Delete((PyThreadState *)tstate);
    PyGILState_Release(gil);
}

static void make_kept_state_key(void) { pthread_key_create(&kept_state_key, forget_kept_state); }

int spate_attach(PyGILState_STATE *state) {
    if (_Py_IsFinalizing()) return 0;
    if (PyGILState_GetThisThreadState() == NULL) {
        pthread_once(&kept_state_once, make_kept_state_key);
        PyGILState_Ensure();
        pthread_setspecific(kept_state_key, PyThreadState_Get());
        PyEval_SaveThread();  /* keep the state, give the GIL back: the Ensure below takes it per call */
    }
    *state = PyGILState_Ensure();
    spate_apply_pending_decrefs();
    return 1;
}

/* Releasing the GIL and taking it again right away for the next batch would starve other Python
 * threads: a waiter only asks for the GIL after 5 ms without a switch, and every re-take counts as
 * a switch. So a Spate thread that has been running batches for 5 ms pauses for 50 us after
 * releasing the GIL, which lets a woken waiter take it (a cost of about 1%). */
static _Thread_local struct timespec last_pause;

void spate_detach(PyGILState_STATE state) {
    PyGILState_Release(state);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    int64_t elapsed_us = (now.tv_sec - last_pause.tv_sec) * 1000000 + (now.tv_nsec - last_pause.tv_nsec) / 1000;
    if (elapsed_us >= 5000) {
        struct timespec pause = {0, 50000};
        nanosleep(&pause, NULL);
        clock_gettime(CLOCK_MONOTONIC, &last_pause);
    }
}

static void host_release(void *context, const uint64_t *handles, int64_t count) {
    (void)context;
    if (_Py_IsFinalizing()) return;
    if (PyGILState_Check()) {
        for (int64_t i = 0; i < count; i++) Py_DECREF((PyObject *)(uintptr_t)handles[i]);
        return;
    }
    pthread_mutex_lock(&pending_lock);
    if (pending_count + (size_t)count > pending_capacity) {
        size_t capacity = pending_capacity ? pending_capacity : 1024;
        while (capacity < pending_count + (size_t)count) capacity *= 2;
        uint64_t *grown = realloc(pending, capacity * sizeof(uint64_t));
        if (!grown) { pthread_mutex_unlock(&pending_lock); return; }  /* leak rather than crash */
        pending = grown;
        pending_capacity = capacity;
    }
    for (int64_t i = 0; i < count; i++) pending[pending_count++] = handles[i];
    pthread_mutex_unlock(&pending_lock);
}

static void host_retain(void *context, const uint64_t *handles, int64_t count) {
    (void)context;
    PyGILState_STATE gil;
    if (!spate_attach(&gil)) return;
    for (int64_t i = 0; i < count; i++) Py_INCREF((PyObject *)(uintptr_t)handles[i]);
    spate_detach(gil);
}

/* The exception of a print whose __str__ raised, kept for the job that fails on it: without it the
 * job's error would have no cause (see spate_take_print_failure). Touched only with the GIL. */
static PyObject *print_failure = NULL;

PyObject *spate_take_print_failure(void) {
    PyObject *failure = print_failure;
    print_failure = NULL;
    return failure;
}

/* Keeps the pending exception as the print failure (the first one, if several subtasks fail). */
static void keep_print_failure(void) {
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    PyErr_NormalizeException(&type, &value, &traceback);
    if (value && traceback) PyException_SetTraceback(value, traceback);
    if (value && !print_failure) print_failure = Py_NewRef(value);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(traceback);
}

static int32_t host_format(void *context, const uint64_t *handles, int64_t count, spate_builder *out) {
    (void)context;
    PyGILState_STATE gil;
    if (!spate_attach(&gil)) return 1;
    int32_t result = 0;
    for (int64_t i = 0; i < count && !result; i++) {
        /* Held while its __str__ runs (user code), which could drop the batch's last reference. */
        PyObject *object = (PyObject *)(uintptr_t)handles[i];
        Py_XINCREF(object);
        PyObject *text = object ? PyObject_Str(object) : PyUnicode_FromString("None");
        Py_ssize_t n;
        const char *utf8 = text ? PyUnicode_AsUTF8AndSize(text, &n) : NULL;
        if (!utf8 || spate_builder_append_str(out, utf8, n) != SPATE_OK) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_RuntimeError, spate_last_error());
            keep_print_failure();
            result = 1;
        }
        Py_XDECREF(text);
        Py_XDECREF(object);
    }
    spate_detach(gil);
    return result;
}

static int32_t host_write(void *context, const char *text, int64_t length) {
    (void)context;
    PyGILState_STATE gil;
    if (!spate_attach(&gil)) return 1;
    int32_t result = 0;
    /* Owned: its write() (user code) may replace sys.stdout, dropping the last other reference. */
    PyObject *out = Py_XNewRef(PySys_GetObject("stdout"));
    if (out && out != Py_None) {
        PyObject *r = PyObject_CallMethod(out, "write", "s#", text, (Py_ssize_t)length);
        if (!r) { keep_print_failure(); result = 1; }  /* the job's failure names it as the cause */
        Py_XDECREF(r);
    }
    Py_XDECREF(out);
    spate_detach(gil);
    return result;
}

int spate_host_install(void) {
    spate_host host = {
        .context = NULL,
        .release_objects = host_release,
        .retain_objects = host_retain,
        .format_objects = host_format,
        .write_stdout = host_write,
    };
    if (spate_set_host(&host) != SPATE_OK) {
        PyErr_Format(PyExc_RuntimeError, "spate: %s", spate_last_error());
        return -1;
    }
    return 0;
}
