// formula.c: the arithmetic of exercise.ini's [hint.NAME] sections, e.g.
//   got == expected * workers
//   got < expected && (expected - got) % ((k - 1) * strands) == 0
//   near(got, expected / workers, 0.01)
// Numbers, names (letters, digits, '_' and '.'), + - * / % (fmod), == != < <= > >=,
// && || ! (1 for true, 0 for false), parentheses, and near(a, b, rel), which is
// |a - b| <= rel * |b|. A missing value is NaN: every comparison with it is false.
#ifndef GRADER_SETUP_FORMULA_H
#define GRADER_SETUP_FORMULA_H

#include <stddef.h>

#define FORMULA_NAME_MAX 64

// The value of a name: returns 1 and sets *value, or 0 for a name it does not know.
typedef int (*formula_lookup)(void *ctx, const char *name, double *value);

// Evaluates text. Returns 0 with *value set, or -1 with one line in err, e.g.
// "unknown name 'worker'" or "')' expected at ' && got > 0'".
int formula_eval(const char *text, formula_lookup lookup, void *ctx, double *value,
                 char *err, size_t errlen);

#endif
