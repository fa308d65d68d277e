// The grader's data and every cross-file function, under a heading per file; the
// reports are in report.h, 00-choose in choose.h.
#ifndef GRADER_H
#define GRADER_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "param.h"
#include "result.h"

#define GRADER_MAX_VERSIONS 8   // versions per exercise (the approaches: 3 today)
#define GRADER_MAX_CHECKS 16    // [check.FIELD] and [check.PATTERN] sections per exercise
#define GRADER_MAX_COUNTS 24    // worker counts: 1 to the cores, an odd one, one above
#define GRADER_MAX_FEEDBACK 16  // feedback items per version (00-choose: one per scenario)
#define GRADER_NAME 64          // exercise, program and version names
#define GRADER_MSG 512          // a one-line message
#define GRADER_TEXT 2048        // a few lines: compiler errors, a stderr tail

// ---------------------------------------------------------------------------------
// spec.c: exercise.ini, what the grader needs to know about one exercise.

// [check.FIELD] names one field of the result; [check.PATTERN], a name with * or ?,
// is an fnmatch(3) pattern for every field of the serial result it matches (e.g.
// [check.c*.mass]). A field named by an exact section takes that section's
// tolerance; otherwise the first pattern that matches it, in file order.
struct check_spec {
  char field[RESULT_NAME_MAX];  // the field's name, or the pattern
  int pattern;                  // 1: field is a pattern
  struct tolerance tol;
};

// [points], per version. The rubric is in score.c.
struct points_spec {
  double correct;          // for the right answer at every worker count
  double speedup;          // most points for speedup at all cores
  double full_efficiency;  // full speedup points at this speedup / workers, when no
                           // reference solution was timed
  double full_at_reference;  // full speedup points at this fraction of the reference
                             // solution's speedup (default PARAM_FULL_AT_REFERENCE)
};

struct spec {
  char title[128];
  char program[GRADER_NAME];  // binaries are PROGRAM-VERSION
  int nversions;
  char versions[GRADER_MAX_VERSIONS][GRADER_NAME];
  long size_grade, size_test, size_quick;  // [sizes]; 0 when not given (all but grade)
  // [sizes] seconds: the serial program's time a timed grading aims at; the grader
  // finds the size for it on this machine (grade_calibrate), with size_grade as the
  // largest it may choose. 0: no calibration, size_grade as it is. growth: how the
  // serial time grows with --size (1: in proportion, 2: with its square).
  double target_seconds, growth;
  // [input] generator: "" when the programs draw their input from --seed themselves;
  // otherwise a C file beside serial.c whose program, PROGRAM-generate --size N
  // --seed S --output PATH, writes the input (file or directory) at PATH, and every
  // run gets PATH as its last argument.
  char generator[GRADER_NAME];
  int nchecks;
  struct check_spec checks[GRADER_MAX_CHECKS];
  struct points_spec points;
};

// Reads and validates the ini file at path. Messages name the file as `shown`.
// Returns 0, or -1 with one line in err:
//   "exercises/01-pi/exercise.ini: line 7: [sizes] grade: 'x' is not a whole number >= 1"
//   "exercises/01-pi/exercise.ini: missing [sizes] grade"
int spec_load(const char *path, const char *shown, struct spec *s, char *err,
              size_t errlen);

// 1 for a version the grader knows how to build and launch (embarrassing, openmp, mpi).
int spec_version_known(const char *version);

// ---------------------------------------------------------------------------------
// options.c: pargrade's command line.

enum source_kind { SOURCE_EXERCISES, SOURCE_SOLUTIONS, SOURCE_SUBMISSION };
enum format_kind { FORMAT_TABLE, FORMAT_JSON, FORMAT_GRADESCOPE, FORMAT_JUNIT,
                   FORMAT_CSV };

struct options {
  enum source_kind source;
  const char *submission;  // --submission DIR, as given
  const char *exercise;    // --exercise NAME, or NULL for all
  int have_seed;
  uint64_t seed;
  enum format_kind format;
  long size;               // --size N, or 0 for the exercise's [sizes] grade
  int runs;                // --runs R, timed rounds
  int adaptive;            // 1 unless --runs was given: more rounds while noisy
  int keep;                // --keep: leave the scratch directory in place
  int quick;               // --quick: [sizes] quick, correctness only, no timing
  const char *plot_dir;    // --plot DIR: one SVG of speedups per exercise, or NULL
  const char *class_dir;   // --class DIR: one submission per subfolder, or NULL
};

enum options_status { OPTIONS_OK = 0, OPTIONS_HELP = 1, OPTIONS_ERROR = 2 };

// Parses argv (argv[0] is the program). On OPTIONS_ERROR, err holds one line that
// names the option at fault.
enum options_status options_parse(int argc, char **argv, struct options *o, char *err,
                                  size_t errlen);
void options_usage(FILE *out);
void options_help(FILE *out);

// ---------------------------------------------------------------------------------
// scratch.c: the scratch directory and small file helpers.

// Makes a fresh directory under $TMPDIR (or /tmp). Returns 0, or -1 with err set.
int scratch_make(char *dir, size_t len, char *err, size_t errlen);
// Removes dir and everything under it (a run may leave anything there).
void scratch_remove(const char *dir);
// Reads at most max bytes of a file into a new NUL-terminated string (free it), or
// NULL when it cannot be read.
char *file_read(const char *path, size_t max);
// Copies the last `lines` lines of text into out, each cut at PARAM_LINE_MAX.
void text_tail(const char *text, int lines, char *out, size_t len);

// ---------------------------------------------------------------------------------
// run.c: runs one command in its own session, with a time limit, and cleans up.

struct run_request {
  char *const *argv;        // argv[0] is looked up in PATH
  char *const *env;         // extra "NAME=value" for the child only, NULL-terminated
  const char *dir;          // working directory
  const char *out_path;     // stdout goes here
  const char *err_path;     // stderr goes here (may be out_path)
  double timeout;           // seconds of wall-clock time
  // 1 for submitted code: it runs in the sandbox (sandbox.c): an almost empty
  // environment (PATH, HOME = dir, TMPDIR = dir/tmp, LC_ALL, then env), limits on CPU
  // time, memory, processes and output, an unprivileged uid when the grader is root;
  // dir is its run directory (sandbox_dir), the only place it may write. While it
  // runs, its output (stdout, stderr, dir) and its processes are watched.
  int untrusted;
  int workers;              // untrusted: its worker count (the limits scale with it)
};

enum run_status {
  RUN_EXITED,       // code is the exit status
  RUN_SIGNALED,     // code is the signal
  RUN_TIMED_OUT,    // killed at the limit
  RUN_NOT_STARTED,  // fork or exec failed: error says why
  RUN_INTERRUPTED,  // the grader itself got SIGINT or SIGTERM
  RUN_FLOODED,      // untrusted: wrote output_limit bytes or more (what is past it is cut)
  RUN_TOO_MANY,     // untrusted: reached process_limit processes and threads
};

struct run_outcome {
  enum run_status status;
  int code;
  double seconds;            // wall-clock, measured by the grader (monotonic)
  double cpu_seconds;        // user + system time of every process it started
  double max_task_cpu;       // untrusted: the most CPU time one thread of it was seen
                             // to use (sampled while it ran; 0: none seen)
  long max_rss_kb;           // the largest resident set of any one of them
  // Untrusted runs: the limits it ran under, what it wrote, what was swept after it.
  long long memory_limit;    // bytes of data per process (RLIMIT_DATA)
  long long output_limit;    // bytes of output: stdout, stderr and run directory
  long long output_bytes;    // bytes it wrote there (last look)
  int process_limit;         // processes and threads (RLIMIT_NPROC)
  int tasks;                 // processes and threads seen at the last look
  int sandbox_uid;           // the uid it ran as, or -1 (0 for a trusted run)
  int stray_files;           // files it left in /tmp, /var/tmp, /dev/shm (removed)
  char stray[256];           // the first of them
  char error[GRADER_MSG];
};

// Runs the command and waits for it. Every process it started (its whole session,
// MPI ranks included, and orphans that left it: the grader is their subreaper; as
// root, all of the sandbox uid's processes) is killed before this returns.
void run_command(const struct run_request *rq, struct run_outcome *out);
// Makes SIGINT and SIGTERM stop the current run instead of orphaning it.
void run_catch_signals(void);
// 1 once the grader has been asked to stop.
int run_interrupted(void);

// ---------------------------------------------------------------------------------
// sandbox.c: who runs submitted code, its limits, and the sweep after it.

struct sandbox_limits {
  double cpu_seconds;  // RLIMIT_CPU per process: a backstop behind the wall clock
  long long memory;    // RLIMIT_DATA per process, bytes
  int processes;       // RLIMIT_NPROC: processes and threads (on top of the user's
                       // own when the grader is not root)
  long long output;    // bytes of stdout, stderr and run directory together
};

// The limits of an untrusted run with `workers` workers and this wall-clock limit.
void sandbox_limits(int workers, double timeout, struct sandbox_limits *l);
// The uid submitted code runs as: as root, the first of PARAM_SANDBOX_UIDS uids from
// PARAM_SANDBOX_UID whose lock in PARAM_SANDBOX_LOCK_DIR is free (held until the
// grader exits; says which on stderr once); -1 when not root (no switch).
int sandbox_uid(void);
// Makes dir afresh with dir/tmp, both owned by the sandbox uid. Returns 0, or -1.
int sandbox_dir(const char *dir, char *err, size_t errlen);
// In the forked child: clean environment, limits, no new privileges, the uid.
// Returns -1 with errno on failure.
int sandbox_enter(const struct run_request *rq);
// After a run (as root): kills every process of the sandbox uid until none is left
// (calling reap between rounds), then removes the files it owns in /tmp, /var/tmp
// and /dev/shm. Returns how many it removed, the first one's path in first.
int sandbox_sweep(void (*reap)(void), char *first, size_t len);
// Processes and threads of `uid` alive now.
int sandbox_count_tasks(int uid);
// Makes a file, or a directory and all under it, readable to all (the run's input).
void sandbox_share(const char *path);
// Copies the regular file `from` (written by a run: a link is refused) to `to`,
// at most max bytes. Returns 0, or -1.
int sandbox_take(const char *from, const char *to, size_t max);
// PARAM_TIMEOUT_FLOOR: PARAM_TIMEOUT_FLOOR_DEFAULT, or the environment variable
// PARGRADE_TIMEOUT_FLOOR (seconds, 0.5 up to the default; for tests).
double sandbox_timeout_floor(void);

// ---------------------------------------------------------------------------------
// launch.c: the command line and environment that start each version.

// Fills argv and env (NULL-terminated; strings live in `store`) to run a binary of
// `version` with `workers` workers on the given input, writing its result to output.
// Versions: serial (no --workers), embarrassing, openmp, mpi, and mpi-empty (the
// empty MPI program: mpirun with `workers` ranks and no arguments).
struct launch {
  char *argv[32];
  char *env[8];
  char store[4096];
};
// `input` (NULL when none) is the generated input, passed as the last argument.
void launch_prepare(struct launch *l, const char *version, const char *binary,
                    int workers, long size, uint64_t seed, const char *output,
                    const char *input);
// The same command as one line of shell, to show a student how to reproduce a run.
// For an exercise with a generator (has_input) it starts with the generator's run:
// "images-generate --size 400 --seed 7 --output input && images-openmp ... input".
void launch_describe(const char *version, const char *program, int workers, long size,
                     uint64_t seed, int has_input, char *out, size_t len);

// ---------------------------------------------------------------------------------
// build.c: compiles one version against the project's common library.

enum build_status { BUILD_OK, BUILD_FAILED, BUILD_MISSING };

// Compiles source (shown in messages as given, relative to the project when inside
// it) into binary; the compiler's messages go to log_path. On BUILD_FAILED, errors
// holds the first lines that matter. A submitted file is compiled in the sandbox:
// `sandbox` names a run directory to make for it (the messages then name the file
// by its own name); NULL for the project's own files. `exercise_dir` is the
// exercise's directory in the project, whose headers every version may include (the
// project's copy, never a submitted one).
enum build_status build_version(const char *version, const char *source,
                                const char *exercise_dir, const char *binary,
                                const char *log_path, const char *sandbox, char *errors,
                                size_t errlen);
// The first PARAM_BUILD_ERROR_LINES lines of a compiler log, starting at the first
// error (or at the top when no line says "error").
void build_first_errors(const char *log, char *out, size_t len);

// ---------------------------------------------------------------------------------
// check.c: turns a run's outcome and result file into a verdict.

// VERDICT_TIMEOUT: no progress (still running at a small size too: a deadlock or an
// infinite loop); VERDICT_SLOW: timed out at the grading size but finishes at
// [sizes] test (much slower than serial); VERDICT_MEMORY: ended by the memory limit;
// VERDICT_FLOOD: output over the cap; VERDICT_PROCESSES: the process cap reached.
enum verdict { VERDICT_OK, VERDICT_WRONG, VERDICT_CRASHED, VERDICT_EXIT,
               VERDICT_TIMEOUT, VERDICT_NOT_RUN, VERDICT_SLOW, VERDICT_MEMORY,
               VERDICT_FLOOD, VERDICT_PROCESSES };

// Compares every checked field of got with expected: each [check.FIELD], and each
// field of expected that a [check.PATTERN] matches. Returns 1 when all match;
// otherwise 0 with msg = the first mismatch (result_check's line), plus
// " (and N more fields)" when several differ. A pattern that matches no field of
// expected counts as a mismatch (see check_patterns).
int check_fields(const struct spec *s, const struct result *expected,
                 const struct result *got, char *msg, size_t len);
// 0 when every [check.PATTERN] matches at least one field of the serial result;
// otherwise -1 with msg = "[check.c*.mas] matches no field of the serial result".
// The grader calls it once per exercise: such a pattern is the exercise's error.
int check_patterns(const struct spec *s, const struct result *expected, char *msg,
                   size_t len);
// The verdict of one run: how it ended, then its result. msg gets one line, e.g.
// "wrong answer with 3 workers: hits: expected 7, got 6 (tolerance: exact)" or
// "crashed with 2 workers: killed by signal SIGSEGV (Segmentation fault)",
// "out of memory with 2 workers: ...", "output flood with 1 worker: ...",
// "too many processes with 3 workers: ...". A timeout gets a first message here;
// check_timeout tells which kind it is.
enum verdict check_run(const struct spec *s, const struct result *expected,
                       const struct run_outcome *o, int workers,
                       const char *result_path, const char *stderr_text, char *msg,
                       size_t len);
// A timed-out run (o) told apart: `small` is the same version and worker count rerun
// at small_size ([sizes] test), or NULL when the grading size is not above it. When
// the rerun finished: VERDICT_SLOW, "too slow with 2 workers: still running after
// 20 s at size 600000000, but it finishes at size 200000: much slower than serial";
// otherwise VERDICT_TIMEOUT, "no progress with 2 workers: still running after 20 s
// (at size 200000 too): likely a deadlock or an infinite loop (it kept 2.0 cores
// busy)". Its CPU time says busy or waiting.
enum verdict check_timeout(const struct run_outcome *o, int workers, long size,
                           const struct run_outcome *small, long small_size, char *msg,
                           size_t len);
// "correct", "wrong answer", "crashed", ...
const char *check_verdict_name(enum verdict v);
// 1 when a failed run (signal or error exit) ended at its memory limit: its largest
// process reached half the limit or more, or stderr says memory ran out.
int check_out_of_memory(const struct run_outcome *o, const char *stderr_text);

// ---------------------------------------------------------------------------------
// timing.c: worker counts and medians.

// The worker counts to run, ascending: every count from 1 to the cores (above
// PARAM_EVERY_COUNT_UP_TO cores: the powers of two and the cores), an odd count
// above 1 (PARAM_ODD_WORKERS when none is there yet) and one count above the cores
// (when none is there yet). timed[i] is 0 for a count above the cores (run for
// correctness only). Returns how many (at most GRADER_MAX_COUNTS).
int timing_counts(int cores, int *counts, int *timed);
// The cores this process may run on (sched_getaffinity), at least 1.
int timing_cores(void);
// The median of n values (NAN when n is 0); v is left as it was.
double timing_median(const double *v, int n);
// How far the values wander: (max - min) / median, e.g. 0.06 for 6%; NAN when n < 2.
double timing_spread(const double *v, int n);
// The median of n speedup samples (one per timed round: serial time / version time
// of that round) and its 95% interval [low, high]: median x exp(-/+ h), h = t(0.975,
// n-1) x 1.2533 x sd / sqrt(n), sd the standard deviation of log(ratio) (the normal
// approximation of the median's standard error, widened by Student's t for few
// rounds). low and high are NAN when n < 2 or a ratio is not positive.
void timing_interval(const double *ratios, int n, double *median, double *low,
                     double *high);
// The grading size for a serial time of `target` seconds, from a run of `seconds` at
// `size` whose time grows as size^growth: rounded to two significant digits, at most
// `most`, then raised to the first size that no count above 1 in counts[0..ncounts)
// divides (1000000 -> 1000001 for 1, 2, 3). Returns size itself when a time is not
// positive.
long timing_grading_size(long size, double seconds, double target, double growth,
                         long most, const int *counts, int ncounts);

// ---------------------------------------------------------------------------------
// score.c: pure functions, the rubric.

// serial / parallel, or NAN when either is missing or not positive.
double score_speedup(double serial, double parallel);
// serial / (parallel - launch): the speedup of the work once the MPI launch cost is
// taken out; NAN when the run is not longer than the launch.
double score_speedup_without_launch(double serial, double parallel, double launch);
// The speedup that earns full points: full_at_reference x the reference solution's
// speedup when one was timed (reference > 0), else full_efficiency x cores. NAN when
// the reference showed no speedup on a machine with cores > 1 (nothing to judge by).
double score_full_at(const struct points_spec *p, double reference, int cores);
// The same for the reference solution graded as itself: full_at_reference x its own
// speedup, never NAN for a positive one (S is R: it meets its own bar on any load).
double score_full_at_self(const struct points_spec *p, double reference);
// The speedup points for speedup s when full_at earns them all.
double score_speedup_points(const struct points_spec *p, double s, double full_at);
// The CPU gate: 1 when a run's CPU accounting shows parallel work: its CPU time is
// at least PARAM_ONE_CORE times that of its busiest thread (busy; 0: unknown, no
// evidence), or the machine has one core (nothing can run in parallel there).
int score_parallel(double busy, int cores);
// The fewest and the most speedup points that a speedup in [s_low, s_high] can earn
// against a reference whose speedup is in [r_low, r_high] (NAN, NAN: no reference).
// An interval not known yet (s_low or s_high NAN) leaves everything open: 0 to all.
void score_points_range(const struct points_spec *p, double s_low, double s_high,
                        double r_low, double r_high, int cores, double *least,
                        double *most);
// 1 once a version's points are decided: least and most differ by less than
// PARAM_DECIDED (the interval lies wholly above full points, wholly at or below none,
// or spans less than one point); no more rounds can change them by much.
int score_decided(double least, double most);
// A version's points: correctness gate, then speedup points when `parallel` (the CPU
// gate, score_parallel) and correct.
double score_version(const struct points_spec *p, int correct, int parallel, double s,
                     double full_at, double *correct_points, double *speedup_points);
// The most a version can get.
double score_version_max(const struct points_spec *p);

// ---------------------------------------------------------------------------------
// grade.c: grades one exercise: build, warm-up, timed rounds, scores.

// One version at one worker count.
struct config_result {
  int workers;
  int timed;                    // 0: more workers than cores, correctness only
  enum verdict verdict;         // the first failure seen, or VERDICT_OK
  char message[GRADER_MSG];     // the verdict in one line
  char stderr_tail[GRADER_TEXT];
  int nsamples;
  double samples[PARAM_RUNS_MAX];
  int sample_round[PARAM_RUNS_MAX];  // the round of each sample (0: the warm-up)
  double seconds;               // median of the timed rounds (NAN if none)
  double spread;                // timing_spread of the timed rounds
  double speedup, efficiency;   // whole run (NAN if not timed)
  double speedup_nl, efficiency_nl;  // MPI without the launch cost (NAN otherwise)
  // The project's reference solution of the same version, timed in the same rounds
  // (NAN when not timed): its median and its speedup of the scored kind (for MPI
  // without the launch cost).
  double ref_seconds, ref_speedup;
  // How many workers computed: a run's CPU time (every process, from wait4) over
  // that of its busiest thread; about 1 when one worker did all the work, whatever
  // the load on the machine. busy is the median over its finished runs (0: unknown).
  double busy;
  int nbusy;
  double busy_samples[PARAM_RUNS_MAX];
  double cpu_seconds;           // the CPU time of its last finished run
};

struct version_result {
  char version[GRADER_NAME];
  char source[PATH_MAX];        // as shown to the student
  enum build_status build;
  char build_errors[GRADER_TEXT];
  int nconfigs;
  struct config_result configs[GRADER_MAX_COUNTS];
  int correct;                  // right at every worker count
  int touched;                  // 0: the shipped skeleton (skeleton.c), "not started yet"
  int timed;                    // 1: timed (touched, built, not --quick)
  int rounds;                   // timed rounds of its scored count
  int parallel;                 // the CPU gate (score_parallel) at all cores
  // The scored speedup's 95% interval and its reference's (NAN: not timed).
  double speedup_low, speedup_high, reference_low, reference_high;
  double speedup, efficiency;   // at all cores, whole run
  double speedup_nl, efficiency_nl;  // MPI: at all cores without the launch cost
  double scored_speedup;        // the one the points come from
  int has_reference;            // 1: the reference solution was timed (or is this file)
  double reference_speedup;     // its speedup at all cores, of the scored kind (NAN: none)
  double full_at;               // the speedup that earns full points (score_full_at)
  double points_correct, points_speedup, score, max_score;
  int nfeedback;
  char feedback[GRADER_MAX_FEEDBACK][GRADER_TEXT];
};

struct exercise_result {
  char name[GRADER_NAME];       // the directory name, e.g. 01-pi
  int graded;                   // 0: could not be graded; error says why
  char error[GRADER_TEXT];
  struct spec spec;
  uint64_t seed;
  long size;
  int cores, runs;              // runs: the timed rounds done (0: nothing was timed)
  int quick;                    // 1: --quick, correctness only, nothing timed
  int calibrated;               // 1: the size was found for [sizes] seconds here
  double serial_warm;           // the serial reference's warm-up (last calibration) run
  double serial_seconds;        // median of the serial reference's rounds
  double serial_spread;         // timing_spread of those rounds
  int ncounts;
  int counts[GRADER_MAX_COUNTS], timed[GRADER_MAX_COUNTS];
  double launch_seconds[GRADER_MAX_COUNTS];  // empty MPI program (NAN: not measured)
  int nversions;
  struct version_result versions[GRADER_MAX_VERSIONS];
  double score, max_score;
};

// Where the grader takes version files from, and where it works.
struct grade_setup {
  const char *project;          // the project's source directory
  const char *version_dir;      // directory holding NN-name/VERSION.c to grade
  const char *scratch;          // scratch directory (this exercise gets a subdirectory)
  uint64_t seed;
  long size;                    // 0: the spec's grade size
  int runs;                     // timed rounds, at least
  int adaptive;                 // 1: add rounds while points are open (see grade.c)
  int quick;                    // 1: [sizes] quick, correctness only, no timing
};

// Grades exercise `name` into r (fully overwritten). Never exits; a failure of the
// project's own parts leaves r->graded = 0 with the reason in r->error.
void grade_exercise(const struct grade_setup *g, const char *name,
                    struct exercise_result *r);

// ---------------------------------------------------------------------------------
// feedback.c: plain words for a stuck student.

// Fills v->feedback from the verdicts, timings and points of a graded version.
void feedback_version(const struct exercise_result *e, struct version_result *v);

// ---------------------------------------------------------------------------------
// progress.c: what pargrade is doing, on stderr.

// "pargrade: " and the text: on a terminal one line, rewritten by the next update;
// otherwise a line of its own.
void progress_update(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
// "pargrade: " and the text on a line that stays (warnings, errors).
void progress_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
// Clears the progress line from the terminal (before the report).
void progress_end(void);

// ---------------------------------------------------------------------------------
// class.c: --class DIR, each subfolder one student's submission, graded by a child
// pargrade each; reports in DIR-reports/ (STUDENT.json, STUDENT.log, class.csv).

// Where the reports of --class DIR go: DIR-reports beside DIR (DIR resolved first).
void class_reports_dir(const char *class_dir, char *out, size_t len);
// Grades the class with the options o and one seed for all. Prints the summary on
// stdout (o->format: table, json or csv). Returns pargrade's exit status.
int class_grade(const struct options *o, uint64_t seed);

#endif
