// Turns a run's ending and its result file into a verdict with a one-line message.
#define _GNU_SOURCE
#include <fnmatch.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grader.h"

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
  case RUN_SIGNALED:
    check_signal_name(o->code, sig, sizeof sig);
    snprintf(msg, len, "crashed with %d %s: killed by signal %s", workers, w, sig);
    return VERDICT_CRASHED;
  case RUN_EXITED:
    if (o->code != 0) {
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
