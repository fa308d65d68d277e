// corpus_grade.c: grading one entry of the bad-submission corpus with pargrade, and
// reading its JSON report.
#ifndef TEST_CORPUS_GRADE_H
#define TEST_CORPUS_GRADE_H

#include <cJSON.h>
#include <stddef.h>

// pargrade's TMPDIR and the submissions' copies (the suite's setup makes it).
extern char corpus_tmp[];

// A suite's setup and teardown: make corpus_tmp, remove it and all in it.
int corpus_setup(void);
int corpus_teardown(void);
// test_corpus_diagnose.c: the entries whose feedback names the bug.
void register_corpus_diagnose(void);

// One graded entry.
struct graded {
  cJSON *report;
  cJSON *version;  // the graded version's object in the report
  int uid;         // the sandbox uid pargrade said it used, or -1
};

// Grades corpus entry `name` (its `version`) at `size` with the timeout floor
// `floor`, then checks that nothing of it is left. g->version is NULL on failure.
// The input seed is drawn, as in a real grading.
void grade_corpus(const char *name, const char *version, const char *size,
                  const char *floor, struct graded *g);
// The same with the input seed given: for a bug that only some seeds can show.
void grade_corpus_seeded(const char *name, const char *version, const char *size,
                         const char *floor, const char *seed, struct graded *g);
void done(struct graded *g);
// The file's contents (free it), its length in len_out when not NULL.
char *slurp(const char *path, size_t *len_out);
// Processes of this suite's gradings still alive, or of `uid`.
int leftover_processes(int uid);
// Files of `uid` under dir (depth: how deep the walk already is).
int stray_files(const char *dir, int uid, int depth);

// The report: a string or number field ("" or NAN when absent), the run at a worker
// count, every run with `verdict` and a message holding `words`, a feedback item
// holding a and b, a version that scores 0 and is not correct.
const char *text(cJSON *o, const char *name);
double number(cJSON *o, const char *name);
cJSON *run_at(cJSON *v, int workers);
int all_runs(cJSON *v, const char *verdict, const char *words);
int feedback_has(cJSON *v, const char *a, const char *b);
void scores_zero(cJSON *v);

#endif
