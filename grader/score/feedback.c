// Plain words for a stuck student: what went wrong with a version, and where to look.
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "run/run.h"
#include "score/score.h"

static void
feedback_add(struct version_result *v, const char *fmt, ...)
{
  if (v->nfeedback == GRADER_MAX_FEEDBACK)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(v->feedback[v->nfeedback++], GRADER_TEXT, fmt, ap);
  va_end(ap);
}

// The file name alone ("openmp.c"), for sentences.
static const char *
feedback_file(const struct version_result *v)
{
  const char *slash = strrchr(v->source, '/');
  return slash ? slash + 1 : v->source;
}

// "1, 2 and 4", the worker counts of the configs whose verdict is (or is not) v.
static void
feedback_counts(const struct version_result *v, enum verdict verdict, int is,
                char *out, size_t len)
{
  int n = 0, total = 0;
  for (int i = 0; i < v->nconfigs; i++)
    total += (v->configs[i].verdict == verdict) == is;
  out[0] = '\0';
  for (int i = 0; i < v->nconfigs; i++) {
    if ((v->configs[i].verdict == verdict) != is)
      continue;
    size_t used = strlen(out);
    snprintf(out + used, len - used, "%s%d", n == 0 ? "" : n == total - 1 ? " and " : ", ",
             v->configs[i].workers);
    n++;
  }
}

// Why the answers went wrong: the exercise's own hint when one explains every wrong
// run (v->hint), else judged from the pattern over the worker counts: wrong at 1
// worker (the computation changed), wrong exactly at the counts that do not divide
// the size (a lost remainder), or wrong with more workers (split or combine).
static void
feedback_wrong(const struct exercise_result *e, struct version_result *v)
{
  // A lost remainder needs a right answer with several workers that divide the size:
  // a timed grading's size is divided by no count above 1, and there right with 1
  // worker only says nothing about remainders (a missing reduction looks the same).
  int wrong_at_1 = 0, wrong = 0, ok = 0, remainder = 1, ok_split = 0;
  for (int i = 0; i < v->nconfigs; i++) {
    const struct config_result *c = &v->configs[i];
    int divides = e->size % c->workers == 0;
    if (c->verdict == VERDICT_WRONG) {
      wrong++;
      wrong_at_1 |= c->workers == 1;
      remainder &= !divides;
    } else if (c->verdict == VERDICT_OK) {
      ok++;
      ok_split |= c->workers > 1;
      remainder &= divides;
    }
  }
  remainder &= ok_split;
  if (wrong == 0)
    return;
  char bad[128], good[128];
  feedback_counts(v, VERDICT_WRONG, 1, bad, sizeof bad);
  feedback_counts(v, VERDICT_OK, 1, good, sizeof good);
  int several = strchr(bad, ' ') != NULL;
  if (v->hint > 0) {
    // The exercise knows this bug (exercise.ini's [hint.NAME], diagnose/lost_work.c).
    const char *text = e->spec.hints[v->hint - 1].text;
    if (ok > 0)
      feedback_add(v, "Right with %s %s but wrong with %s: %s", good,
                   strcmp(good, "1") ? "workers" : "worker", bad, text);
    else
      feedback_add(v, "Wrong with %s %s: %s", bad, several || strcmp(bad, "1") ?
                   "workers" : "worker", text);
  } else if (wrong_at_1)
    feedback_add(v, "Wrong even with 1 worker: the computation itself changed, not "
                 "only how it is split. Run serial.c and your %s with the same --size "
                 "and --seed and compare their results line by line.", feedback_file(v));
  else if (ok > 0 && remainder)
    feedback_add(v, "Right with %s %s but wrong with %s: %s not divide %ld evenly. "
                 "Is the remainder of the division lost, so that some items are never "
                 "done?", good, strcmp(good, "1") ? "workers" : "worker", bad,
                 several ? "they do" : "it does", e->size);
  else if (ok > 0)
    feedback_add(v, "Right with %s %s but wrong with %s: the work is split or "
                 "combined wrongly. Is every item done exactly once (the remainder of "
                 "the division too), and is every worker's partial result added in once "
                 "(a missing reduction, or workers writing one shared variable at the "
                 "same time)?", good,
                 strcmp(good, "1") ? "workers" : "worker", bad);
}

// A crash, error exit or hang: the message, what it printed, how to reproduce it.
static void
feedback_failure(const struct exercise_result *e, struct version_result *v,
                 const struct config_result *c, const char *message)
{
  char again[GRADER_MSG];
  launch_describe(v->version, e->spec.program, c->workers, e->size, e->seed,
                  e->spec.generator[0] != '\0', again, sizeof again);
  // The serial time is not measured under --quick (NAN): then it is not mentioned.
  char serial[64] = "";
  if (!isnan(e->serial_seconds))
    snprintf(serial, sizeof serial, " The serial run takes %.2f s.", e->serial_seconds);
  if (c->verdict == VERDICT_TIMEOUT)
    feedback_add(v, "%s.%s Look for an MPI receive with no matching send, a barrier "
                 "or a lock some worker never reaches, or a loop whose condition "
                 "never changes. To reproduce: %s", message, serial, again);
  else if (c->verdict == VERDICT_SLOW)
    feedback_add(v, "%s.%s Does every worker do all the work, is a lock or an atomic "
                 "update taken for every item, or do messages go one item at a time? "
                 "To reproduce: %s", message, serial, again);
  else if (c->verdict == VERDICT_MEMORY)
    feedback_add(v, "%s. Is memory allocated in a loop and never freed, or an array "
                 "per item where one per worker would do? To reproduce: %s", message,
                 again);
  else if (c->verdict == VERDICT_FLOOD)
    feedback_add(v, "%s. Take out the printing inside loops (print a summary once); "
                 "the answer goes to the --output file only. To reproduce: %s", message,
                 again);
  else if (c->verdict == VERDICT_RACE)
    feedback_add(v, "%s. A race can give the right answer in one run and a wrong one in "
                 "the next, so it costs the correctness points even when the answer was "
                 "right. The grader found it in a second build of %s.c, with clang's "
                 "ThreadSanitizer, run at --size %ld with %d threads under Archer, "
                 "OpenMP's helper for it (README, \"Data races\", says how to run it "
                 "yourself).", message, v->version, e->spec.size_test, c->workers);
  else if (c->verdict == VERDICT_PROCESSES)
    feedback_add(v, "%s. Only the parent should start the workers, each exactly once, "
                 "and a child must _exit() when its share is done instead of going on "
                 "with the parent's loop. To reproduce: %s", message, again);
  else if (c->stderr_tail[0])
    feedback_add(v, "%s. Its last lines on stderr:\n%s\nTo reproduce: %s", message,
                 c->stderr_tail, again);
  else
    feedback_add(v, "%s. To reproduce: %s", message, again);
}

// Splits "crashed with 2 workers: killed by ..." around its worker count: what went
// wrong ("crashed", what_len characters) and the rest (": killed by ..."). Returns 0
// for a message without a count.
static int
feedback_split(const char *msg, size_t *what_len, const char **rest)
{
  for (const char *s = strstr(msg, " with "); s; s = strstr(s + 1, " with ")) {
    const char *d = s + strlen(" with ");
    if (*d < '0' || *d > '9')
      continue;  // a " with " that is not followed by the count
    while (*d >= '0' && *d <= '9')
      d++;
    if (strncmp(d, " worker", 7) != 0)
      continue;
    d += 7;
    *what_len = (size_t)(s - msg);
    *rest = *d == 's' ? d + 1 : d;
    return 1;
  }
  return 0;
}

// The failures from config `first` on that say the same thing, as one item:
// "wrong answer with 1, 2 and 3 workers: hits: expected 7, got 6 (tolerance: exact)".
// Returns the last config it covered.
static int
feedback_group(const struct exercise_result *e, struct version_result *v, int first)
{
  const struct config_result *f = &v->configs[first];
  size_t what_len = 0, len;
  const char *rest = "", *r;
  int last = first;
  if (feedback_split(f->message, &what_len, &rest))
    for (int i = first + 1; i < v->nconfigs; i++) {
      const struct config_result *c = &v->configs[i];
      if (c->verdict != f->verdict || !feedback_split(c->message, &len, &r) ||
          len != what_len || strncmp(c->message, f->message, len) != 0 ||
          strcmp(r, rest) != 0)
        break;
      last = i;
    }
  char line[GRADER_MSG], counts[128] = "";
  if (last == first) {
    snprintf(line, sizeof line, "%s", f->message);
  } else {
    for (int i = first; i <= last; i++) {
      size_t n = strlen(counts);
      snprintf(counts + n, sizeof counts - n, "%s%d",
               i == first ? "" : i == last ? " and " : ", ", v->configs[i].workers);
    }
    snprintf(line, sizeof line, "%.*s with %s workers%s", (int)what_len, f->message,
             counts, rest);
  }
  if (f->verdict == VERDICT_WRONG)
    feedback_add(v, "%s.", line);
  else
    feedback_failure(e, v, f, line);
  return last;
}

// "1.52 (95% interval 1.47-1.58, 4 rounds)": the scored speedup and how sure it is.
static void
feedback_estimate(const struct version_result *v, char *out, size_t len)
{
  if (isnan(v->speedup_low))
    snprintf(out, len, "%.2f (%d round%s)", v->scored_speedup, v->rounds,
             v->rounds == 1 ? "" : "s");
  else
    snprintf(out, len, "%.2f (95%% interval %.2f-%.2f, %d rounds)", v->scored_speedup,
             v->speedup_low, v->speedup_high, v->rounds);
}

// How the speedup earned (or did not earn) its points.
static void
feedback_speed(const struct exercise_result *e, struct version_result *v)
{
  const struct points_spec *p = &e->spec.points;
  double s = v->scored_speedup;
  char launch[GRADER_MSG] = "", est[GRADER_MSG];
  feedback_estimate(v, est, sizeof est);
  int is_mpi = launch_uses_mpi(v->version);
  // Workers that computed in its runs at all cores (0: unknown), and how much more
  // CPU time that took than the run with 1 worker: about the worker count when each
  // one did all the work, about 1 when they shared it.
  double busy = 0, cpu_all = 0, cpu_one = 0;
  for (int i = 0; i < v->nconfigs; i++) {
    if (v->configs[i].workers == e->cores) {
      busy = v->configs[i].busy;
      cpu_all = v->configs[i].cpu_seconds;
    }
    if (v->configs[i].workers == 1)
      cpu_one = v->configs[i].cpu_seconds;
  }
  double more_cpu = cpu_one > 0 ? cpu_all / cpu_one : 0;
  int ranks, threads;  // launch_seconds is per count of ranks
  launch_layout(v->version, e->cores, &ranks, &threads);
  for (int i = 0; is_mpi && i < e->ncounts; i++)
    if (e->counts[i] == ranks && !isnan(e->launch_seconds[i]))
      snprintf(launch, sizeof launch, " (with the MPI launch, %.2f s, taken out; "
               "%.2f with it)", e->launch_seconds[i], v->speedup);

  if (e->quick)
    feedback_add(v, "Correct at every worker count. --quick times nothing: run the "
                 "grader without it for the speedup points.");
  else if (!v->touched)
    feedback_add(v, "Not started yet: %s is still the skeleton as it was shipped "
                 "(comments and spacing aside), so it was checked (right at every "
                 "worker count) but not timed. Follow its TODOs (the exercise's README "
                 "explains each step); the grader times it once you change it.",
                 feedback_file(v));
  else if (isnan(s))
    feedback_add(v, "Correct, but its speedup could not be measured: the runs are too "
                 "short (at the grading size they take seconds).");
  else if (is_mpi && !v->parallel && !isnan(v->scaling) && strcmp(v->version, "hybrid") == 0)
    feedback_add(v, "Correct, but no speedup points: speedup %s at %d workers%s, and "
                 "it ran only %.2f times as fast as itself at 1 worker (the launch cost "
                 "taken out; %.2f is needed): its ranks and threads do not share the "
                 "work yet (a waiting rank keeps its core busy, so CPU time cannot "
                 "tell).", est, e->cores, launch, v->scaling, PARAM_SCALES);
  else if (is_mpi && !v->parallel && busy >= PARAM_ONE_CORE && !isnan(v->scaling))
    feedback_add(v, "Correct, but no speedup points: speedup %s at %d workers%s, and "
                 "at %d ranks it ran only %.2f times as fast as itself at 1 rank (the "
                 "launch cost taken out; %.2f is needed): rank 0 still does most of the "
                 "work while the other ranks wait (a waiting rank keeps its core busy, "
                 "so its CPU time cannot tell). Give every rank its share and combine "
                 "the parts: follow the TODOs in %s.", est, e->cores, launch, e->cores,
                 v->scaling, PARAM_SCALES, feedback_file(v));
  else if (!v->parallel && busy > 0)
    feedback_add(v, "Correct, but no speedup points: speedup %s at %d workers%s, and "
                 "it did not run in parallel: one thread used nearly all of its CPU time "
                 "(the others %.0f%%), so the work still runs one worker at a time, "
                 "whatever the clock says. Follow the TODOs in %s (the exercise's README "
                 "explains each step).", est, e->cores, launch, 100 * (busy - 1) / busy,
                 feedback_file(v));
  else if (!v->parallel)
    feedback_add(v, "Correct, but no speedup points: speedup %s at %d workers%s, and "
                 "its runs were too short for the grader to see how many workers "
                 "computed (it samples every %.1f s), so there is no evidence of "
                 "parallel work. Grade again with a larger --size.", est, e->cores,
                 launch, PARAM_WATCH_INTERVAL);
  else if (v->points_speedup <= 0 && e->cores > 1 && busy >= 0.7 * e->cores &&
           more_cpu >= 0.7 * e->cores)
    feedback_add(v, "Correct, but no speedup yet: %s at %d workers%s, although all %d "
                 "workers computed: together they used %.1f times the CPU time of the "
                 "run with 1 worker. Does every worker do the whole work instead of its "
                 "share (every rank computing everything, a parallel region without a "
                 "work-sharing loop), or wait busily for the others?", est, e->cores,
                 launch, e->cores, more_cpu);
  else if (v->points_speedup <= 0 && e->cores > 1 && busy >= 0.7 * e->cores &&
           more_cpu > 0)
    feedback_add(v, "Correct, but no speedup yet: %s at %d workers%s, although all %d "
                 "workers computed and shared the work (%.1f times the CPU time of the "
                 "run with 1 worker). Was the machine busy with other work? Grade again "
                 "when it is quiet; if nothing changes, is the parallel part too small "
                 "next to the serial part?", est, e->cores, launch, e->cores, more_cpu);
  else if (isnan(v->full_at))
    feedback_add(v, "Correct, speedup %s at %d workers%s, but the reference solution "
                 "reached only %.2f in the same rounds: the machine was too busy to "
                 "judge speed, so no speedup points this time. Grade again when it is "
                 "quiet.", est, e->cores, launch, v->reference_speedup);
  else if (v->points_speedup <= 0)
    feedback_add(v, "Correct, but no speedup yet: %s at %d workers%s. The work still "
                 "runs one worker at a time: follow the TODOs in %s (the exercise's "
                 "README explains each step).", est, e->cores, launch, feedback_file(v));
  else if (v->points_speedup < p->speedup && v->has_reference)
    feedback_add(v, "Correct, speedup %s at %d workers%s: %.1f of %g speedup points "
                 "(full points from %.2f, %g of the reference solution's %.2f). Is part "
                 "of the work still serial, are the workers' shares unequal, or was the "
                 "machine busy?", est, e->cores, launch, v->points_speedup, p->speedup,
                 v->full_at, p->full_at_reference, v->reference_speedup);
  else if (v->points_speedup < p->speedup)
    feedback_add(v, "Correct, speedup %s at %d workers%s: %.1f of %g speedup points "
                 "(full points from %.2f). Is part of the work still serial, are the "
                 "workers' shares unequal, or was the machine busy?", est, e->cores,
                 launch, v->points_speedup, p->speedup, v->full_at);
  else
    feedback_add(v, "Correct, speedup %s at %d workers%s: full points.", est, e->cores,
                 launch);
  // A hybrid's speed comes from the half the grader's layout used at all cores.
  if (strcmp(v->version, "hybrid") == 0 && v->touched && !e->quick &&
      v->points_speedup < p->speedup)
    feedback_add(v, "A hybrid's %d workers are %d rank%s x %d thread%s here (README, "
                 "step 4), so its speed %s?", e->cores, ranks, ranks == 1 ? "" : "s",
                 threads, threads == 1 ? "" : "s",
                 ranks == 1 ? "comes from the threads of one rank: are the rows of each "
                              "block shared by an omp parallel for"
                 : threads == 1 ? "comes from the ranks alone: does each rank compute "
                                  "only its own block"
                 : "needs both: does each rank compute only its block, its threads "
                   "sharing the block's rows");
}

// What its speedup says is still serial (Karp-Flatt), for a version that shared the
// work but missed full points by enough to look for.
static void
feedback_serial(const struct exercise_result *e, struct version_result *v)
{
  double f = v->serial_fraction;
  if (isnan(f) || f < PARAM_SERIAL_FRACTION_NOTED || !v->parallel ||
      v->points_speedup >= e->spec.points.speedup)
    return;
  feedback_add(v, "About %.0f%% of the run still behaves as serial work: that is the "
               "serial fraction Amdahl's law needs for a speedup of %.2f at %d workers "
               "(Karp-Flatt; unequal shares and waiting count in it too), and at that "
               "fraction no number of workers would take it past a speedup of %.1f. "
               "Look at what runs outside the parallel part: reading the input, "
               "starting the workers, the combine step, or one share much larger than "
               "the others.", 100 * f, v->scored_speedup, e->cores, 1 / f);
}

void
feedback_version(const struct exercise_result *e, struct version_result *v)
{
  v->nfeedback = 0;
  if (v->build == BUILD_MISSING) {
    feedback_add(v, "Not submitted: %s does not exist (0 of %g points).", v->source,
                 v->max_score);
    return;
  }
  if (v->build == BUILD_FAILED) {
    feedback_add(v, "%s does not compile, so it gets no points. Fix the first error "
                 "(the others often follow from it) and grade again:\n%s",
                 feedback_file(v), v->build_errors);
    return;
  }
  for (int i = 0; i < v->nconfigs; i++) {
    const struct config_result *c = &v->configs[i];
    if (c->verdict != VERDICT_OK)
      i = feedback_group(e, v, i);
  }
  if (!v->correct) {
    feedback_wrong(e, v);
    feedback_add(v, "No points until the answer is right at every worker count: "
                 "correctness comes before speed.");
    return;
  }
  feedback_speed(e, v);
  feedback_serial(e, v);
}
