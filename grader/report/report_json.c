// The JSON report (cJSON): DESIGN.md's shape, plus the numbers behind each verdict.
//
// For MPI, "seconds" and "speedup" are the whole run, as for the other versions, and
// "speedup_without_launch" has the launch cost ("launch_seconds") taken out; the
// points come from the latter ("scored_speedup" says which number was scored).
// "reference_speedup" is the project's reference solution's, of the scored kind,
// timed in the same rounds; "full_at" the speedup that earns full points (null: the
// reference showed none, nothing to judge by). "speedup_low" and "speedup_high" are
// the 95% interval of the scored speedup over its "rounds", "timed" says whether it
// was timed ("not_timed" why not), "busy" and "parallel" what its CPU accounting says. With --quick ("quick": true) nothing is
// timed and max_score counts the correctness points only.
#include <math.h>
#include <string.h>

#include <cJSON.h>

#include "check/check.h"
#include "report/report.h"
#include "run/run.h"

// A number, or null when it was not measured (JSON has no NaN).
static void
json_number(cJSON *o, const char *name, double x)
{
  if (isnan(x) || isinf(x))
    cJSON_AddNullToObject(o, name);
  else
    cJSON_AddNumberToObject(o, name, x);
}

// Rounded for people reading the report; the rounding is far below the noise.
static double
json_round(double x, double step)
{
  return isnan(x) || isinf(x) ? x : round(x / step) * step;
}

static const char *
json_build_word(enum build_status b)
{
  return b == BUILD_OK ? "ok" : b == BUILD_FAILED ? "failed" : "not submitted";
}

static cJSON *
json_run(const struct config_result *c, int is_mpi, double launch)
{
  cJSON *run = cJSON_CreateObject();
  cJSON_AddNumberToObject(run, "workers", c->workers);
  json_number(run, "seconds", json_round(c->seconds, 0.001));
  json_number(run, "speedup", json_round(c->speedup, 0.01));
  json_number(run, "efficiency", json_round(c->efficiency, 0.01));
  cJSON_AddBoolToObject(run, "correct", c->verdict == VERDICT_OK);
  cJSON_AddStringToObject(run, "verdict", check_verdict_name(c->verdict));
  cJSON_AddStringToObject(run, "message", c->message);
  cJSON_AddBoolToObject(run, "timed", c->timed);
  cJSON_AddNumberToObject(run, "samples", c->nsamples);
  json_number(run, "spread", json_round(c->spread, 0.001));
  json_number(run, "reference_speedup", json_round(c->ref_speedup, 0.01));
  // What the CPU time says: busy = total CPU time / the busiest thread's (about 1:
  // one thread did all the work).
  json_number(run, "cpu_seconds", json_round(c->cpu_seconds, 0.001));
  json_number(run, "busy", c->busy > 0 ? json_round(c->busy, 0.01) : NAN);
  if (is_mpi) {
    json_number(run, "launch_seconds", json_round(launch, 0.001));
    json_number(run, "speedup_without_launch", json_round(c->speedup_nl, 0.01));
    json_number(run, "efficiency_without_launch", json_round(c->efficiency_nl, 0.01));
  }
  return run;
}

static cJSON *
json_version(const struct exercise_result *e, const struct version_result *v)
{
  int is_mpi = launch_uses_mpi(v->version);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "version", v->version);
  cJSON_AddStringToObject(o, "source", v->source);
  cJSON_AddStringToObject(o, "build", json_build_word(v->build));
  if (v->build == BUILD_FAILED)
    cJSON_AddStringToObject(o, "build_errors", v->build_errors);
  cJSON_AddBoolToObject(o, "correct", v->correct);
  json_number(o, "speedup", json_round(v->speedup, 0.01));
  json_number(o, "efficiency", json_round(v->efficiency, 0.01));
  if (is_mpi) {
    json_number(o, "speedup_without_launch", json_round(v->speedup_nl, 0.01));
    json_number(o, "efficiency_without_launch", json_round(v->efficiency_nl, 0.01));
  }
  // Whether it was timed, and why not: "not started" (the shipped skeleton), "quick",
  // or "not built"; then the scored speedup's 95% interval over its rounds, and the
  // CPU gate (parallel: its runs at all cores showed more than one busy worker; for
  // MPI also scaling, how much faster than at 1 rank, at least PARAM_SCALES).
  cJSON_AddBoolToObject(o, "timed", v->timed);
  cJSON_AddBoolToObject(o, "started", v->touched);  // false: still the shipped skeleton
  if (!v->timed)
    cJSON_AddStringToObject(o, "not_timed", v->build != BUILD_OK ? "not built"
                                            : e->quick ? "quick" : "not started");
  cJSON_AddNumberToObject(o, "rounds", v->rounds);
  json_number(o, "scored_speedup", json_round(v->scored_speedup, 0.01));
  json_number(o, "speedup_low", json_round(v->speedup_low, 0.01));
  json_number(o, "speedup_high", json_round(v->speedup_high, 0.01));
  json_number(o, "serial_fraction", json_round(v->serial_fraction, 0.01));
  double busy = NAN;
  for (int i = 0; v->timed && i < v->nconfigs; i++)
    if (v->configs[i].workers == e->cores && v->configs[i].busy > 0)
      busy = v->configs[i].busy;
  json_number(o, "busy", json_round(busy, 0.01));
  cJSON_AddBoolToObject(o, "parallel", v->timed && v->parallel);
  if (strcmp(v->version, "openmp") == 0)  // the race check ran (diagnose/race.c)
    cJSON_AddBoolToObject(o, "race_checked", v->race_checked);
  if (launch_uses_mpi(v->version))
    json_number(o, "scaling", json_round(v->timed ? v->scaling : NAN, 0.01));
  json_number(o, "reference_speedup", json_round(v->reference_speedup, 0.01));
  json_number(o, "reference_low", json_round(v->reference_low, 0.01));
  json_number(o, "reference_high", json_round(v->reference_high, 0.01));
  json_number(o, "full_at", json_round(v->full_at, 0.01));
  cJSON_AddNumberToObject(o, "score", json_round(v->score, 0.1));
  cJSON_AddNumberToObject(o, "max_score", v->max_score);
  cJSON_AddNumberToObject(o, "correct_points", v->points_correct);
  cJSON_AddNumberToObject(o, "speedup_points", json_round(v->points_speedup, 0.1));
  cJSON *runs = cJSON_AddArrayToObject(o, "runs");
  for (int i = 0; i < v->nconfigs; i++)
    cJSON_AddItemToArray(runs, json_run(&v->configs[i], is_mpi, e->launch_seconds[i]));
  cJSON *feedback = cJSON_AddArrayToObject(o, "feedback");
  for (int f = 0; f < v->nfeedback; f++)
    cJSON_AddItemToArray(feedback, cJSON_CreateString(v->feedback[f]));
  return o;
}

static cJSON *
json_exercise(const struct exercise_result *e)
{
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "name", e->name);
  cJSON_AddBoolToObject(o, "graded", e->graded);
  if (!e->graded)
    cJSON_AddStringToObject(o, "error", e->error);
  if (e->spec.title[0])
    cJSON_AddStringToObject(o, "title", e->spec.title);
  cJSON_AddNumberToObject(o, "score", json_round(e->score, 0.1));
  cJSON_AddNumberToObject(o, "max_score", e->max_score);
  if (e->graded) {
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)e->seed);
    cJSON_AddRawToObject(o, "seed", seed);  // exact: a double would round a 64-bit seed
    cJSON_AddNumberToObject(o, "size", (double)e->size);
    cJSON_AddBoolToObject(o, "size_calibrated", e->calibrated);
    if (e->calibrated)
      cJSON_AddNumberToObject(o, "target_seconds", e->spec.target_seconds);
    cJSON_AddNumberToObject(o, "runs", e->runs);
    cJSON_AddBoolToObject(o, "quick", e->quick);
    json_number(o, "serial_seconds", json_round(e->serial_seconds, 0.001));
    json_number(o, "serial_spread", json_round(e->serial_spread, 0.001));
    cJSON *launch = cJSON_AddArrayToObject(o, "launch_seconds");
    for (int i = 0; i < e->ncounts; i++) {
      if (isnan(e->launch_seconds[i]))
        continue;
      cJSON *l = cJSON_CreateObject();
      cJSON_AddNumberToObject(l, "workers", e->counts[i]);
      cJSON_AddNumberToObject(l, "seconds", json_round(e->launch_seconds[i], 0.001));
      cJSON_AddItemToArray(launch, l);
    }
  }
  cJSON *versions = cJSON_AddArrayToObject(o, "versions");
  for (int v = 0; e->graded && v < e->nversions; v++)
    cJSON_AddItemToArray(versions, json_version(e, &e->versions[v]));
  return o;
}

int
report_json(FILE *out, const struct grading *g)
{
  cJSON *root = cJSON_CreateObject();
  if (!root)
    return -1;
  cJSON_AddNumberToObject(root, "score", json_round(g->score, 0.1));
  cJSON_AddNumberToObject(root, "max_score", g->max_score);
  cJSON_AddNumberToObject(root, "cores", g->cores);
  char seed[32];
  snprintf(seed, sizeof seed, "%llu", (unsigned long long)g->seed);
  cJSON_AddRawToObject(root, "seed", seed);
  cJSON_AddBoolToObject(root, "seed_drawn", g->seed_drawn);
  cJSON *exercises = cJSON_AddArrayToObject(root, "exercises");
  for (int i = 0; i < g->nexercises; i++)
    cJSON_AddItemToArray(exercises, json_exercise(&g->exercises[i]));

  char *text = cJSON_Print(root);
  cJSON_Delete(root);
  if (!text)
    return -1;
  fputs(text, out);
  fputc('\n', out);
  cJSON_free(text);
  return 0;
}
