// Grading one exercise: build, warm-up, timed rounds, scores (grade.c and the
// grade_*.c files beside it, which share grading.h), and the progress line on stderr
// (progress.c).
#ifndef GRADER_GRADE_GRADE_H
#define GRADER_GRADE_GRADE_H

#include "grader.h"

// grade.c: grades one exercise.

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

// progress.c: what pargrade is doing, on stderr.

// "pargrade: " and the text: on a terminal one line, rewritten by the next update;
// otherwise a line of its own.
void progress_update(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
// "pargrade: " and the text on a line that stays (warnings, errors).
void progress_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
// Clears the progress line from the terminal (before the report).
void progress_end(void);

#endif
