// Class mode, pargrade --class DIR: each subfolder of DIR is one student's submission.
//
// Each student is graded by a pargrade of its own (this very binary, run with
// --submission STUDENT --format json), in a process of its own, with a time limit:
// whatever a submission does, and even a crash of the grader on it, stays with that
// student and the class goes on. The reports go beside the class folder, in
// DIR-reports/ (for class/: class-reports/):
//   STUDENT.json   the student's JSON report, plus "class": {"student", "hash"}
//   STUDENT.log    what the student's grading printed on stderr (progress, errors)
//   class.csv      one row per student (report_csv)
//   index.html     the class report to look at in a browser (report_html)
// A rerun skips a student whose report holds the same hash: FNV-1a over the files of
// the student's folder and its NN-name/ folders (names, sizes, contents; what the
// grader reads is among them) and the options that change grades
// (--exercise, --size, --runs, --quick, and --seed when given). Delete a report to
// grade that student again.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "class/class.h"
#include "class/class_hash.h"
#include "class/class_slurm.h"
#include "class/class_summary.h"
#include "grade/grade.h"
#include "report/report.h"
#include "run/run.h"
#include "setup/setup.h"
#include "timer.h"

#define CLASS_TIMEOUT 7200.0  // seconds for one student, all exercises: a safety net
                              // (PARGRADE_CLASS_TIMEOUT=SECONDS sets another)
#define CLASS_GRACE 15.0      // after SIGTERM, before SIGKILL

// --- one student ---------------------------------------------------------------------

static void class_progress(int done, int i, int n, const char *name,
                           const char *what);

static cJSON *
class_read_json(const char *path)
{
  char *text = file_read(path, 64 << 20);
  if (!text)
    return NULL;
  cJSON *json = cJSON_Parse(text);
  free(text);
  return json;
}

// Writes json to path through a temporary file, so that a report is whole or absent.
static int
class_write_json(const char *path, cJSON *json)
{
  char tmp[PATH_MAX + 8];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  char *text = cJSON_Print(json);
  FILE *f = text ? fopen(tmp, "w") : NULL;
  if (!f) {
    cJSON_free(text);
    return -1;
  }
  fputs(text, f);
  fputc('\n', f);
  cJSON_free(text);
  if (fclose(f) != 0 || rename(tmp, path) != 0) {
    unlink(tmp);
    return -1;
  }
  return 0;
}

static double
class_timeout(void)
{
  const char *text = getenv("PARGRADE_CLASS_TIMEOUT");
  char *end;
  double t = text ? strtod(text, &end) : 0;
  return text && end != text && *end == '\0' && t > 0 ? t : CLASS_TIMEOUT;
}

// Shared with class_slurm.c (sbatch): see class_slurm.h.
pid_t
class_spawn(char *const *argv, const char *out_path, const char *log_path)
{
  pid_t pid = fork();
  if (pid == 0) {
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    int in = open("/dev/null", O_RDONLY);
    int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (setsid() < 0 || in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 ||
        dup2(out, 1) < 0 || dup2(err, 2) < 0)
      _exit(127);
    execvp(argv[0], argv);
    _exit(127);
  }
  return pid;
}

// Runs pargrade on one student's folder, stdout to out_path and stderr to log_path.
// Returns a message for a grading that did not end normally, or NULL.
static const char *
class_run(char *const *argv, const char *out_path,
          const char *log_path, char *msg, size_t len)
{
  pid_t pid = class_spawn(argv, out_path, log_path);
  if (pid < 0) {
    snprintf(msg, len, "cannot start the grading: %s", strerror(errno));
    return msg;
  }
  double start = timer_now(), term_at = 0, limit = class_timeout();
  int status = 0, stopped = 0;
  for (;;) {
    pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid)
      break;
    if (w < 0 && errno != EINTR) {
      snprintf(msg, len, "lost the grading: %s", strerror(errno));
      return msg;
    }
    double now = timer_now();
    if (!stopped && (now - start > limit || run_interrupted())) {
      kill(pid, SIGTERM);  // pargrade stops its current run and cleans up
      stopped = 1 + !run_interrupted();
      term_at = now;
    } else if (stopped && now - term_at > CLASS_GRACE) {
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
    }
    struct timespec nap = {0, 50 * 1000 * 1000};
    nanosleep(&nap, NULL);
  }
  if (stopped == 2) {
    snprintf(msg, len, "the grading took longer than %g s and was stopped", limit);
    return msg;
  }
  if (WIFSIGNALED(status)) {
    snprintf(msg, len, "the grader was killed by signal %d on this submission",
             WTERMSIG(status));
    return msg;
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) > 1) {
    snprintf(msg, len, "the grader stopped with exit status %d", WEXITSTATUS(status));
    return msg;
  }
  return NULL;
}

// 1 when student s's report is there and was made from the same files and options
// (the same hash): it is kept as it is.
static int
class_keep(const char *reports, struct student *s)
{
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/%s.json", reports, s->name);
  cJSON *old = class_read_json(path);
  const char *hash = cJSON_GetStringValue(
      cJSON_GetObjectItem(cJSON_GetObjectItem(old, "class"), "hash"));
  if (old && hash && strcmp(hash, s->hash) == 0 && cJSON_GetObjectItem(old, "exercises")) {
    s->report = old;
    s->status = CLASS_UNCHANGED;
    return 1;
  }
  cJSON_Delete(old);
  return 0;
}

// The command line that grades student s: this very pargrade with the class's options,
// and the files its report (REPORTS/STUDENT.json.part) and log go to.
struct class_command {
  const char *argv[24];
  char seed[32], size[32], runs[16], plot[PATH_MAX], part[PATH_MAX + 16], log[PATH_MAX];
};

static void
class_command(const struct options *o, const char *self, uint64_t seed,
              const char *reports, const struct student *s, struct class_command *c)
{
  snprintf(c->part, sizeof c->part, "%s/%s.json.part", reports, s->name);
  snprintf(c->log, sizeof c->log, "%s/%s.log", reports, s->name);
  snprintf(c->seed, sizeof c->seed, "%llu", (unsigned long long)seed);
  int n = 0;
  c->argv[n++] = self;
  c->argv[n++] = "--submission";
  c->argv[n++] = s->dir;
  c->argv[n++] = "--format";
  c->argv[n++] = "json";
  c->argv[n++] = "--seed";
  c->argv[n++] = c->seed;
  if (o->exercise) {
    c->argv[n++] = "--exercise";
    c->argv[n++] = o->exercise;
  }
  if (o->size) {
    snprintf(c->size, sizeof c->size, "%ld", o->size);
    c->argv[n++] = "--size";
    c->argv[n++] = c->size;
  }
  if (!o->adaptive) {
    snprintf(c->runs, sizeof c->runs, "%d", o->runs);
    c->argv[n++] = "--runs";
    c->argv[n++] = c->runs;
  }
  if (o->quick)
    c->argv[n++] = "--quick";
  if (o->hostfile) {
    c->argv[n++] = "--hostfile";
    c->argv[n++] = o->hostfile;
  }
  if (o->plot_dir) {
    snprintf(c->plot, sizeof c->plot, "%s/%s", o->plot_dir, s->name);
    c->argv[n++] = "--plot";
    c->argv[n++] = c->plot;
  }
  c->argv[n] = NULL;
}

// Makes s's report from what its grading left in c->part (or from `failure`, when it
// did not end normally; `no_report` says why when it left none), adds what class mode
// knows ("class": student, hash, when, options) and writes it to REPORTS/STUDENT.json.
static void
class_finish(const struct options *o, const char *reports, struct student *s,
             const struct class_command *c, const char *failure, const char *no_report)
{
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/%s.json", reports, s->name);
  cJSON *report = failure ? NULL : class_read_json(c->part);
  unlink(c->part);
  if (!failure && (!cJSON_IsObject(report) || !cJSON_GetObjectItem(report, "exercises")))
    failure = no_report;
  cJSON *info = cJSON_CreateObject();
  cJSON_AddStringToObject(info, "student", s->name);
  if (failure) {
    // No hash: a rerun tries this student again.
    cJSON_Delete(report);
    report = cJSON_CreateObject();
    cJSON_AddNumberToObject(report, "score", 0);
    cJSON_AddNumberToObject(report, "max_score", 0);
    char text[2 * GRADER_MSG + PATH_MAX + 32];
    snprintf(text, sizeof text, access(c->log, F_OK) == 0 ? "%s (see %s)" : "%s", failure,
             c->log);
    cJSON_AddStringToObject(report, "error", text);
    cJSON_AddArrayToObject(report, "exercises");
    cJSON_AddNullToObject(info, "hash");
    s->status = CLASS_FAILED;
  } else {
    cJSON_AddStringToObject(info, "hash", s->hash);
    s->status = CLASS_GRADED;
  }
  char when[32];  // for the class report's table: when this report was made (UTC)
  time_t now = time(NULL);
  strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", gmtime(&now));
  cJSON_AddStringToObject(info, "graded_at", when);
  char options[512];
  class_options_text(o, options, sizeof options);
  cJSON_AddStringToObject(info, "options", options);
  cJSON_DeleteItemFromObject(report, "class");
  cJSON_AddItemToObject(report, "class", info);
  if (class_write_json(path, report) != 0)
    fprintf(stderr, "pargrade: warning: cannot write %s: %s\n", path, strerror(errno));
  s->report = report;
}

// --- the class -----------------------------------------------------------------------

// The student folders of dir, by name: directories (or links to them) whose names
// do not start with a dot. Returns how many (-1 when dir cannot be listed).
static int
class_students(const char *dir, struct student **out)
{
  struct dirent **list;
  int n = scandir(dir, &list, NULL, class_by_name);
  if (n < 0)
    return -1;
  struct student *s = calloc((size_t)n + 1, sizeof *s);
  int count = 0;
  for (int i = 0; i < n; i++) {
    const char *name = list[i]->d_name;
    char path[PATH_MAX];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (s && name[0] != '.' && strlen(name) < sizeof s->name && stat(path, &st) == 0 &&
        S_ISDIR(st.st_mode)) {
      snprintf(s[count].name, sizeof s[count].name, "%s", name);
      snprintf(s[count].dir, sizeof s[count].dir, "%s", path);
      count++;
    }
    free(list[i]);
  }
  free(list);
  *out = s;
  return s ? count : -1;
}

void
class_reports_dir(const char *class_dir, char *out, size_t len)
{
  char *real = realpath(class_dir, NULL);
  const char *dir = real ? real : class_dir;
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/')
    n--;
  snprintf(out, len, "%.*s-reports", (int)n, dir);
  free(real);
}

// When the class started, and what the students graded so far took (one whose report
// was kept takes no time): the progress line's estimate of the rest.
static double class_started, class_graded_seconds;
static int class_graded;

// "45 s", "3 min 05 s".
static void
class_duration(double seconds, char *out, size_t len)
{
  long s = lround(seconds);
  if (s < 60)
    snprintf(out, len, "%ld s", s);
  else
    snprintf(out, len, "%ld min %02ld s", s / 60, s % 60);
}

// Progress on stderr: one line that updates itself on a terminal (a failure stays on
// its own line), plain lines in a log: student i + 1 of n, what happened, the time so
// far and, once one student was graded, about how long the rest will take (as long
// as each of the graded ones took on average; less for those unchanged).
static void
class_progress(int done, int i, int n, const char *name, const char *what)
{
  char so_far[32], left[32], when[96];
  class_duration(timer_since(class_started), so_far, sizeof so_far);
  int rest = n - i - done;
  if (class_graded > 0 && rest > 0) {
    class_duration(class_graded_seconds / class_graded * rest, left, sizeof left);
    snprintf(when, sizeof when, " [%s so far, about %s left]", so_far, left);
  } else {
    snprintf(when, sizeof when, " [%s so far]", so_far);
  }
  if (done && strncmp(what, "failed", 6) == 0)
    progress_note("class: [%d/%d] %s: %s%s", i + 1, n, name, what, when);
  else
    progress_update("class: [%d/%d] %s: %s%s", i + 1, n, name, what, when);
}

// The progress line once student i is done: its points, or why it failed.
static void
class_student_done(const struct student *s, int i, int n)
{
  char what[GRADER_MSG + 64];
  if (s->status == CLASS_FAILED)
    snprintf(what, sizeof what, "failed: %s",
             cJSON_GetStringValue(cJSON_GetObjectItem(s->report, "error")));
  else
    snprintf(what, sizeof what, "%.1f / %g points%s", class_number(s->report, "score"),
             class_number(s->report, "max_score"),
             s->status == CLASS_UNCHANGED ? " (unchanged since the last run, report kept)"
                                          : "");
  class_progress(1, i, n, s->name, what);
}

// Grades the students whose reports were not kept, one after the other, here.
// Returns how many students are done (all of them unless interrupted).
static int
class_grade_here(const struct options *o, const char *self, uint64_t seed,
                 const char *reports, struct student *s, int n)
{
  int done = 0;
  for (int i = 0; i < n && !run_interrupted(); i++) {
    if (!s[i].report) {
      static struct class_command c;
      char msg[GRADER_MSG];
      double started = timer_now();
      class_command(o, self, seed, reports, &s[i], &c);
      class_progress(0, i, n, s[i].name, "grading");
      const char *failure = class_run((char *const *)c.argv, c.part, c.log, msg, sizeof msg);
      class_finish(o, reports, &s[i], &c, failure,
                   "the grader wrote no report for this submission");
      class_graded++;
      class_graded_seconds += timer_since(started);
    }
    class_student_done(&s[i], i, n);
    done++;
  }
  return done;
}

// Grades the students whose reports were not kept as one Slurm job array (class_slurm.c)
// and waits for it. Returns how many students are done, or -1 when the array could
// not be submitted (the reason printed).
static int
class_grade_on_slurm(const struct options *o, const char *self, uint64_t seed,
                     const char *reports, struct student *s, int n)
{
  struct class_command *c = calloc((size_t)n, sizeof *c);
  struct class_task *tasks = calloc((size_t)n, sizeof *tasks);
  int todo = 0, status = 0;
  for (int i = 0; c && tasks && i < n; i++)
    if (!s[i].report) {
      class_command(o, self, seed, reports, &s[i], &c[i]);
      tasks[todo++] = (struct class_task){c[i].argv, c[i].part, c[i].log};
    }
  if (!c || !tasks) {
    fprintf(stderr, "pargrade: error: --slurm: out of memory\n");
    status = -1;
  } else if (todo > 0) {
    char err[GRADER_MSG];
    progress_note("class: %d of %d students to grade: one Slurm job array of %d tasks; "
                  "waiting for it to end (squeue shows it)", todo, n, todo);
    status = class_slurm_run(o, tasks, todo, reports, err, sizeof err);
    if (status < 0)
      fprintf(stderr, "pargrade: error: %s\n", err);
  }
  int done = 0, task = 0;
  for (int i = 0; status == 0 && i < n; i++) {
    if (!s[i].report) {  // graded by the array, which has ended: no estimate of the rest
      char why[GRADER_MSG];
      snprintf(why, sizeof why, "its Slurm task ended without a report: it failed or ran "
               "past --slurm-time (Slurm's words: %s/slurm/task-%d.out)", reports, task++);
      class_finish(o, reports, &s[i], &c[i], NULL, why);
    }
    class_student_done(&s[i], i, n);
    done++;
  }
  free(c);
  free(tasks);
  return status < 0 ? -1 : done;
}

int
class_grade(const struct options *o, uint64_t seed)
{
  char self[PATH_MAX], reports[PATH_MAX];
  ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
  if (len <= 0) {
    fprintf(stderr, "pargrade: error: cannot find the pargrade binary itself\n");
    return 1;
  }
  self[len] = '\0';
  class_reports_dir(o->class_dir, reports, sizeof reports);
  if (mkdir(reports, 0755) != 0 && errno != EEXIST) {
    fprintf(stderr, "pargrade: error: cannot make %s: %s\n", reports, strerror(errno));
    return 1;
  }
  struct student *s;
  int n = class_students(o->class_dir, &s);
  if (n <= 0) {
    fprintf(stderr, "pargrade: error: --class %s: %s\n", o->class_dir,
            n < 0 ? "cannot list the folder" : "no student folders in it");
    free(n == 0 ? s : NULL);
    return 1;
  }
  fprintf(stderr, "pargrade: class: %d student%s; reports in %s\n", n,
          n == 1 ? "" : "s", reports);
  class_started = timer_now();
  for (int i = 0; i < n; i++) {
    class_hash(o, s[i].dir, s[i].hash);
    class_keep(reports, &s[i]);
  }
  int done = o->slurm ? class_grade_on_slurm(o, self, seed, reports, s, n)
                      : class_grade_here(o, self, seed, reports, s, n);
  progress_end();
  if (done < 0) {
    for (int i = 0; i < n; i++)
      cJSON_Delete(s[i].report);
    free(s);
    return 1;
  }
  if (run_interrupted()) {
    fprintf(stderr, "pargrade: interrupted after %d of %d students; a rerun goes on "
            "where this one stopped\n", done, n);
    for (int i = 0; i < n; i++)
      cJSON_Delete(s[i].report);
    free(s);
    return 130;
  }

  int status = class_summary(o, s, n, reports);
  for (int i = 0; i < n; i++)
    cJSON_Delete(s[i].report);
  free(s);
  return status;
}
