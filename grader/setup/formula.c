// The small arithmetic of exercise.ini's [hint.NAME] sections: numbers, names, + - * /
// %, comparisons, && || !, parentheses and near(a, b, rel). A recursive descent over
// the text, evaluated as it is read: formulas are short and run a few times a grading.
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "setup/formula.h"

struct reader {
  const char *at;
  formula_lookup lookup;
  void *ctx;
  char *err;
  size_t errlen;
  int failed;
};

static double formula_or(struct reader *r);

static void
formula_fail(struct reader *r, const char *what)
{
  if (!r->failed)
    snprintf(r->err, r->errlen, "%s at '%.20s'", what, *r->at ? r->at : "the end");
  r->failed = 1;
}

static void
formula_space(struct reader *r)
{
  while (isspace((unsigned char)*r->at))
    r->at++;
}

// Takes `token` when it comes next (and not as the start of a longer operator).
static int
formula_take(struct reader *r, const char *token)
{
  formula_space(r);
  size_t n = strlen(token);
  if (strncmp(r->at, token, n) != 0)
    return 0;
  if (n == 1 && strchr("<>=!", token[0]) && r->at[1] == '=')
    return 0;
  r->at += n;
  return 1;
}

// ", x" inside near( ... ).
static double
formula_next_argument(struct reader *r)
{
  if (formula_take(r, ","))
    return formula_or(r);
  formula_fail(r, "',' expected");
  return NAN;
}

static double
formula_primary(struct reader *r)
{
  formula_space(r);
  if (formula_take(r, "(")) {
    double x = formula_or(r);
    if (!formula_take(r, ")"))
      formula_fail(r, "')' expected");
    return x;
  }
  if (isdigit((unsigned char)*r->at) || *r->at == '.') {
    char *end;
    double x = strtod(r->at, &end);
    r->at = end;
    return x;
  }
  if (!isalpha((unsigned char)*r->at) && *r->at != '_') {
    formula_fail(r, "a number, a name or '(' expected");
    return NAN;
  }
  char name[FORMULA_NAME_MAX];
  size_t n = 0;
  // A name is letters, digits, '_' and '.' (a '-' is always a minus here).
  while (isalnum((unsigned char)r->at[n]) || r->at[n] == '_' || r->at[n] == '.')
    n++;
  if (n >= sizeof name) {
    formula_fail(r, "name too long");
    return NAN;
  }
  memcpy(name, r->at, n);
  name[n] = '\0';
  r->at += n;
  if (strcmp(name, "near") == 0 && formula_take(r, "(")) {
    double a = formula_or(r), b = formula_next_argument(r), rel = formula_next_argument(r);
    if (!formula_take(r, ")"))
      formula_fail(r, "')' expected");
    return fabs(a - b) <= rel * fabs(b);
  }
  double x;
  if (!r->lookup(r->ctx, name, &x)) {
    if (!r->failed)
      snprintf(r->err, r->errlen, "unknown name '%s'", name);
    r->failed = 1;
    return NAN;
  }
  return x;
}

static double
formula_unary(struct reader *r)
{
  if (formula_take(r, "-"))
    return -formula_unary(r);
  if (formula_take(r, "!"))
    return !(formula_unary(r) != 0);
  return formula_primary(r);
}

static double
formula_product(struct reader *r)
{
  double x = formula_unary(r);
  for (;;) {
    if (formula_take(r, "*"))
      x *= formula_unary(r);
    else if (formula_take(r, "/"))
      x /= formula_unary(r);
    else if (formula_take(r, "%"))
      x = fmod(x, formula_unary(r));
    else
      return x;
  }
}

static double
formula_sum(struct reader *r)
{
  double x = formula_product(r);
  for (;;) {
    if (formula_take(r, "+"))
      x += formula_product(r);
    else if (formula_take(r, "-"))
      x -= formula_product(r);
    else
      return x;
  }
}

// NaN (a missing value) compares false with anything, as in C.
static double
formula_compare(struct reader *r)
{
  double x = formula_sum(r);
  if (formula_take(r, "=="))
    return x == formula_sum(r);
  if (formula_take(r, "!="))
    return x != formula_sum(r);
  if (formula_take(r, "<="))
    return x <= formula_sum(r);
  if (formula_take(r, ">="))
    return x >= formula_sum(r);
  if (formula_take(r, "<"))
    return x < formula_sum(r);
  if (formula_take(r, ">"))
    return x > formula_sum(r);
  return x;
}

// Both sides are always read (the syntax is checked whatever the values).
static double
formula_and(struct reader *r)
{
  double x = formula_compare(r);
  while (formula_take(r, "&&")) {
    double y = formula_compare(r);
    x = x != 0 && y != 0;
  }
  return x;
}

static double
formula_or(struct reader *r)
{
  double x = formula_and(r);
  while (formula_take(r, "||")) {
    double y = formula_and(r);
    x = x != 0 || y != 0;
  }
  return x;
}

int
formula_eval(const char *text, formula_lookup lookup, void *ctx, double *value,
             char *err, size_t errlen)
{
  struct reader r = {text, lookup, ctx, err, errlen, 0};
  double x = formula_or(&r);
  formula_space(&r);
  if (!r.failed && *r.at)
    formula_fail(&r, "an operator expected");
  if (r.failed)
    return -1;
  *value = x;
  return 0;
}
