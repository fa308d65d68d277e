// The embarrassing task pool: forked workers run tasks and send the results back
// through pipes; the parent collects them and names any worker that failed.
#include "pool.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

// What a worker says before and after each task. START always comes first,
// so the parent knows which task a worker that dies was running.
enum { MSG_START = 1, MSG_RESULT, MSG_FAILED };
struct msg {
  uint64_t task;
  int32_t kind;
  int32_t code;  // MSG_FAILED: what run() returned
};

// The parent's view of one worker.
struct worker {
  pid_t pid;
  int from;      // result pipe, read end; -1 after EOF
  int to;        // task pipe, write end (POOL_DYNAMIC only); -1 when closed
  struct msg m;  // the message being read
  size_t got;    // bytes of it (header, then result) read so far
  int busy;      // was handed or started `task` and has not finished it
  int started;   // has started a task; `task` is the last one
  size_t task;
  int returned;  // run()'s value when the worker reported a failed task
};

// Reads or writes exactly len bytes, across short transfers and signals.
// Returns 0, or -1 on EOF or error.
static int
transfer(int fd, void *buf, size_t len, int writing)
{
  for (char *p = buf; len > 0;) {
    ssize_t n = writing ? write(fd, p, len) : read(fd, p, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    p += n, len -= (size_t)n;
  }
  return 0;
}

// Runs task t in a worker and reports it; returns what run() returned. The
// task writes into the worker's own copy-on-write copy of results: only the
// bytes sent through the pipe reach the parent.
static int
worker_task(const struct pool_job *job, int fd, size_t t, char *results)
{
  struct msg m = {t, MSG_START, 0};
  char *slot = results ? results + t * job->result_size : NULL;
  if (transfer(fd, &m, sizeof m, 1) < 0)
    _exit(1);
  m.code = job->run(t, slot, job->context);
  m.kind = m.code == 0 ? MSG_RESULT : MSG_FAILED;
  if (transfer(fd, &m, sizeof m, 1) < 0 ||
      (m.code == 0 && transfer(fd, slot, job->result_size, 1) < 0))
    _exit(1);  // the parent is gone
  return m.code;
}

// The body of worker w; never returns. It ends with _exit, not exit: the
// atexit handlers belong to the parent.
static void
worker_main(const struct pool_job *job, int w, int nworkers, int tasks_fd, int fd,
            char *results)
{
  int failed = 0;
  if (job->schedule == POOL_STATIC) {
    struct range r = split_block((size_t)w, (size_t)nworkers, job->tasks);
    for (size_t t = r.begin; t < r.end && !failed; t++)
      failed = worker_task(job, fd, t, results) != 0;
  } else {
    uint64_t t;
    while (!failed && transfer(tasks_fd, &t, sizeof t, 0) == 0)  // EOF: no more tasks
      failed = worker_task(job, fd, (size_t)t, results) != 0;
  }
  fflush(stdout);  // what the tasks printed; the parent's was flushed before fork
  fflush(stderr);
  _exit(failed);
}

// Records the first failure only: later ones are usually its consequences.
__attribute__((format(printf, 6, 7))) static void
report_failure(struct pool_report *rep, int w, size_t task, int status, int sig,
               const char *fmt, ...)
{
  if (rep->failed)
    return;
  *rep = (struct pool_report){rep->tasks_done, 1, task, w, status, sig, ""};
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(rep->message, sizeof rep->message, fmt, ap);
  va_end(ap);
}

// Starts worker w with a result pipe and a task pipe. Returns 0, or -1 (errno
// set). `old` is the SIGPIPE disposition the worker gets back.
static int
spawn(struct worker *wk, int w, int n, const struct pool_job *job, char *results,
      const struct sigaction *old)
{
  int rp[2], tp[2], e;
  if (pipe(rp) < 0)
    return -1;
  if (pipe(tp) < 0) {
    e = errno;
    close(rp[0]), close(rp[1]);
    errno = e;
    return -1;
  }
  pid_t pid = fork();
  if (pid == 0) {
    sigaction(SIGPIPE, old, NULL);
    for (int k = 0; k < w; k++) {  // else worker k would never see EOF
      close(wk[k].from);
      if (wk[k].to >= 0)
        close(wk[k].to);
    }
    close(rp[0]), close(tp[1]);
    worker_main(job, w, n, tp[0], rp[1], results);
  }
  e = errno;
  close(rp[1]), close(tp[0]);
  if (pid < 0 || job->schedule == POOL_STATIC)  // a static worker gets no tasks
    close(tp[1]);
  if (pid < 0) {
    close(rp[0]);
    errno = e;
    return -1;
  }
  int dynamic = job->schedule == POOL_DYNAMIC;
  wk[w] = (struct worker){.pid = pid, .from = rp[0], .to = dynamic ? tp[1] : -1};
  return 0;
}

// Hands a POOL_DYNAMIC worker its next task, or closes its task pipe (the
// worker then exits) when none is left or the pool is stopping.
static void
dispatch(struct worker *wk, size_t *next, size_t tasks, int stop)
{
  uint64_t t = *next;
  if (wk->to < 0)
    return;
  if (!stop && t < tasks && transfer(wk->to, &t, sizeof t, 1) == 0) {
    *next = t + 1;
    wk->busy = 1;
    wk->task = (size_t)t;
    return;
  }
  close(wk->to);  // after a write error too: the worker died, its EOF says how
  wk->to = -1;
}

// Reads what worker w has sent. Returns 1 when a task's result is complete,
// 0 when more is to come, -1 at EOF (or when the worker broke the protocol).
static int
collect(struct worker *wk, int w, const struct pool_job *job, char *results,
        unsigned char *done, struct pool_report *rep)
{
  size_t hdr = sizeof wk->m, size = job->result_size;
  int in_hdr = wk->got < hdr;
  char *dst = in_hdr ? (char *)&wk->m + wk->got : results + wk->task * size + wk->got - hdr;
  ssize_t n = read(wk->from, dst, in_hdr ? hdr - wk->got : hdr + size - wk->got);
  if (n < 0 && errno == EINTR)
    return 0;
  if (n <= 0)
    return -1;
  wk->got += (size_t)n;
  if (in_hdr && wk->got == hdr) {
    // START opens a task (in POOL_DYNAMIC the one handed out); RESULT and
    // FAILED close the open one. Anything else comes from a stray write.
    size_t t = (size_t)wk->m.task;
    int start = wk->m.kind == MSG_START, dynamic = job->schedule == POOL_DYNAMIC;
    int ok = wk->m.task < job->tasks &&
             (start ? (dynamic ? wk->busy && t == wk->task : !wk->busy)
                    : wk->busy && t == wk->task &&
                        (wk->m.kind == MSG_RESULT || wk->m.kind == MSG_FAILED));
    if (!ok) {
      report_failure(rep, w, wk->task, -1, 0, "worker %d garbled its messages", w);
      kill(wk->pid, SIGKILL);
      return -1;
    }
    if (start || wk->m.kind == MSG_FAILED) {
      wk->busy = wk->started = 1;
      wk->task = t;
      wk->got = 0;
      if (wk->m.kind == MSG_FAILED) {
        wk->returned = wk->m.code;
        report_failure(rep, w, t, 1, 0, "task %zu failed (returned %d) in worker %d", t,
                       wk->m.code, w);
      }
      return 0;
    }
  }
  if (wk->got < hdr + size)
    return 0;
  if (done)
    done[wk->task] = 1;
  rep->tasks_done++;
  wk->busy = 0;
  wk->got = 0;
  return 1;
}

// Closes worker w's pipes, waits for it and reports how it ended, if badly.
static void
reap(struct worker *wk, int w, struct pool_report *rep)
{
  int status;
  pid_t r;
  close(wk->from);
  if (wk->to >= 0)
    close(wk->to);
  wk->from = wk->to = -1;
  while ((r = waitpid(wk->pid, &status, 0)) < 0 && errno == EINTR)
    ;
  if (r < 0 || wk->returned != 0)  // a failed task was reported when it failed
    return;
  char when[64] = "before it started a task";
  if (wk->started || wk->busy)
    snprintf(when, sizeof when, "%s task %zu", wk->busy ? "while running" : "after",
             wk->task);
  if (WIFSIGNALED(status))
    report_failure(rep, w, wk->task, -1, WTERMSIG(status),
                   "worker %d was killed by signal %d (%s) %s", w, WTERMSIG(status),
                   strsignal(WTERMSIG(status)), when);
  else if (WEXITSTATUS(status) != 0 || wk->busy)  // exit(0) inside a task counts
    report_failure(rep, w, wk->task, WEXITSTATUS(status), 0,
                   "worker %d exited with status %d %s", w, WEXITSTATUS(status), when);
}

// A fresh report (in `spare` when the caller passed none).
static struct pool_report *
report_start(struct pool_report *rep, struct pool_report *spare)
{
  rep = rep ? rep : spare;
  *rep = (struct pool_report){.worker = -1, .exit_status = -1};
  return rep;
}

int
pool_map(const struct pool_job *job, int workers, void *results, unsigned char *done,
         struct pool_report *report)
{
  struct pool_report spare, *rep = report_start(report, &spare);
  if (workers < 1) {
    report_failure(rep, -1, 0, -1, 0, "the pool needs at least 1 worker, got %d", workers);
    return -1;
  }
  if (done)
    memset(done, 0, job->tasks);
  if (job->tasks == 0)
    return 0;
  int n = (size_t)workers < job->tasks ? workers : (int)job->tasks, started = 0;
  struct worker *wk = calloc((size_t)n, sizeof *wk + sizeof(struct pollfd));
  if (wk == NULL) {
    report_failure(rep, -1, 0, -1, 0, "the pool is out of memory");
    return -1;
  }
  struct pollfd *pfd = (struct pollfd *)(wk + n);  // in the same block
  // A dead worker's pipe must fail the parent's write with EPIPE, not kill it.
  struct sigaction ignore = {.sa_handler = SIG_IGN}, old;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGPIPE, &ignore, &old);
  fflush(NULL);  // else each worker would write the parent's pending output again
  for (; started < n; started++)
    if (spawn(wk, started, n, job, results, &old) < 0) {
      report_failure(rep, -1, 0, -1, 0, "cannot start worker %d: %s", started,
                     strerror(errno));
      for (int w = 0; w < started; w++)  // a half-started pool does no work
        kill(wk[w].pid, SIGKILL);
      break;
    }

  size_t next = 0;
  int dynamic = job->schedule == POOL_DYNAMIC, stop = rep->failed;
  for (int w = 0; dynamic && w < started; w++)
    dispatch(&wk[w], &next, job->tasks, stop);
  for (int open = started; open > 0;) {
    for (int w = 0; w < started; w++)
      pfd[w] = (struct pollfd){.fd = wk[w].from, .events = POLLIN};  // -1: skipped
    int ready = poll(pfd, (nfds_t)started, -1);
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready < 0) {
      report_failure(rep, -1, 0, -1, 0, "the pool cannot poll: %s", strerror(errno));
      for (int w = 0; w < started; w++)
        if (wk[w].from >= 0)
          kill(wk[w].pid, SIGKILL), reap(&wk[w], w, rep);
      break;
    }
    for (int w = 0; w < started; w++) {
      if (pfd[w].fd < 0 || pfd[w].revents == 0)
        continue;
      int rc = collect(&wk[w], w, job, results, done, rep);
      if (rc < 0) {
        stop |= wk[w].busy;  // died mid-task: hand out nothing more
        reap(&wk[w], w, rep);
        open--;
      }
      stop |= rep->failed;
      if (rc == 1 && dynamic)
        dispatch(&wk[w], &next, job->tasks, stop);
    }
  }
  sigaction(SIGPIPE, &old, NULL);
  free(wk);
  return rep->failed ? -1 : 0;
}

int
pool_map_shard(const struct pool_job *job, struct shard shard, void *results,
               unsigned char *done, struct pool_report *report)
{
  struct pool_report spare, *rep = report_start(report, &spare);
  if (shard.count == 0)  // no shard given: everything
    shard = (struct shard){0, 1};
  if (shard.index < 0 || shard.index >= shard.count) {
    report_failure(rep, -1, 0, -1, 0, "invalid share %d/%d", shard.index, shard.count);
    return -1;
  }
  if (done)
    memset(done, 0, job->tasks);
  struct range r = split_block((size_t)shard.index, (size_t)shard.count, job->tasks);
  for (size_t t = r.begin; t < r.end; t++) {
    int rc = job->run(t, results ? (char *)results + t * job->result_size : NULL,
                      job->context);
    if (rc != 0) {
      report_failure(rep, shard.index, t, -1, 0, "task %zu failed (returned %d) in share %d/%d",
                     t, rc, shard.index, shard.count);
      return -1;
    }
    if (done)
      done[t] = 1;
    rep->tasks_done++;
  }
  return 0;
}
