// Where a failing run went wrong, in the student's file's terms: the line a crash
// happened at (crash.c, from the lines crash_report.c writes), where the ranks and
// threads of a run that makes no progress wait (hang.c), how an MPI job ended badly
// (mpi_end.c), and which of the exercise's own hints explains a wrong answer
// (lost_work.c).
#ifndef GRADER_DIAGNOSE_DIAGNOSE_H
#define GRADER_DIAGNOSE_DIAGNOSE_H

#include <stddef.h>
#include <sys/types.h>

#include "grader.h"

// crash.c: the place of a crash.

// Finds the crash reporter's lines in a run's stderr (crash_report.c), removes them
// from `text` (so a stderr tail shows the program's own lines), and, for the first
// crash found, asks addr2line (run in the sandbox, in `run_dir`) where its offsets lie
// in `binary` (NULL: only remove the lines). Writes e.g. "openmp.c:11 in main" into where: the innermost place in the
// student's file `source_name` (its base name, "openmp.c"), after the innermost place
// of all when that lies elsewhere ("turbine.h:152 in stencil, called from mpi.c:88
// in step_cells"). Returns 1 when it found the place, 0 when there was no crash
// report or no line in it could be named (where is then "").
int crash_locate(char *text, const char *binary, const char *source_name,
                 const char *run_dir, char *where, size_t len);
// Removes mpirun's own lines about a rank that died from `text`: once crash_locate
// named the place, they only repeat it.
void crash_strip_launcher(char *text);

// race.c: a data race in an OpenMP version.

// Reads ThreadSanitizer's first data race report in `text` (the stderr of the race
// check's run) and writes what it says into what: the kinds of the two accesses, their
// lines in `source_name` ("openmp.c") with the line's text from `source_path`, the
// variable's name when TSan knows it, and what such a race usually is (a missing
// reduction, a shared loop temporary). Returns 1 when there was a race, 0 otherwise.
int race_read(const char *text, const char *source_name, const char *source_path,
              char *what, size_t len);

// hang.c: where a stuck run waits.

// Attaches gdb for a moment to every process of session sid that runs `binary`
// (every MPI rank, or the one process and its threads), reads every thread's stack,
// and writes where they are, grouped, into where: "ranks 0 and 1 wait in MPI_Recv at
// mpi.c:15 in main: each waits for a message that no rank sends: ...". The place is
// the innermost line of `source_name` ("mpi.c") on the stack. Scratch files go in
// work_dir. Returns 1 when it could say where, 0 otherwise.
int hang_locate(pid_t sid, const char *binary, const char *source_name,
                const char *work_dir, char *where, size_t len);

// What run_request.at_deadline needs to take the stacks of one run.
struct hang_request {
  const char *binary, *source_name, *work_dir;
  char where[GRADER_MSG];   // hang_locate's words, once the run reached its limit
};
// The run_request.at_deadline hook: hang_locate for the struct hang_request `context`.
void hang_at_deadline(pid_t sid, void *context);

// mpi_end.c: an MPI job that ended badly.

// Reads mpirun's words in `text` (a run's stderr) about a rank that called MPI_Abort
// or ended without MPI_Finalize, writes what happened and what it means into what
// ("rank 1 ended without calling MPI_Finalize (...)"), and removes mpirun's box about
// it from text. Returns 1 when it found one, 0 otherwise (what is then "").
int mpi_end_read(char *text, char *what, size_t len);

// lost_work.c: what a wrong answer means, from exercise.ini's [hint.NAME] sections.

// The hints whose `when` holds for the wrong result at result_path of `version` with
// `workers` (bit i: s->hints[i]); none for a missing or unreadable result.
unsigned lost_work_test(const struct spec *s, const char *version,
                        const struct result *expected, const char *result_path,
                        int workers, long size);
// 0 when every hint's field matches a number of the serial result and its formula
// knows all its names; otherwise -1 with one line in err. Once per exercise: such a
// hint is the exercise's error, as a [check.PATTERN] that matches nothing.
int lost_work_check(const struct spec *s, const struct result *expected, char *err,
                    size_t len);
// The first hint for v's version that explains all its wrong runs (a `when` that
// held at each, or the `right_with` counts exactly), as 1 + its index; 0 for none.
int lost_work_hint(const struct spec *s, const struct version_result *v);

#endif
