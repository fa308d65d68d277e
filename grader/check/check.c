// Turns a run's ending and its result file into a verdict with a one-line message.
#define _GNU_SOURCE
#include <fnmatch.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/check.h"
#include "run/run.h"

const char *
check_verdict_name(enum verdict v)
{
  switch (v) {
  case VERDICT_OK: return "correct";
  case VERDICT_WRONG: return "wrong answer";
  case VERDICT_CRASHED: return "crashed";
  case VERDICT_EXIT: return "failed";
  case VERDICT_TIMEOUT: return "timed out";
  case VERDICT_NOT_RUN: return "not run";
  case VERDICT_SLOW: return "too slow";
  case VERDICT_MEMORY: return "out of memory";
  case VERDICT_FLOOD: return "output flood";
  case VERDICT_PROCESSES: return "too many processes";
  case VERDICT_RACE: return "data race";
  }
  return "?";
}

// The check that applies to field `name`: the exact section for it, else the first
// pattern that matches it; NULL when none does.
static const struct check_spec *
check_for(const struct spec *s, const char *name)
{
  for (int i = 0; i < s->nchecks; i++)
    if (!s->checks[i].pattern && strcmp(s->checks[i].field, name) == 0)
      return &s->checks[i];
  for (int i = 0; i < s->nchecks; i++)
    if (s->checks[i].pattern && fnmatch(s->checks[i].field, name, 0) == 0)
      return &s->checks[i];
  return NULL;
}

int
check_patterns(const struct spec *s, const struct result *expected, char *msg,
               size_t len)
{
  for (int i = 0; i < s->nchecks; i++) {
    const struct check_spec *c = &s->checks[i];
    size_t f = 0;
    while (c->pattern && f < expected->count &&
           fnmatch(c->field, expected->fields[f].name, 0) != 0)
      f++;
    if (c->pattern && f == expected->count) {
      snprintf(msg, len, "[check.%s] matches no field of the serial result", c->field);
      return -1;
    }
  }
  return 0;
}

// Records one mismatch: the first one's line goes to msg.
static void
check_wrong(int *wrong, const char *line, char *msg, size_t len)
{
  if ((*wrong)++ == 0)
    snprintf(msg, len, "%s", line);
}

int
check_fields(const struct spec *s, const struct result *expected,
             const struct result *got, char *msg, size_t len)
{
  int wrong = 0;
  char line[GRADER_MSG];
  for (int i = 0; i < s->nchecks; i++) {
    const struct check_spec *c = &s->checks[i];
    if (!c->pattern && !result_check(expected, got, c->field, c->tol, line, sizeof line))
      check_wrong(&wrong, line, msg, len);
  }
  // Every field of expected that only a pattern names, with that pattern's tolerance.
  for (size_t f = 0; f < expected->count; f++) {
    const char *name = expected->fields[f].name;
    const struct check_spec *c = check_for(s, name);
    if (c && c->pattern && !result_check(expected, got, name, c->tol, line, sizeof line))
      check_wrong(&wrong, line, msg, len);
  }
  if (check_patterns(s, expected, line, sizeof line) != 0)
    check_wrong(&wrong, line, msg, len);
  if (wrong > 1) {
    size_t n = strlen(msg);
    snprintf(msg + n, len - n, " (and %d more field%s)", wrong - 1,
             wrong == 2 ? "" : "s");
  }
  return wrong == 0;
}

// "SIGSEGV (Segmentation fault)"
static void
check_signal_name(int sig, char *out, size_t len)
{
  const char *abbrev = sigabbrev_np(sig);
  if (abbrev)
    snprintf(out, len, "SIG%s (%s)", abbrev, strsignal(sig));
  else
    snprintf(out, len, "%d", sig);
}

// mpirun reports a rank killed by a signal with a non-zero exit of its own and a
// line "... exited on signal 11 (Segmentation fault)." Returns the signal, or 0.
static int
check_mpi_signal(const char *stderr_text)
{
  const char *p = stderr_text ? strstr(stderr_text, "exited on signal ") : NULL;
  return p ? atoi(p + strlen("exited on signal ")) : 0;
}

static const char *
check_plural(int workers)
{
  return workers == 1 ? "worker" : "workers";
}

// "16 MiB", "512 KiB"
static void
check_bytes(long long n, char *out, size_t len)
{
  if (n >= 1LL << 30 && n % (1LL << 30) == 0)
    snprintf(out, len, "%lld GiB", n >> 30);
  else if (n >= 1LL << 20)
    snprintf(out, len, "%lld MiB", n >> 20);
  else
    snprintf(out, len, "%lld KiB", n >> 10);
}

int
check_out_of_memory(const struct run_outcome *o, const char *stderr_text)
{
  if (o->memory_limit <= 0 ||
      !(o->status == RUN_SIGNALED || (o->status == RUN_EXITED && o->code != 0)))
    return 0;
  if ((long long)o->max_rss_kb * 1024 * 2 >= o->memory_limit)
    return 1;
  static const char *says[] = {"Cannot allocate memory", "cannot allocate memory",
                               "out of memory", "Out of memory", "bad_alloc"};
  for (size_t i = 0; stderr_text && i < sizeof says / sizeof says[0]; i++)
    if (strstr(stderr_text, says[i]))
      return 1;
  return 0;
}

// How busy a run that was stopped kept the machine, in words.
static void
check_busy(const struct run_outcome *o, char *out, size_t len)
{
  // In words only, no figures: the same hang at several worker counts is then one
  // line of feedback.
  double cores = o->seconds > 0 ? o->cpu_seconds / o->seconds : 0;
  if (cores >= 0.5)
    snprintf(out, len, "it kept computing all along: a loop that never ends, or MPI "
             "waiting for a message, which Open MPI does busily");
  else
    snprintf(out, len, "it sat idle, waiting for something that never came: a "
             "message, a lock or a barrier");
}

enum verdict
check_timeout(const struct run_outcome *o, int workers, long size,
              const struct run_outcome *small, long small_size, char *msg, size_t len)
{
  const char *w = workers == 1 ? "worker" : "workers";
  char busy[GRADER_MSG];
  check_busy(o, busy, sizeof busy);
  if (small && small->status == RUN_EXITED && small->code == 0) {
    snprintf(msg, len, "too slow with %d %s: still running after %.0f s at size %ld, "
             "but it finishes at size %ld (in %.2f s): much slower than serial, not "
             "stuck", workers, w, o->seconds, size, small_size, small->seconds);
    return VERDICT_SLOW;
  }
  if (small && small->status == RUN_TIMED_OUT)
    snprintf(msg, len, "no progress with %d %s: still running after %.0f s, and after "
             "%.0f s at size %ld too: likely a deadlock or an infinite loop (%s)",
             workers, w, o->seconds, small->seconds, small_size, busy);
  else
    snprintf(msg, len, "no progress with %d %s: still running after %.0f s at size "
             "%ld: likely a deadlock or an infinite loop (%s)", workers, w, o->seconds,
             size, busy);
  return VERDICT_TIMEOUT;
}

enum verdict
check_run(const struct spec *s, const struct result *expected,
          const struct run_outcome *o, int workers, const char *result_path,
          const char *stderr_text, char *msg, size_t len)
{
  char sig[96];
  const char *w = check_plural(workers);
  switch (o->status) {
  case RUN_NOT_STARTED:
    snprintf(msg, len, "did not start with %d %s: %s", workers, w, o->error);
    return VERDICT_NOT_RUN;
  case RUN_INTERRUPTED:
    snprintf(msg, len, "stopped with %d %s: the grader was interrupted", workers, w);
    return VERDICT_NOT_RUN;
  case RUN_TIMED_OUT:
    snprintf(msg, len, "timed out with %d %s: still running after %.0f s", workers, w,
             o->seconds);
    return VERDICT_TIMEOUT;
  case RUN_FLOODED: {
    char cap[32];
    check_bytes(o->output_limit, cap, sizeof cap);
    snprintf(msg, len, "output flood with %d %s: it wrote %s or more (stdout, stderr "
             "and files together may hold %s; the rest was cut and the run stopped)",
             workers, w, cap, cap);
    return VERDICT_FLOOD;
  }
  case RUN_TOO_MANY:
    snprintf(msg, len, "too many processes with %d %s: it reached the cap on "
             "processes and threads (%d %s) and was stopped: fork() in a loop?",
             workers, w, PARAM_PROCESSES_PER_WORKER, "per worker and a few more");
    return VERDICT_PROCESSES;
  case RUN_SIGNALED:
    if (check_out_of_memory(o, stderr_text)) {
      char cap[32];
      check_bytes(o->memory_limit, cap, sizeof cap);
      snprintf(msg, len, "out of memory with %d %s: a process reached the limit of %s "
               "and was stopped (killed by signal %s)", workers, w, cap,
               sigabbrev_np(o->code) ? sigabbrev_np(o->code) : "?");
      return VERDICT_MEMORY;
    }
    if (o->code == SIGXCPU) {
      snprintf(msg, len, "timed out with %d %s: it used up its CPU time limit", workers,
               w);
      return VERDICT_TIMEOUT;
    }
    check_signal_name(o->code, sig, sizeof sig);
    snprintf(msg, len, "crashed with %d %s: killed by signal %s", workers, w, sig);
    return VERDICT_CRASHED;
  case RUN_EXITED:
    if (o->code != 0) {
      if (check_out_of_memory(o, stderr_text)) {
        char cap[32];
        check_bytes(o->memory_limit, cap, sizeof cap);
        snprintf(msg, len, "out of memory with %d %s: a process reached the limit of "
                 "%s (exit status %d)", workers, w, cap, o->code);
        return VERDICT_MEMORY;
      }
      int rank_signal = check_mpi_signal(stderr_text);
      if (rank_signal > 0) {
        check_signal_name(rank_signal, sig, sizeof sig);
        snprintf(msg, len, "crashed with %d %s: a process was killed by signal %s",
                 workers, w, sig);
        return VERDICT_CRASHED;
      }
      snprintf(msg, len, "failed with %d %s: exit status %d", workers, w, o->code);
      return VERDICT_EXIT;
    }
    break;
  }

  struct result got = {0};
  char line[GRADER_MSG];
  enum verdict v = VERDICT_OK;
  if (access(result_path, F_OK) != 0) {
    snprintf(msg, len, "wrong answer with %d %s: it wrote no result to the --output "
             "file", workers, w);
    v = VERDICT_WRONG;
  } else if (result_load(result_path, &got, line, sizeof line) != 0) {
    snprintf(msg, len, "wrong answer with %d %s: its result is not in the result "
             "format (%s)", workers, w, line);
    v = VERDICT_WRONG;
  } else if (!check_fields(s, expected, &got, line, sizeof line)) {
    snprintf(msg, len, "wrong answer with %d %s: %s", workers, w, line);
    v = VERDICT_WRONG;
  } else {
    snprintf(msg, len, "correct with %d %s", workers, w);
  }
  result_free(&got);
  return v;
}
