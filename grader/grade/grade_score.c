// The scoring of one graded exercise: speedups from the rounds (MPI without the launch
// cost) with their intervals, the reference solution's speedup as the bar, the CPU
// gate, points (score.c) and feedback.
#include <math.h>
#include <string.h>

#include "diagnose/diagnose.h"
#include "grade/grade.h"
#include "grade/grading.h"
#include "run/run.h"
#include "score/score.h"

int
grade_count_index(const struct exercise_result *r, int workers)
{
  for (int i = 0; i < r->ncounts; i++)
    if (r->counts[i] == workers)
      return i;
  return 0;
}

// The median of the launch-cost samples at count i (NAN: none).
static double
grade_launch_median(const struct grade *gr, int i)
{
  return timing_median(gr->launch_samples[i], gr->nlaunch[i]);
}

int
grade_launch_index(const struct exercise_result *r, const char *version, int workers)
{
  int ranks, threads;
  launch_layout(version, workers, &ranks, &threads);
  return grade_count_index(r, ranks);
}

// The launch cost of `version` at `workers`: that of its ranks.
static double
grade_launch_of(const struct grade *gr, const char *version, int workers)
{
  return grade_launch_median(gr, grade_launch_index(gr->r, version, workers));
}

void
grade_interval(const struct grade *gr, int v, const struct config_result *c, int scored,
               double *median, double *low, double *high)
{
  const struct exercise_result *r = gr->r;
  int is_mpi = launch_uses_mpi(r->versions[v].version);
  double launch = is_mpi && scored ? grade_launch_of(gr, r->versions[v].version, c->workers)
                                   : 0;
  double ratios[PARAM_RUNS_MAX];
  int n = 0;
  for (int k = 0; k < c->nsamples; k++) {
    int round = c->sample_round[k];
    if (round < 1 || isnan(gr->serial_round[round]))
      continue;  // the warm-up, or a round whose serial run failed
    double s = score_speedup_without_launch(gr->serial_round[round], c->samples[k],
                                            launch);
    if (!isnan(s))
      ratios[n++] = s;
  }
  timing_interval(ratios, n, median, low, high);
}

double
grade_scaling(const struct grade *gr, int v)
{
  const struct exercise_result *r = gr->r;
  int one = grade_count_index(r, 1);
  if (one == gr->scored)
    return NAN;
  const struct config_result *c1 = &r->versions[v].configs[one];
  const struct config_result *cp = &r->versions[v].configs[gr->scored];
  const char *version = r->versions[v].version;
  double l1 = grade_launch_of(gr, version, 1), lp = grade_launch_of(gr, version, cp->workers);
  return score_scaling(c1->samples, c1->sample_round, c1->nsamples, cp->samples,
                       cp->sample_round, cp->nsamples, isnan(l1) ? 0 : l1,
                       isnan(lp) ? 0 : lp);
}

// The median of the serial reference's rounds (its warm-up when nothing was timed).
static void
grade_serial_median(struct grade *gr)
{
  struct exercise_result *r = gr->r;
  double t[PARAM_RUNS_MAX];
  int n = 0;
  for (int k = 1; k <= r->runs && k <= PARAM_RUNS_MAX; k++)
    if (!isnan(gr->serial_round[k]))
      t[n++] = gr->serial_round[k];
  r->serial_seconds = n ? timing_median(t, n) : r->serial_warm;
  r->serial_spread = timing_spread(t, n);
  for (int i = 0; i < r->ncounts; i++)
    if (gr->nlaunch[i] > 0)
      r->launch_seconds[i] = grade_launch_median(gr, i);
}

// The times and speedups of config c of version v: at the scored count, the medians
// of the rounds' ratios; at the counts that are shown, the serial median over the
// warm-up's time.
static void
grade_config_speedups(const struct grade *gr, int v, struct config_result *c, int scored)
{
  const struct exercise_result *r = gr->r;
  int is_mpi = launch_uses_mpi(r->versions[v].version);
  double low, high;
  c->seconds = timing_median(c->samples, c->nsamples);
  c->spread = timing_spread(c->samples, c->nsamples);
  c->busy = c->nbusy ? timing_median(c->busy_samples, c->nbusy) : 0;
  c->speedup_nl = c->efficiency_nl = NAN;
  double launch = grade_launch_of(gr, r->versions[v].version, c->workers);
  if (scored) {
    grade_interval(gr, v, c, 0, &c->speedup, &low, &high);
    if (is_mpi)
      grade_interval(gr, v, c, 1, &c->speedup_nl, &low, &high);
  } else {
    c->speedup = score_speedup(r->serial_seconds, c->seconds);
    if (is_mpi)
      c->speedup_nl = score_speedup_without_launch(r->serial_seconds, c->seconds, launch);
  }
  c->efficiency = c->speedup / c->workers;
  c->efficiency_nl = c->speedup_nl / c->workers;
}

// The reference solution's speedups at each count, and its interval at all cores
// (the version's own when the graded file is the reference).
static void
grade_reference(struct grade *gr, int v)
{
  const struct exercise_result *r = gr->r;
  struct version_result *vr = &gr->r->versions[v];
  int is_mpi = launch_uses_mpi(vr->version);
  vr->reference_speedup = vr->reference_low = vr->reference_high = NAN;
  // A reference that failed anywhere is the project's fault, not the student's: it
  // is left out, and the version is scored against the ideal speedup.
  int failed = 0;
  for (int i = 0; gr->ref_binary[v][0] && i < vr->nconfigs; i++)
    if (gr->ref[v][i].verdict != VERDICT_OK && !failed++)
      progress_note("%s: warning: the reference solution %s.c %s; %s is "
              "scored against the ideal speedup instead", r->name, vr->version,
              gr->ref[v][i].message, vr->version);
  for (int i = 0; i < vr->nconfigs; i++) {
    struct config_result *c = &vr->configs[i];
    struct config_result *ref = gr->ref_self[v] ? c : &gr->ref[v][i];
    int usable = !failed && ref->verdict == VERDICT_OK && ref->nsamples > 0 &&
                 (gr->ref_self[v] || gr->ref_binary[v][0]);
    c->ref_seconds = c->ref_speedup = NAN;
    if (!usable)
      continue;
    if (ref != c)
      grade_config_speedups(gr, v, ref, i == gr->scored);
    c->ref_seconds = ref->seconds;
    c->ref_speedup = is_mpi ? ref->speedup_nl : ref->speedup;
    if (i == gr->scored) {
      grade_interval(gr, v, ref, 1, &vr->reference_speedup, &vr->reference_low,
                     &vr->reference_high);
      c->ref_speedup = vr->reference_speedup;
    }
  }
  vr->has_reference = !isnan(vr->reference_speedup);
}

// Speedups, intervals, the CPU gate, points and feedback of every version.
void
grade_score(struct grade *gr)
{
  struct exercise_result *r = gr->r;
  grade_serial_median(gr);
  for (int v = 0; v < r->nversions; v++) {
    struct version_result *vr = &r->versions[v];
    vr->correct = vr->build == BUILD_OK;
    vr->speedup = vr->efficiency = vr->speedup_nl = vr->efficiency_nl = NAN;
    vr->scored_speedup = vr->speedup_low = vr->speedup_high = NAN;
    for (int i = 0; i < vr->nconfigs; i++) {
      struct config_result *c = &vr->configs[i];
      if (vr->build != BUILD_OK)
        c->verdict = VERDICT_NOT_RUN;
      vr->correct &= c->verdict == VERDICT_OK;
      grade_config_speedups(gr, v, c, i == gr->scored);
    }
    struct config_result *at_cores = &vr->configs[gr->scored];
    vr->speedup = at_cores->speedup;
    vr->efficiency = at_cores->efficiency;
    vr->speedup_nl = at_cores->speedup_nl;
    vr->efficiency_nl = at_cores->efficiency_nl;
    vr->rounds = 0;
    for (int k = 0; k < at_cores->nsamples; k++)
      vr->rounds += at_cores->sample_round[k] > 0;
    if (vr->timed)
      grade_interval(gr, v, at_cores, 1, &vr->scored_speedup, &vr->speedup_low,
                     &vr->speedup_high);
    vr->serial_fraction = vr->timed && vr->correct
                            ? score_serial_fraction(vr->scored_speedup, at_cores->workers)
                            : NAN;
    vr->parallel = score_parallel(at_cores->busy, r->cores);
    vr->scaling = launch_uses_mpi(vr->version) ? grade_scaling(gr, v) : NAN;
    if (launch_uses_mpi(vr->version))
      vr->parallel &= score_scales(vr->scaling, r->cores);
    grade_reference(gr, v);
    vr->full_at = gr->ref_self[v]
                    ? score_full_at_self(&r->spec.points, vr->reference_speedup)
                    : score_full_at(&r->spec.points, vr->reference_speedup, r->cores);
    vr->score = score_version(&r->spec.points, vr->correct, vr->parallel && vr->timed,
                              vr->scored_speedup, vr->full_at, &vr->points_correct,
                              &vr->points_speedup);
    r->score += vr->score;
    vr->hint = lost_work_hint(&r->spec, vr);
    feedback_version(r, vr);
  }
}
