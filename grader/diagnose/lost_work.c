// Lost and repeated work: which of the exercise's [hint.NAME] sections explain a
// version's wrong answers. What each bug looks like is the exercise's knowledge, in
// its exercise.ini (every worker doing everything: hits times the workers; chunks
// without their overlap: k-mers short by k - 1 per border); this file only applies it.
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "diagnose/diagnose.h"
#include "setup/formula.h"

// What a formula's names stand for at one field of one run.
struct hint_values {
  const struct result *expected, *got;
  const struct result_field *field;  // the field of the serial result being looked at
  int workers;
  long size;
  double wrong;  // the share of the fields the hint looks at that are not the serial's
};

static int
lost_work_lookup(void *ctx, const char *name, double *value)
{
  const struct hint_values *hv = ctx;
  const struct result_field *got = result_find(hv->got, hv->field->name);
  if (strcmp(name, "got") == 0)
    *value = got && got->is_number ? got->number : NAN;
  else if (strcmp(name, "expected") == 0)
    *value = hv->field->number;
  else if (strcmp(name, "missing") == 0)
    *value = got == NULL;
  else if (strcmp(name, "workers") == 0)
    *value = hv->workers;
  else if (strcmp(name, "size") == 0)
    *value = (double)hv->size;
  else if (strcmp(name, "wrong") == 0)
    *value = hv->wrong;
  else {
    // Any other name is a field of the serial result (k, strands, ...).
    const struct result_field *f = result_find(hv->expected, name);
    if (!f || !f->is_number)
      return 0;
    *value = f->number;
  }
  return 1;
}

static int
lost_work_matches(const struct hint_spec *h, const struct result_field *f)
{
  return f->is_number && (strcmp(h->field, f->name) == 0 ||
                          (strpbrk(h->field, "*?") && fnmatch(h->field, f->name, 0) == 0));
}

// The share of the fields that h looks at whose value in got is missing or not
// exactly the serial one: about (P - 1) / P when one worker's share alone came through.
static double
lost_work_wrong_share(const struct hint_spec *h, const struct result *expected,
                      const struct result *got)
{
  int matched = 0, wrong = 0;
  for (size_t f = 0; f < expected->count; f++) {
    const struct result_field *e = &expected->fields[f];
    if (!lost_work_matches(h, e))
      continue;
    const struct result_field *g = result_find(got, e->name);
    matched++;
    wrong += !g || !g->is_number || g->number != e->number;
  }
  return matched ? (double)wrong / matched : NAN;
}

// 1 when the hint is about this version (its `versions`, or all when empty).
static int
lost_work_is_for(const struct hint_spec *h, const char *version)
{
  if (h->versions[0] == '\0')
    return 1;
  char copy[sizeof h->versions], *save;
  snprintf(copy, sizeof copy, "%s", h->versions);
  for (char *v = strtok_r(copy, " \t,", &save); v; v = strtok_r(NULL, " \t,", &save))
    if (strcmp(v, version) == 0)
      return 1;
  return 0;
}

unsigned
lost_work_test(const struct spec *s, const char *version, const struct result *expected,
               const char *result_path, int workers, long size)
{
  struct result got = {0};
  char err[GRADER_MSG];
  unsigned holds = 0;
  // No result at all, or not in the format: nothing to read a bug from.
  if (result_load(result_path, &got, err, sizeof err) != 0) {
    result_free(&got);
    return 0;
  }
  for (int i = 0; i < s->nhints; i++) {
    const struct hint_spec *h = &s->hints[i];
    if (!h->when[0] || !lost_work_is_for(h, version))
      continue;
    // It holds when it holds at some field it looks at: one combination of a sweep
    // that was never run is enough.
    double wrong = lost_work_wrong_share(h, expected, &got);
    for (size_t f = 0; f < expected->count && !(holds & 1u << i); f++) {
      struct hint_values hv = {expected, &got, &expected->fields[f], workers, size, wrong};
      double yes;
      if (lost_work_matches(h, hv.field) &&
          formula_eval(h->when, lost_work_lookup, &hv, &yes, err, sizeof err) == 0 &&
          yes != 0)
        holds |= 1u << i;
    }
  }
  result_free(&got);
  return holds;
}

int
lost_work_check(const struct spec *s, const struct result *expected, char *err,
                size_t len)
{
  for (int i = 0; i < s->nhints; i++) {
    const struct hint_spec *h = &s->hints[i];
    if (!h->when[0])
      continue;
    size_t f = 0;
    while (f < expected->count && !lost_work_matches(h, &expected->fields[f]))
      f++;
    if (f == expected->count) {
      snprintf(err, len, "[hint.%s] field: '%s' matches no number of the serial result",
               h->name, h->field);
      return -1;
    }
    struct hint_values hv = {expected, expected, &expected->fields[f], 2, 1, 0};
    double ignored;
    char why[GRADER_MSG];
    if (formula_eval(h->when, lost_work_lookup, &hv, &ignored, why, sizeof why) != 0) {
      snprintf(err, len, "[hint.%s] when: %s (known: got, expected, missing, workers, "
               "size, wrong and the serial result's numbers)", h->name, why);
      return -1;
    }
  }
  return 0;
}

// A right_with hint fits when every run was right or wrong (no crash, no hang) and
// right exactly at its counts.
static int
lost_work_pattern_fits(const struct hint_spec *h, const struct version_result *v)
{
  for (int i = 0; i < v->nconfigs; i++) {
    const struct config_result *c = &v->configs[i];
    int listed = c->workers < 64 && (h->right_with >> c->workers & 1);
    if ((c->verdict != VERDICT_OK && c->verdict != VERDICT_WRONG) ||
        (c->verdict == VERDICT_OK) != listed)
      return 0;
  }
  return 1;
}

int
lost_work_hint(const struct spec *s, const struct version_result *v)
{
  unsigned every = ~0u;
  int wrong = 0;
  for (int i = 0; i < v->nconfigs; i++)
    if (v->configs[i].verdict == VERDICT_WRONG) {
      every &= v->configs[i].hints;
      wrong++;
    }
  if (wrong == 0)
    return 0;
  for (int i = 0; i < s->nhints; i++) {
    const struct hint_spec *h = &s->hints[i];
    if (!lost_work_is_for(h, v->version))
      continue;
    if (h->when[0] ? (int)(every >> i & 1) : lost_work_pattern_fits(h, v))
      return i + 1;
  }
  return 0;
}
