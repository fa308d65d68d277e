// The scoring of one graded exercise: medians, speedups (MPI without the launch
// cost), the reference solution's speedup as the bar, points (score.c) and feedback.
#include <math.h>
#include <string.h>

#include "grade.h"

// The speedup of the scored kind (MPI: without the launch cost) of a median time.
static double
grade_scored_speedup(const struct exercise_result *r, int is_mpi, int i, double seconds)
{
  return is_mpi ? score_speedup_without_launch(r->serial_seconds, seconds,
                                               r->launch_seconds[i])
                : score_speedup(r->serial_seconds, seconds);
}

// The reference solution's medians at each count, and its speedup at all cores
// (the version's own when the graded file is the reference).
static void
grade_reference(const struct grade *gr, int v)
{
  const struct exercise_result *r = gr->r;
  struct version_result *vr = &gr->r->versions[v];
  int is_mpi = strcmp(vr->version, "mpi") == 0;
  vr->reference_speedup = NAN;
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
    const struct config_result *ref = gr->ref_self[v] ? c : &gr->ref[v][i];
    int usable = !failed && ref->verdict == VERDICT_OK && ref->nsamples > 0 &&
                 (gr->ref_self[v] || gr->ref_binary[v][0]);
    c->ref_seconds = usable ? timing_median(ref->samples, ref->nsamples) : NAN;
    c->ref_speedup = grade_scored_speedup(r, is_mpi, i, c->ref_seconds);
    if (c->workers == r->cores)
      vr->reference_speedup = c->ref_speedup;
  }
  vr->has_reference = !isnan(vr->reference_speedup);
}

// Medians, speedups, points and feedback of every version.
void
grade_score(struct grade *gr)
{
  struct exercise_result *r = gr->r;
  for (int v = 0; v < r->nversions; v++) {
    struct version_result *vr = &r->versions[v];
    int is_mpi = strcmp(vr->version, "mpi") == 0;
    vr->correct = vr->build == BUILD_OK;
    vr->speedup = vr->efficiency = vr->speedup_nl = vr->efficiency_nl = NAN;
    for (int i = 0; i < vr->nconfigs; i++) {
      struct config_result *c = &vr->configs[i];
      if (vr->build != BUILD_OK)
        c->verdict = VERDICT_NOT_RUN;
      vr->correct &= c->verdict == VERDICT_OK;
      c->seconds = timing_median(c->samples, c->nsamples);
      c->spread = timing_spread(c->samples, c->nsamples);
      c->speedup = score_speedup(r->serial_seconds, c->seconds);
      c->efficiency = c->speedup / c->workers;
      c->speedup_nl = c->efficiency_nl = NAN;
      if (is_mpi) {
        c->speedup_nl = grade_scored_speedup(r, 1, i, c->seconds);
        c->efficiency_nl = c->speedup_nl / c->workers;
      }
      if (c->workers == r->cores) {
        vr->speedup = c->speedup;
        vr->efficiency = c->efficiency;
        vr->speedup_nl = c->speedup_nl;
        vr->efficiency_nl = c->efficiency_nl;
      }
    }
    grade_reference(gr, v);
    vr->scored_speedup = is_mpi ? vr->speedup_nl : vr->speedup;
    vr->full_at = score_full_at(&r->spec.points, vr->reference_speedup, r->cores);
    vr->score = score_version(&r->spec.points, vr->correct, vr->scored_speedup,
                              vr->full_at, &vr->points_correct, &vr->points_speedup);
    if (r->quick) {  // nothing was timed: correctness only
      vr->points_speedup = 0;
      vr->score = vr->points_correct;
    }
    r->score += vr->score;
    feedback_version(r, vr);
  }
}
