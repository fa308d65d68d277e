// pargrade: grades the exercises' parallel versions and reports the points.
//
// main() does the orchestration only, in the order of a grading: the options
// (setup/), the seed, the scratch directory (run/), the list of exercises, each one
// graded (grade/, or choose/ for 00-choose), then the report (report/); --class hands
// the whole class to class/.
#define _GNU_SOURCE
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "choose/choose.h"
#include "class/class.h"
#include "config.h"
#include "grade/grade.h"
#include "report/report.h"
#include "run/run.h"
#include "score/score.h"
#include "setup/setup.h"
#include "timer.h"

// 1 for an exercise directory: NN-name holding an exercise.ini (or, for 00-choose,
// a scenarios.ini).
static int
pargrade_is_exercise(const char *project, const char *name)
{
  if (!(name[0] >= '0' && name[0] <= '9' && name[1] >= '0' && name[1] <= '9' &&
        name[2] == '-'))
    return 0;
  char path[PATH_MAX];
  struct stat st;
  snprintf(path, sizeof path, "%s/exercises/%s/exercise.ini", project, name);
  return stat(path, &st) == 0 || choose_is_exercise(project, name);
}

static int
pargrade_by_name(const struct dirent **a, const struct dirent **b)
{
  return strcmp((*a)->d_name, (*b)->d_name);
}

// The exercise names to grade, in teaching order. Returns how many (0 with err set
// when there are none or --exercise names none of them).
static int
pargrade_exercises(const char *project, const char *only, char names[][GRADER_NAME],
                   int max, char *err, size_t errlen)
{
  char dir[PATH_MAX];
  snprintf(dir, sizeof dir, "%s/exercises", project);
  struct dirent **list;
  int n = scandir(dir, &list, NULL, pargrade_by_name);
  if (n < 0) {
    snprintf(err, errlen, "cannot list %s", dir);
    return 0;
  }
  int count = 0;
  char known[GRADER_MSG] = "";
  for (int i = 0; i < n; i++) {
    const char *name = list[i]->d_name;
    if (count < max && strlen(name) < GRADER_NAME && pargrade_is_exercise(project, name)) {
      size_t used = strlen(known);
      snprintf(known + used, sizeof known - used, "%s%s", used ? " " : "", name);
      if (!only || strcmp(only, name) == 0)
        snprintf(names[count++], GRADER_NAME, "%s", name);
    }
    free(list[i]);
  }
  free(list);
  if (count == 0 && only)
    snprintf(err, errlen, "--exercise %s: no such exercise (there are: %s)", only, known);
  else if (count == 0)
    snprintf(err, errlen, "no exercises found in %s", dir);
  return count;
}

// A seed drawn at grading time, so that an answer typed in by hand cannot pass.
// 32 bits keep it short enough to type back with --seed.
static uint64_t
pargrade_draw_seed(void)
{
  uint32_t seed = 0;
  if (getrandom(&seed, sizeof seed, 0) != sizeof seed)
    seed = (uint32_t)getpid() ^ (uint32_t)time(NULL);
  return seed;
}

// Where the version files come from: exercises/, solutions/ or the submission.
static int
pargrade_version_dir(const struct options *o, char *out, size_t len)
{
  if (o->source == SOURCE_SUBMISSION) {
    char *real = realpath(o->submission, NULL);
    if (!real)
      return -1;
    snprintf(out, len, "%s", real);
    free(real);
  } else {
    snprintf(out, len, "%s/%s", CONFIG_SOURCE_DIR,
             o->source == SOURCE_SOLUTIONS ? "solutions" : "exercises");
  }
  return 0;
}

static int
pargrade_colour(void)
{
  const char *term = getenv("TERM");
  return isatty(STDOUT_FILENO) && !getenv("NO_COLOR") && term && strcmp(term, "dumb");
}

// The name of a single submission's row in the CSV: the folder's name, or
// "exercises" / "solutions".
static void
pargrade_student(const struct options *o, char *out, size_t len)
{
  if (o->source != SOURCE_SUBMISSION) {
    snprintf(out, len, "%s", o->source == SOURCE_SOLUTIONS ? "solutions" : "exercises");
    return;
  }
  char *real = realpath(o->submission, NULL);
  const char *path = real ? real : o->submission;
  const char *base = strrchr(path, '/');
  snprintf(out, len, "%s", base && base[1] ? base + 1 : path);
  free(real);
}

// How many of the files a submission may hold it holds: a version file
// (DIR/NN-name/VERSION.c) of an exercise graded, or 00-choose's DIR/00-choose/answers.txt.
// example gets the name of one such file under DIR, for a message: the first exercise
// with programs, its openmp.c (else its first version); 00-choose's only without one.
static int
pargrade_files_found(const char *version_dir, const struct grading *g, char *example,
                     size_t len)
{
  int found = 0, program_example = 0;
  example[0] = '\0';
  for (int i = 0; i < g->nexercises; i++) {
    const struct exercise_result *e = &g->exercises[i];
    int choose = choose_is_exercise(CONFIG_SOURCE_DIR, e->name);
    for (int v = 0; v < (choose ? 1 : e->spec.nversions); v++) {
      char file[GRADER_NAME * 2 + 16], path[PATH_MAX + sizeof file];
      if (choose)
        snprintf(file, sizeof file, "%s/answers.txt", e->name);
      else
        snprintf(file, sizeof file, "%s/%s.c", e->name, e->spec.versions[v]);
      snprintf(path, sizeof path, "%s/%s", version_dir, file);
      struct stat st;
      found += stat(path, &st) == 0 && S_ISREG(st.st_mode);
      if (!example[0])
        snprintf(example, len, "%s", file);
    }
    if (!choose && !program_example && e->spec.nversions > 0) {
      int pick = 0;
      for (int v = 0; v < e->spec.nversions; v++)
        if (strcmp(e->spec.versions[v], "openmp") == 0)
          pick = v;
      snprintf(example, len, "%s/%s.c", e->name, e->spec.versions[pick]);
      program_example = 1;
    }
  }
  return found;
}

// The report on stdout, in the format asked for. Returns 0, or -1 when it failed.
static int
pargrade_report(const struct options *o, const struct grading *g)
{
  switch (o->format) {
  case FORMAT_JSON:
    return report_json(stdout, g);
  case FORMAT_GRADESCOPE:
    return report_gradescope(stdout, g);
  case FORMAT_CLASSROOM:
    return report_classroom(stdout, g);
  case FORMAT_PRAIRIELEARN:
    return report_prairielearn(stdout, g);
  case FORMAT_JUNIT:
    return report_junit(stdout, g);
  case FORMAT_CSV:
  case FORMAT_HTML: {
    char student[PATH_MAX];
    pargrade_student(o, student, sizeof student);
    struct cJSON *tree = report_tree(g);
    const char *students[] = {student};
    int status = !tree ? -1 : o->format == FORMAT_CSV
                              ? report_csv(stdout, students, &tree, 1)
                              : report_html(stdout, students, &tree, 1);
    cJSON_Delete(tree);
    return status;
  }
  case FORMAT_TABLE:
    break;
  }
  report_table(stdout, g, pargrade_colour());
  return 0;
}

int
main(int argc, char **argv)
{
  struct options o;
  char err[GRADER_TEXT];
  switch (options_parse(argc, argv, &o, err, sizeof err)) {
  case OPTIONS_HELP:
    options_help(stdout);
    return 0;
  case OPTIONS_ERROR:
    fprintf(stderr, "pargrade: error: %s\n", err);
    options_usage(stderr);
    return 2;
  case OPTIONS_OK:
    break;
  }

  if (o.hostfile && launch_across_hosts(o.hostfile, err, sizeof err) != 0) {
    fprintf(stderr, "pargrade: error: %s\n", err);
    return 2;
  }
  static char names[64][GRADER_NAME];
  int count = pargrade_exercises(CONFIG_SOURCE_DIR, o.exercise, names, 64, err,
                                 sizeof err);
  if (count == 0) {
    fprintf(stderr, "pargrade: error: %s\n", err);
    return o.exercise ? 2 : 1;
  }

  struct grading g = {0};
  g.seed_drawn = !o.have_seed;
  g.seed = o.have_seed ? o.seed : pargrade_draw_seed();
  g.cores = timing_cores();
  fprintf(stderr, "pargrade: seed %llu%s\n", (unsigned long long)g.seed,
          g.seed_drawn ? " (drawn now; add --seed to grade with it again)" : "");

  if (o.class_dir) {  // class.c: a child pargrade per student, one seed for all
    if (o.format != FORMAT_TABLE && o.format != FORMAT_JSON && o.format != FORMAT_CSV &&
        o.format != FORMAT_HTML) {
      fprintf(stderr, "pargrade: error: --format %s is one submission's report; with "
              "--class use table, json, csv or html\n", options_format_name(o.format));
      return 2;
    }
    run_catch_signals();
    return class_grade(&o, g.seed);
  }

  char scratch[PATH_MAX], version_dir[PATH_MAX];
  if (pargrade_version_dir(&o, version_dir, sizeof version_dir) != 0) {
    fprintf(stderr, "pargrade: error: --submission %s: cannot resolve\n", o.submission);
    return 2;
  }
  if (scratch_make(scratch, sizeof scratch, err, sizeof err) != 0) {
    fprintf(stderr, "pargrade: error: %s\n", err);
    return 1;
  }
  run_catch_signals();

  g.exercises = calloc((size_t)count, sizeof *g.exercises);
  if (!g.exercises) {
    fprintf(stderr, "pargrade: error: out of memory\n");
    scratch_remove(scratch);
    return 1;
  }
  struct grade_setup setup = {
    .project = CONFIG_SOURCE_DIR, .version_dir = version_dir, .scratch = scratch,
    .seed = g.seed, .size = o.size, .runs = o.runs, .adaptive = o.adaptive,
    .quick = o.quick,
  };
  int graded = 0;
  double started = timer_now();
  for (int i = 0; i < count && !run_interrupted(); i++) {
    struct exercise_result *e = &g.exercises[g.nexercises++];
    if (choose_is_exercise(CONFIG_SOURCE_DIR, names[i]))  // 00-choose: no programs
      choose_grade(&setup, names[i], e);
    else
      grade_exercise(&setup, names[i], e);
    if (!e->graded)
      progress_note("%s: not graded: %s", e->name, e->error);
    graded += e->graded;
    g.score += e->score;
    g.max_score += e->max_score;
  }
  progress_end();
  g.seconds = timer_since(started);

  if (o.keep)
    fprintf(stderr, "pargrade: the scratch directory is kept: %s\n", scratch);
  else
    scratch_remove(scratch);
  if (run_interrupted()) {
    fprintf(stderr, "\npargrade: interrupted; every process it started is stopped\n");
    free(g.exercises);
    return 130;
  }

  int status = graded > 0 ? 0 : 1;
  // A submission without a single file of an exercise: a wrong folder, most likely
  // (the report still says "not submitted" for each version).
  char example[GRADER_NAME * 2 + 16];
  if (o.source == SOURCE_SUBMISSION &&
      pargrade_files_found(version_dir, &g, example, sizeof example) == 0) {
    size_t dir_len = strlen(o.submission);
    while (dir_len > 1 && o.submission[dir_len - 1] == '/')
      dir_len--;
    fprintf(stderr, "pargrade: error: --submission %s: no exercise files found "
            "(expected e.g. %.*s/%s)\n", o.submission, (int)dir_len, o.submission,
            example[0] ? example : "01-pi/openmp.c");
    status = 1;
  }
  if (pargrade_report(&o, &g) != 0) {
    fprintf(stderr, "pargrade: error: cannot write the report (out of memory?)\n");
    status = 1;
  }
  if (o.plot_dir) {
    int n = report_plot(o.plot_dir, &g, err, sizeof err);
    if (n < 0) {
      fprintf(stderr, "pargrade: error: %s\n", err);
      status = 1;
    } else {
      fprintf(stderr, "pargrade: %d plot%s in %s\n", n, n == 1 ? "" : "s", o.plot_dir);
    }
  }
  free(g.exercises);
  return status;
}
