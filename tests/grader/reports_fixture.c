// The made-up grading that the report tests write (reports_fixture.h).
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports_fixture.h"

static void
config(struct config_result *c, int workers, int timed, double speedup, double ref)
{
  memset(c, 0, sizeof *c);
  c->workers = workers;
  c->timed = timed;
  c->verdict = VERDICT_OK;
  snprintf(c->message, sizeof c->message, "correct with %d workers", workers);
  c->seconds = timed ? 2.0 / speedup : NAN;
  c->speedup = timed ? speedup : NAN;
  c->efficiency = timed ? speedup / workers : NAN;
  c->speedup_nl = c->efficiency_nl = NAN;
  c->ref_seconds = NAN;
  c->ref_speedup = timed ? ref : NAN;
  c->spread = NAN;
}

// 01-pi: embarrassing correct and fast, openmp wrong at 3 workers, mpi does not
// compile; 05-turbine could not be graded.
struct grading *
made_up(void)
{
  static struct grading g;
  static struct exercise_result e[2];
  memset(&g, 0, sizeof g);
  memset(e, 0, sizeof e);
  g.seed = 42;
  g.cores = 2;
  g.nexercises = 2;
  g.exercises = e;

  struct exercise_result *pi = &e[0];
  snprintf(pi->name, sizeof pi->name, "01-pi");
  snprintf(pi->spec.title, sizeof pi->spec.title, "Pi by throwing darts");
  pi->graded = 1;
  pi->seed = 42;
  pi->size = 1000;
  pi->cores = 2;
  pi->runs = 3;
  pi->serial_seconds = 2.0;
  pi->ncounts = 3;
  int counts[] = {1, 2, 3};
  for (int i = 0; i < 3; i++) {
    pi->counts[i] = counts[i];
    pi->timed[i] = counts[i] <= 2;
    pi->launch_seconds[i] = NAN;
  }
  pi->nversions = 3;
  const char *names[] = {"embarrassing", "openmp", "mpi"};
  for (int v = 0; v < 3; v++) {
    struct version_result *r = &pi->versions[v];
    snprintf(r->version, sizeof r->version, "%s", names[v]);
    snprintf(r->source, sizeof r->source, "sub/01-pi/%s.c", names[v]);
    r->max_score = 10;
    r->speedup = r->efficiency = r->speedup_nl = r->efficiency_nl = NAN;
    r->scored_speedup = r->reference_speedup = r->serial_fraction = NAN;
  }
  struct version_result *emb = &pi->versions[0];
  emb->build = BUILD_OK;
  emb->nconfigs = 3;
  config(&emb->configs[0], 1, 1, 0.98, 0.99);
  config(&emb->configs[1], 2, 1, 1.85, 1.9);
  config(&emb->configs[2], 3, 0, NAN, NAN);
  emb->correct = 1;
  emb->touched = emb->timed = 1;
  emb->scored_speedup = 1.85;
  emb->serial_fraction = 0.08;  // Karp-Flatt of 1.85 at 2 workers
  emb->points_correct = 4;
  emb->points_speedup = 6;
  emb->score = 10;
  emb->nfeedback = 1;
  snprintf(emb->feedback[0], GRADER_TEXT, "Correct, speedup 1.85 at 2 workers.");

  struct version_result *omp = &pi->versions[1];
  omp->build = BUILD_OK;
  omp->nconfigs = 3;
  config(&omp->configs[0], 1, 1, 1.0, NAN);
  config(&omp->configs[1], 2, 1, 1.5, NAN);
  config(&omp->configs[2], 3, 0, NAN, NAN);
  omp->configs[2].verdict = VERDICT_WRONG;
  snprintf(omp->configs[2].message, GRADER_MSG,
           "wrong answer with 3 workers: hits: expected 7, got 6 (tolerance: exact)");
  omp->nfeedback = 1;
  snprintf(omp->feedback[0], GRADER_TEXT, "Wrong answer with 3 workers & \"more\".");

  struct version_result *mpi = &pi->versions[2];
  mpi->build = BUILD_FAILED;
  snprintf(mpi->build_errors, GRADER_TEXT, "%s", NASTY);
  mpi->nfeedback = 1;
  snprintf(mpi->feedback[0], GRADER_TEXT, "mpi.c does not compile:\n%s", NASTY);

  pi->score = 10;
  pi->max_score = 30;

  struct exercise_result *t = &e[1];
  snprintf(t->name, sizeof t->name, "05-turbine");
  snprintf(t->error, sizeof t->error, "exercise.ini: line 3: <bad> & \"worse\"");
  t->max_score = 20;
  g.score = 10;
  g.max_score = 50;
  g.seconds = 94.6;
  return &g;
}

// Writes with fn into a string (free it).
char *
capture(void (*fn)(FILE *, const struct grading *), const struct grading *g)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  fn(f, g);
  fclose(f);
  return text;
}

