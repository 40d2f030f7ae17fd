/* Stopping a running job at once. Ctrl-C, SIGTERM and JobClient.cancel() cancel the job and raise
 * KeyboardInterrupt in the Python functions its threads are running (an asynchronous exception,
 * delivered at the function's next bytecode), so the script gets control back within a second
 * whatever the functions do. A function sitting in a C call that no interrupt ends (time.sleep,
 * a blocking read) cannot be stopped: the job is then left to end when that call returns, the user
 * is told which function it is, and a second Ctrl-C (or SIGTERM) exits the process at once. */
#include "_spate_internal.h"
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* How long a cancelled job's functions get to return before the job is left to end on its own, and
 * how often they are interrupted meanwhile (a thread that enters Python later is caught next time). */
#define GRACE_MS 500
#define SLICE_MS 50
#define MAX_THREADS 4096

/* Cancelled jobs whose threads have not all ended: while there are any, a second SIGINT or SIGTERM
 * ends the process at once, with 128 + the signal's number (130 for Ctrl-C, as a shell reports). */
static atomic_int jobs_ending;
/* A SIGTERM nothing else handles, noticed while the main thread waits for a job (`waiting`): it
 * stops the job as Ctrl-C does. */
static volatile sig_atomic_t sigterm_received, waiting;

/* The handlers ours replaced (SIGINT, SIGTERM), and whether ours is in place. Main thread only. */
static struct sigaction previous[2];
static int installed[2];

static int slot_of(int sig) { return sig == SIGTERM; }

static void on_signal(int sig) {
    if (atomic_load(&jobs_ending) > 0) {
        static const char text[] = "\nspate: exiting at once\n";
        ssize_t written = write(2, text, sizeof text - 1);
        (void)written;
        _exit(128 + sig);
    }
    const struct sigaction *old = &previous[slot_of(sig)];
    if (sig == SIGTERM && old->sa_handler == SIG_DFL && waiting) {
        sigterm_received = 1;  /* the waiting loop cancels the job and raises SystemExit(143) */
    } else if (old->sa_handler == SIG_DFL) {
        signal(sig, SIG_DFL);
        raise(sig);
    } else if (old->sa_handler != SIG_IGN) {
        old->sa_handler(sig);  /* Python's own handler: it raises KeyboardInterrupt */
    }
}

/* Puts on_signal in place for `sig`; SIGTERM only when nothing else handles it, and never over a
 * signal the process ignores (a background job's SIGINT). */
static void install(int sig) {
    int slot = slot_of(sig);
    if (installed[slot]) return;
    struct sigaction current, ours;
    if (sigaction(sig, NULL, &current) != 0 || current.sa_handler == SIG_IGN) return;
    if (sig == SIGTERM && current.sa_handler != SIG_DFL) return;
    memset(&ours, 0, sizeof ours);
    ours.sa_handler = on_signal;
    ours.sa_flags = SA_ONSTACK;
    sigemptyset(&ours.sa_mask);
    previous[slot] = current;
    if (sigaction(sig, &ours, NULL) == 0) installed[slot] = 1;
}

static void uninstall(int sig) {
    int slot = slot_of(sig);
    if (!installed[slot]) return;
    struct sigaction current;
    /* Left alone when the script installed a handler of its own since. */
    if (sigaction(sig, NULL, &current) == 0 && current.sa_handler == on_signal) sigaction(sig, &previous[slot], NULL);
    installed[slot] = 0;
}

/* ---- jobs left to end on their own ---- */

typedef struct abandoned {
    spate_job *job;
    PyObject *owner;  /* the Graph the job runs: kept alive until the job ends */
    pthread_t reaper;
    atomic_int ended;
    struct abandoned *next;
} abandoned;

static abandoned *abandoned_jobs;  /* touched with the GIL only */

static void *reap(void *arg) {
    abandoned *entry = arg;
    spate_job_wait(entry->job, -1);
    atomic_store(&entry->ended, 1);
    atomic_fetch_sub(&jobs_ending, 1);
    return NULL;
}

void spate_job_free(spate_job *job) {
    Py_BEGIN_ALLOW_THREADS
    spate_job_destroy(job);
    Py_END_ALLOW_THREADS
    spate_apply_pending_decrefs();
}

/* Frees the abandoned jobs that have ended. */
static void sweep(void) {
    abandoned **link = &abandoned_jobs;
    while (*link) {
        abandoned *entry = *link;
        if (!atomic_load(&entry->ended)) {
            link = &entry->next;
            continue;
        }
        *link = entry->next;
        pthread_join(entry->reaper, NULL);
        spate_job_free(entry->job);
        Py_DECREF(entry->owner);
        free(entry);
    }
}

static void abandon(spate_job *job, PyObject *owner) {
    abandoned *entry = calloc(1, sizeof *entry);
    if (entry) {
        entry->job = job;
        entry->owner = owner;
        Py_INCREF(owner);
        if (pthread_create(&entry->reaper, NULL, reap, entry) == 0) {
            entry->next = abandoned_jobs;
            abandoned_jobs = entry;
            return;
        }
        Py_DECREF(owner);
        free(entry);
    }
    /* No reaper: the job stays as it is, its end uncounted (a second Ctrl-C still exits). */
}

/* ---- watching for signals while a job runs ---- */

void spate_signals_watch(void) {
    sweep();
    if (!_PyOS_IsMainThread()) return;
    install(SIGTERM);
    waiting = 1;
}

void spate_signals_unwatch(void) {
    sweep();
    if (!_PyOS_IsMainThread()) return;
    waiting = 0;
    if (atomic_load(&jobs_ending) > 0) return;
    uninstall(SIGINT);
    uninstall(SIGTERM);
}

int spate_stop_requested(void) {
    if (PyErr_CheckSignals() < 0) return 1;
    if (sigterm_received) {
        sigterm_received = 0;
        PyObject *code = PyLong_FromLong(128 + SIGTERM);
        PyErr_SetObject(PyExc_SystemExit, code);
        Py_XDECREF(code);
        return 1;
    }
    return 0;
}

/* ---- interrupting the job's functions ---- */

/* The job's thread ids, `*count` of them (a static buffer: main thread, with the GIL). */
static const uint64_t *job_threads(spate_job *job, int32_t *count) {
    static uint64_t ids[MAX_THREADS];
    int32_t n = spate_job_thread_ids(job, ids, MAX_THREADS);
    *count = n < MAX_THREADS ? n : MAX_THREADS;
    return ids;
}

/* Raises KeyboardInterrupt in each of the job's threads that is running Python code. */
static void interrupt_functions(spate_job *job) {
    int32_t n;
    const uint64_t *ids = job_threads(job, &n);
    PyObject *current_frames = PySys_GetObject("_current_frames");  /* borrowed */
    PyObject *frames = current_frames ? PyObject_CallNoArgs(current_frames) : NULL;
    if (!frames) {
        PyErr_Clear();
        return;
    }
    for (int32_t i = 0; i < n; i++) {
        PyObject *id = PyLong_FromUnsignedLongLong(ids[i]);
        if (id && PyDict_Contains(frames, id) == 1) PyThreadState_SetAsyncExc((unsigned long)ids[i], PyExc_KeyboardInterrupt);
        Py_XDECREF(id);
    }
    Py_DECREF(frames);
    PyErr_Clear();
}

/* Tells the user where the job's functions are stuck (spate._stuck.describe names them). */
static void report_stuck(spate_job *job, int by_signal) {
    int32_t n;
    const uint64_t *ids = job_threads(job, &n);
    PyObject *list = PyList_New(0);
    for (int32_t i = 0; list && i < n; i++) {
        PyObject *id = PyLong_FromUnsignedLongLong(ids[i]);
        if (!id || PyList_Append(list, id) < 0) Py_CLEAR(list);
        Py_XDECREF(id);
    }
    PyObject *describe = list ? spate_import_attr("spate._stuck", "describe") : NULL;
    PyObject *text = describe ? PyObject_CallFunction(describe, "Oi", list, by_signal) : NULL;
    const char *utf8 = text ? PyUnicode_AsUTF8(text) : NULL;
    if (utf8) {
        PySys_FormatStderr("%s\n", utf8);
    } else {
        PyErr_Clear();
        PySys_WriteStderr("spate: the job is cancelled but has not ended yet%s\n",
                          by_signal ? "; press Ctrl-C again to exit at once" : "");
    }
    Py_XDECREF(text);
    Py_XDECREF(describe);
    Py_XDECREF(list);
}

/* Waits up to `ms` for the job to end (without the GIL). */
static int ended_within(spate_job *job, int64_t ms) {
    spate_status status;
    Py_BEGIN_ALLOW_THREADS
    status = spate_job_wait(job, ms);
    Py_END_ALLOW_THREADS
    spate_apply_pending_decrefs();
    return status != SPATE_TIMEOUT;
}

void spate_job_stop(spate_job *job, PyObject *owner, int by_signal) {
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    atomic_fetch_add(&jobs_ending, 1);
    if (by_signal && _PyOS_IsMainThread()) {
        install(SIGINT);
        install(SIGTERM);
    }
    spate_job_cancel(job);
    int ended = 0;
    for (int waited = 0; !ended && waited < GRACE_MS; waited += SLICE_MS) {
        interrupt_functions(job);
        ended = ended_within(job, SLICE_MS);
    }
    if (ended) {
        spate_job_free(job);
        atomic_fetch_sub(&jobs_ending, 1);
        spate_signals_unwatch();
    } else {
        report_stuck(job, by_signal);
        abandon(job, owner);
    }
    PyErr_Restore(type, value, traceback);
}
