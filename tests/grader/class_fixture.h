// class_fixture.c: what the class-mode suites share (test_class.c, test_class_slurm.c):
// a scratch folder, submissions made from the reference solutions of 01-pi, a run of
// pargrade with its output read back, and the reports of DIR-reports/.
#ifndef TEST_CLASS_FIXTURE_H
#define TEST_CLASS_FIXTURE_H

#include <cJSON.h>
#include <stddef.h>

// The suite's scratch folder, made by class_make_top (a suite's setup).
extern char class_top[];
int class_make_top(void);

// Reads a whole file (free it), or NULL.
char *class_slurp(const char *path);
// Runs argv (argv[0] a path) with stdout and stderr to files; returns the exit status
// and both texts (free them).
int class_run(const char *const *argv, char **out, char **err);
// Copies solutions/01-pi/NAME to DIR/NAME, with `append` added at its end.
int class_submit(const char *dir, const char *name, const char *append);
// Makes class_top/A/B (and /C when not NULL), puts the deepest in out; 0 when it exists.
int class_mkdirs(const char *a, const char *b, const char *c, char *out, size_t len);
// A number of a JSON object (NAN when it has none).
double class_number(cJSON *o, const char *name);
// class_top/class-reports/STUDENT.json parsed (delete it), or NULL; its score, or -1.
cJSON *class_report_of(const char *student);
double class_score_of(const char *student);
// How many times `what` occurs in text.
int class_count(const char *text, const char *what);

#endif
