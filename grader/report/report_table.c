// The terminal report: one table per exercise, feedback in words, a legend, a total.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "choose/choose.h"
#include "report/report.h"
#include "run/run.h"

enum paint { PLAIN, GOOD, BAD, DIM, BOLD };

struct table {
  FILE *out;
  int colour;
};

// Prints text padded to width (negative: left-aligned), coloured when asked.
// Padding is done before the colour codes so that the columns stay aligned.
static void
table_cell(const struct table *t, enum paint p, int width, const char *text)
{
  static const char *codes[] = {"", "\033[32m", "\033[31m", "\033[2m", "\033[1m"};
  char padded[256];
  snprintf(padded, sizeof padded, "%*s", width, text);
  if (t->colour && p != PLAIN)
    fprintf(t->out, "%s%s\033[0m", codes[p], padded);
  else
    fputs(padded, t->out);
}

static void
table_number(char *out, size_t len, double x, const char *fmt)
{
  if (isnan(x) || isinf(x))
    snprintf(out, len, "-");
  else
    snprintf(out, len, fmt, x);
}

// "1.91" or, for MPI, "1.59 [1.97]": with the launch, then without it.
static void
table_pair(char *out, size_t len, double with, double without, int is_mpi)
{
  char a[32], b[32];
  table_number(a, sizeof a, with, "%.2f");
  if (!is_mpi) {
    snprintf(out, len, "%s", a);
    return;
  }
  table_number(b, sizeof b, without, "%.2f");
  snprintf(out, len, "%s [%s]", a, b);
}

static const char *
table_build_word(enum build_status b)
{
  return b == BUILD_OK ? "ok" : b == BUILD_FAILED ? "failed" : "not submitted";
}

static const char *
table_correct_word(enum verdict v)
{
  switch (v) {
  case VERDICT_OK: return "yes";
  case VERDICT_WRONG: return "wrong";
  case VERDICT_CRASHED: return "crashed";
  case VERDICT_EXIT: return "failed";
  case VERDICT_TIMEOUT: return "timeout";
  case VERDICT_NOT_RUN: return "-";
  case VERDICT_SLOW: return "too slow";
  case VERDICT_MEMORY: return "memory";
  case VERDICT_FLOOD: return "flood";
  case VERDICT_PROCESSES: return "forks";
  case VERDICT_RACE: return "race";
  }
  return "?";
}

// Starts a row in memory, so that table_row_end can drop the padding at its end.
static void
table_row_start(struct table *row, const struct table *t, char **buf, size_t *len)
{
  row->colour = t->colour;
  row->out = open_memstream(buf, len);
  if (!row->out)
    row->out = t->out;  // no memory: print as it comes, trailing spaces and all
}

static void
table_row_end(struct table *row, const struct table *t, char **buf)
{
  if (row->out == t->out) {
    fputc('\n', t->out);
    return;
  }
  fclose(row->out);  // sets *buf
  size_t n = strlen(*buf);
  while (n > 0 && (*buf)[n - 1] == ' ')
    n--;
  fprintf(t->out, "%.*s\n", (int)n, *buf);
  free(*buf);
  *buf = NULL;
}

static void
table_version(const struct table *table, const struct exercise_result *e,
              const struct version_result *v)
{
  struct table row, *t = &row;
  char *buf = NULL;
  size_t len;
  int is_mpi = launch_uses_mpi(v->version);
  char points[32], text[64];
  snprintf(points, sizeof points, "%.1f/%g", v->score, v->max_score);
  enum paint score_paint = v->score >= v->max_score ? GOOD : v->score > 0 ? PLAIN : BAD;

  if (v->build != BUILD_OK) {
    table_row_start(t, table, &buf, &len);
    fputs("  ", t->out);
    table_cell(t, PLAIN, -14, v->version);
    table_cell(t, BAD, -15, table_build_word(v->build));
    table_cell(t, PLAIN, -9, "-");
    fprintf(t->out, "%7s %8s %6s  %-13s%-13s%-13s%9s", "-", "-", "-", "-", "-", "-", "-");
    table_cell(t, score_paint, 8, points);
    table_row_end(t, table, &buf);
    return;
  }
  for (int i = 0; i < v->nconfigs; i++) {
    const struct config_result *c = &v->configs[i];
    table_row_start(t, table, &buf, &len);
    fputs("  ", t->out);
    table_cell(t, PLAIN, -14, i == 0 ? v->version : "");
    table_cell(t, GOOD, -15, i == 0 ? "ok" : "");
    table_cell(t, c->verdict == VERDICT_OK ? GOOD : BAD, -9,
               table_correct_word(c->verdict));
    fprintf(t->out, "%7d ", c->workers);
    if (e->quick) {
      table_cell(t, DIM, -64, "  (correctness only: --quick)");
    } else if (!c->timed) {
      snprintf(text, sizeof text, "  (correctness only: %d > %d cores)", c->workers,
               e->cores);
      table_cell(t, DIM, -64, text);
    } else if (!v->touched) {
      table_cell(t, DIM, -64, i == 0 ? "  (not started yet: the skeleton, not timed)"
                                     : "");
    } else {
      char secs[32], rounds[16], speed[64], eff[64], ref[32], interval[48] = "-";
      int scored = c->workers == e->cores;
      int n = 0;
      for (int k = 0; k < c->nsamples; k++)
        n += (c->sample_round[k] > 0) == scored;
      table_number(secs, sizeof secs, c->seconds, "%.2f");
      snprintf(rounds, sizeof rounds, "%d", n);
      table_pair(speed, sizeof speed, c->speedup, c->speedup_nl, is_mpi);
      table_pair(eff, sizeof eff, c->efficiency, c->efficiency_nl, is_mpi);
      table_number(ref, sizeof ref, c->ref_speedup, "%.2f");
      if (scored && !isnan(v->speedup_low))
        snprintf(interval, sizeof interval, "%.2f-%.2f", v->speedup_low, v->speedup_high);
      fprintf(t->out, "%8s %6s  %-13s%-13s%-13s%9s", secs, rounds, speed, interval, eff,
              ref);
    }
    if (i == 0)
      table_cell(t, score_paint, 8, points);
    table_row_end(t, table, &buf);
  }
}

// Each feedback item, with its continuation lines indented under it.
static void
table_feedback(const struct table *t, const struct version_result *v)
{
  for (int f = 0; f < v->nfeedback; f++) {
    fprintf(t->out, "    %s: ", v->version);
    for (const char *s = v->feedback[f]; *s; s++) {
      fputc(*s, t->out);
      if (*s == '\n')
        fputs("        ", t->out);
    }
    fputc('\n', t->out);
  }
}

// Each timed version's serial fraction (Karp-Flatt), when any was measured.
static void
table_serial_fractions(const struct table *t, const struct exercise_result *e)
{
  int any = 0;
  for (int v = 0; v < e->nversions; v++) {
    const struct version_result *vr = &e->versions[v];
    if (isnan(vr->serial_fraction))
      continue;
    fprintf(t->out, "%s%s %.2f", any ? ", " : "  serial fraction (Karp-Flatt) at the "
            "scored count: ", vr->version, vr->serial_fraction);
    any = 1;
  }
  if (any)
    fputs(": how much of the work Amdahl's law needs to be serial to explain each "
          "speedup (the speedup can never pass 1 / fraction).\n", t->out);
}

// The MPI launch cost and what the brackets mean, when an MPI version was timed.
static void
table_launch(const struct table *t, const struct exercise_result *e)
{
  int any = 0;
  for (int i = 0; i < e->ncounts; i++) {
    if (isnan(e->launch_seconds[i]))
      continue;
    fprintf(t->out, "%s%.2f s at %d rank%s", any ? ", " : "  MPI launch cost (an empty "
            "MPI program under mpirun): ", e->launch_seconds[i], e->counts[i],
            e->counts[i] == 1 ? "" : "s");
    any = 1;
  }
  if (any)
    fputs(".\n  MPI speedup and efficiency: whole run [with the launch cost taken "
          "out; this one is scored].\n", t->out);
}

// How the points were given, with this grading's numbers.
static void
table_rubric(const struct table *t, const struct exercise_result *e)
{
  const struct points_spec *p = &e->spec.points;
  fprintf(t->out, "  points per version: %g for the right answer at every worker count",
          p->correct);
  if (e->quick) {
    fputs(" (--quick grades only that; the speedup points need a full grading).\n",
          t->out);
    return;
  }
  fprintf(t->out, ", then up to %g for the speedup S at %d cores, when its runs show "
          "more than one busy worker: none at S <= %.1f, full at S >= %g x the reference "
          "solution's speedup in this grading, linear between; MPI is scored without its "
          "launch cost, and needs to run %g times as fast as at 1 rank.", p->speedup,
          e->cores, PARAM_NO_SPEEDUP, p->full_at_reference, PARAM_SCALES);
  int timed = 0;
  for (int v = 0; v < e->nversions; v++)
    timed += e->versions[v].timed;
  if (timed)
    fputs(" Full points at:", t->out);
  for (int v = 0; v < e->nversions; v++) {
    const struct version_result *vr = &e->versions[v];
    if (vr->build != BUILD_OK || !vr->timed)
      continue;
    if (isnan(vr->full_at))
      fprintf(t->out, " %s none (the reference reached only %.2f: too busy to judge)",
              vr->version, vr->reference_speedup);
    else if (vr->has_reference)
      fprintf(t->out, " %s %.2f (%g x %.2f)", vr->version, vr->full_at,
              p->full_at_reference, vr->reference_speedup);
    else
      fprintf(t->out, " %s %.2f (no reference timed: %g x %d cores)", vr->version,
              vr->full_at, p->full_efficiency, e->cores);
  }
  fputs(timed ? ".\n" : "\n", t->out);
}

static void
table_exercise(const struct table *t, const struct grading *g,
               const struct exercise_result *e)
{
  if (choose_is_result(e)) {  // 00-choose has answers, not runs: choose.c prints it
    choose_table(t->out, e, t->colour);
    return;
  }
  fputc('\n', t->out);
  char title[256];
  snprintf(title, sizeof title, "%s  %s", e->name, e->spec.title);
  table_cell(t, BOLD, 0, title);
  fputc('\n', t->out);
  if (!e->graded) {
    fputs("  not graded: ", t->out);
    for (const char *s = e->error; *s; s++) {
      fputc(*s, t->out);
      if (*s == '\n')
        fputs("    ", t->out);
    }
    fputc('\n', t->out);
    return;
  }
  char serial_spread[32];
  table_number(serial_spread, sizeof serial_spread, 100 * e->serial_spread, "%.0f%%");
  const char *drawn = g->seed_drawn ? " (drawn now; --seed repeats it)" : "";
  char size[128];
  if (e->calibrated)
    snprintf(size, sizeof size, "size %ld (chosen here for a serial run of about %g s; "
             "--size %ld repeats it)", e->size, e->spec.target_seconds, e->size);
  else
    snprintf(size, sizeof size, "size %ld", e->size);
  if (e->quick)
    fprintf(t->out, "  seed %llu%s, %s (--quick: correctness only, nothing timed)\n",
            (unsigned long long)e->seed, drawn, size);
  else if (e->runs == 0)
    fprintf(t->out, "  seed %llu%s, %s, %d core%s; nothing timed: no version was "
            "started yet (each is still its skeleton)\n", (unsigned long long)e->seed,
            drawn, size, e->cores, e->cores == 1 ? "" : "s");
  else
    fprintf(t->out, "  seed %llu%s, %s, %d core%s, serial median %.2f s over %d "
            "round%s (spread %s)\n", (unsigned long long)e->seed, drawn, size, e->cores,
            e->cores == 1 ? "" : "s", e->serial_seconds, e->runs, e->runs == 1 ? "" : "s",
            serial_spread);
  fprintf(t->out, "  %-14s%-15s%-9s%7s %8s %6s  %-13s%-13s%-13s%9s%8s\n", "version",
          "build", "correct", "workers", "seconds", "rounds", "speedup", "95% interval",
          "efficiency", "reference", "points");
  for (int v = 0; v < e->nversions; v++)
    table_version(t, e, &e->versions[v]);
  table_launch(t, e);
  table_serial_fractions(t, e);
  if (!e->quick && e->runs > 0)
    fprintf(t->out, "  At %d workers (the scored count) each round ran the serial program "
            "and the version one after the other: speedup is the median of their ratios "
            "over its rounds, with its 95%% interval, and a version's rounds stop once "
            "its points are decided; the other counts ran once, to be shown. seconds: "
            "the median of its runs. reference: the project's reference solution's "
            "speedup, timed in the same rounds (MPI: without the launch cost).\n",
            e->cores);

  fputs("  feedback:\n", t->out);
  for (int v = 0; v < e->nversions; v++)
    table_feedback(t, &e->versions[v]);

  table_rubric(t, e);
  fprintf(t->out, "  %s: %.1f / %g points\n", e->name, e->score, e->max_score);
}

void
report_table(FILE *out, const struct grading *g, int colour)
{
  struct table t = {out, colour};
  for (int i = 0; i < g->nexercises; i++)
    table_exercise(&t, g, &g->exercises[i]);
  char total[128];
  snprintf(total, sizeof total, "Total: %.1f / %g points", g->score, g->max_score);
  fputc('\n', out);
  table_cell(&t, BOLD, 0, total);
  fprintf(out, " (%d exercise%s, seed %llu)\n", g->nexercises,
          g->nexercises == 1 ? "" : "s", (unsigned long long)g->seed);
}
