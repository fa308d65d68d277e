// Reads and validates exercise.ini (with inih): sizes, checks and points of an exercise.
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "setup/formula.h"
#include "setup/setup.h"

// The approaches the grader can build and launch (launch.c and build.c know them).
static const char *known_versions[] = {"embarrassing", "openmp", "mpi", "hybrid"};

// The parse in progress. inih calls the reader once per line before the handler sees
// that line's value, so `line` is the line the handler is looking at.
struct parse {
  FILE *file;
  int line;
  struct spec *spec;
  int section_line;           // the line of the last [section] header
  int error_line;             // first line with an error, 0 if none
  char error[GRADER_MSG];
  // which required keys were seen
  int have_program, have_versions, have_grade;
  int have_correct, have_speedup, have_full_efficiency;
  char seen[96][96];          // "section/name" of the keys seen, to catch repeats
  int nseen;
};

int
spec_version_known(const char *version)
{
  for (size_t i = 0; i < sizeof known_versions / sizeof known_versions[0]; i++)
    if (strcmp(version, known_versions[i]) == 0)
      return 1;
  return 0;
}

static char *
spec_read_line(char *str, int num, void *stream)
{
  struct parse *p = stream;
  char *line = fgets(str, num, p->file);
  if (line) {
    p->line++;
    const char *s = line + strspn(line, " \t");
    if (*s == '[')
      p->section_line = p->line;
  }
  return line;
}

// Records the first error only: later ones are often caused by it.
static int
spec_fail(struct parse *p, const char *fmt, ...)
{
  if (p->error_line == 0) {
    p->error_line = p->line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->error, sizeof p->error, fmt, ap);
    va_end(ap);
  }
  return 0;
}

// 1 when s is a non-empty name shorter than max, of letters, digits and `extra`.
static int
spec_is_name(const char *s, size_t max, const char *extra)
{
  size_t n = strlen(s);
  if (n == 0 || n >= max)
    return 0;
  for (; *s; s++)
    if (!isalnum((unsigned char)*s) && !strchr(extra, *s))
      return 0;
  return 1;
}

// A whole number >= 1, or -1.
static long
spec_parse_size(const char *value)
{
  char *end;
  errno = 0;
  long n = strtol(value, &end, 10);
  if (errno || end == value || *end != '\0' || n < 1)
    return -1;
  return n;
}

// A finite number >= 0, or -1.
static double
spec_parse_number(const char *value)
{
  char *end;
  errno = 0;
  double x = strtod(value, &end);
  if (errno || end == value || *end != '\0' || !isfinite(x) || x < 0)
    return -1;
  return x;
}

static int
spec_exercise_key(struct parse *p, const char *name, const char *value)
{
  struct spec *s = p->spec;
  if (strcmp(name, "title") == 0) {
    snprintf(s->title, sizeof s->title, "%s", value);
  } else if (strcmp(name, "program") == 0) {
    if (!spec_is_name(value, sizeof s->program, "_.-"))
      return spec_fail(p, "[exercise] program: '%s' is not a program name", value);
    snprintf(s->program, sizeof s->program, "%s", value);
    p->have_program = 1;
  } else if (strcmp(name, "versions") == 0) {
    char copy[GRADER_MSG];
    snprintf(copy, sizeof copy, "%s", value);
    s->nversions = 0;
    for (char *save, *v = strtok_r(copy, " \t,", &save); v;
         v = strtok_r(NULL, " \t,", &save)) {
      if (!spec_version_known(v))
        return spec_fail(p, "[exercise] versions: unknown version '%s' (known: "
                         "embarrassing openmp mpi)", v);
      for (int i = 0; i < s->nversions; i++)
        if (strcmp(s->versions[i], v) == 0)
          return spec_fail(p, "[exercise] versions: '%s' listed twice", v);
      if (s->nversions == GRADER_MAX_VERSIONS)
        return spec_fail(p, "[exercise] versions: more than %d", GRADER_MAX_VERSIONS);
      snprintf(s->versions[s->nversions++], GRADER_NAME, "%s", v);
    }
    if (s->nversions == 0)
      return spec_fail(p, "[exercise] versions: empty");
    p->have_versions = 1;
  } else {
    return spec_fail(p, "unknown key '%s' in [exercise]", name);
  }
  return 1;
}

static int
spec_sizes_key(struct parse *p, const char *name, const char *value)
{
  if (strcmp(name, "seconds") == 0 || strcmp(name, "growth") == 0) {
    double x = spec_parse_number(value);
    int seconds = name[0] == 's';
    if (!(x > 0) || (seconds && x > 60) || (!seconds && x > 4))
      return spec_fail(p, "[sizes] %s: '%s' is not a number %s", name, value,
                       seconds ? "above 0 and at most 60 (seconds)" : "above 0 and at most 4");
    *(seconds ? &p->spec->target_seconds : &p->spec->growth) = x;
    return 1;
  }
  long n = spec_parse_size(value);
  long *slot = strcmp(name, "grade") == 0 ? &p->spec->size_grade
             : strcmp(name, "test") == 0  ? &p->spec->size_test
             : strcmp(name, "quick") == 0 ? &p->spec->size_quick
             : NULL;
  if (!slot)
    return spec_fail(p, "unknown key '%s' in [sizes]", name);
  if (n < 0)
    return spec_fail(p, "[sizes] %s: '%s' is not a whole number >= 1", name, value);
  *slot = n;
  if (slot == &p->spec->size_grade)
    p->have_grade = 1;
  return 1;
}

// [check.FIELD] or [check.PATTERN]: abs and rel, both optional (0 means exact).
static int
spec_check_key(struct parse *p, const char *section, const char *name,
               const char *value)
{
  struct spec *s = p->spec;
  const char *field = section + strlen("check.");
  int pattern = strpbrk(field, "*?") != NULL;
  if (!spec_is_name(field, RESULT_NAME_MAX, pattern ? "_.-*?" : "_.-"))
    return spec_fail(p, "[%s]: '%s' is not a result field name (nor a pattern of one "
                     "with * and ?)", section, field);
  int i = 0;
  while (i < s->nchecks && strcmp(s->checks[i].field, field) != 0)
    i++;
  if (i == s->nchecks) {
    if (s->nchecks == GRADER_MAX_CHECKS)
      return spec_fail(p, "more than %d [check.FIELD] sections (a pattern such as "
                       "[check.c*.mass] covers many fields)", GRADER_MAX_CHECKS);
    s->checks[s->nchecks].pattern = pattern;
    snprintf(s->checks[s->nchecks++].field, RESULT_NAME_MAX, "%s", field);
  }
  double x = spec_parse_number(value);
  if (strcmp(name, "abs") != 0 && strcmp(name, "rel") != 0)
    return spec_fail(p, "unknown key '%s' in [%s] (known: abs, rel)", name, section);
  if (x < 0)
    return spec_fail(p, "[%s] %s: '%s' is not a number >= 0", section, name, value);
  if (strcmp(name, "abs") == 0)
    s->checks[i].tol.abs = x;
  else
    s->checks[i].tol.rel = x;
  return 1;
}

static int
spec_points_key(struct parse *p, const char *name, const char *value)
{
  struct points_spec *pts = &p->spec->points;
  double x = spec_parse_number(value);
  if (strcmp(name, "correct") == 0) {
    if (x < 0)
      return spec_fail(p, "[points] correct: '%s' is not a number >= 0", value);
    pts->correct = x;
    p->have_correct = 1;
  } else if (strcmp(name, "speedup") == 0) {
    if (x < 0)
      return spec_fail(p, "[points] speedup: '%s' is not a number >= 0", value);
    pts->speedup = x;
    p->have_speedup = 1;
  } else if (strcmp(name, "full_efficiency") == 0) {
    if (!(x > 0 && x <= 1))
      return spec_fail(p, "[points] full_efficiency: '%s' is not a number in (0, 1]",
                       value);
    pts->full_efficiency = x;
    p->have_full_efficiency = 1;
  } else if (strcmp(name, "full_at_reference") == 0) {
    if (!(x > 0 && x <= 1))
      return spec_fail(p, "[points] full_at_reference: '%s' is not a number in (0, 1]",
                       value);
    pts->full_at_reference = x;
  } else {
    return spec_fail(p, "unknown key '%s' in [points]", name);
  }
  return 1;
}

// [input] generator = generate.c: a program of the exercise (beside serial.c) that
// writes the input data (a file or a directory) from --size and --seed.
static int
spec_input_key(struct parse *p, const char *name, const char *value)
{
  struct spec *s = p->spec;
  if (strcmp(name, "generator") != 0)
    return spec_fail(p, "unknown key '%s' in [input] (known: generator)", name);
  size_t n = strlen(value);
  if (!spec_is_name(value, sizeof s->generator, "_.-") || n < 3 ||
      strcmp(value + n - 2, ".c") != 0)
    return spec_fail(p, "[input] generator: '%s' is not a C file name such as "
                     "generate.c", value);
  snprintf(s->generator, sizeof s->generator, "%s", value);
  return 1;
}

// The load-time check of a formula: every name has a value, so only the syntax counts
// (the names are checked against the serial result once it exists: lost_work_check).
static int
spec_any_name(void *ctx, const char *name, double *value)
{
  (void)ctx, (void)name;
  *value = 1;
  return 1;
}

// [hint.NAME]: versions, field, when, right_with, text (text may go on over indented
// lines, which inih hands over one by one).
static int
spec_hint_key(struct parse *p, const char *section, const char *name, const char *value)
{
  struct spec *s = p->spec;
  const char *hint = section + strlen("hint.");
  if (!spec_is_name(hint, sizeof s->hints[0].name, "_.-"))
    return spec_fail(p, "[%s]: '%s' is not a name", section, hint);
  if (s->nhints == 0 || strcmp(s->hints[s->nhints - 1].name, hint) != 0) {
    if (s->nhints == GRADER_MAX_HINTS)
      return spec_fail(p, "more than %d [hint.NAME] sections", GRADER_MAX_HINTS);
    snprintf(s->hints[s->nhints++].name, sizeof s->hints[0].name, "%s", hint);
  }
  struct hint_spec *h = &s->hints[s->nhints - 1];
  char err[GRADER_MSG];
  double ignored;
  if (strcmp(name, "text") == 0) {
    size_t n = strlen(h->text);
    snprintf(h->text + n, sizeof h->text - n, "%s%s", n ? " " : "", value);
  } else if (strcmp(name, "versions") == 0) {
    snprintf(h->versions, sizeof h->versions, "%s", value);
  } else if (strcmp(name, "field") == 0) {
    if (!spec_is_name(value, sizeof h->field, "_.-*?"))
      return spec_fail(p, "[%s] field: '%s' is not a result field name (nor a pattern "
                       "of one)", section, value);
    snprintf(h->field, sizeof h->field, "%s", value);
  } else if (strcmp(name, "when") == 0) {
    if (formula_eval(value, spec_any_name, NULL, &ignored, err, sizeof err) != 0)
      return spec_fail(p, "[%s] when: %s", section, err);
    snprintf(h->when, sizeof h->when, "%s", value);
  } else if (strcmp(name, "right_with") == 0) {
    char copy[GRADER_MSG], *save;
    snprintf(copy, sizeof copy, "%s", value);
    for (char *c = strtok_r(copy, " \t,", &save); c; c = strtok_r(NULL, " \t,", &save)) {
      long n = spec_parse_size(c);
      if (n < 1 || n > 63)
        return spec_fail(p, "[%s] right_with: '%s' is not a worker count from 1 to 63",
                         section, c);
      h->right_with |= 1ULL << n;
    }
  } else {
    return spec_fail(p, "unknown key '%s' in [%s] (known: versions, field, when, "
                     "right_with, text)", name, section);
  }
  return 1;
}

// A [hint.NAME] needs text, and either field with when or right_with: NULL when each
// has, else the name of the first that has not.
static const char *
spec_hint_incomplete(const struct spec *s)
{
  for (int i = 0; i < s->nhints; i++) {
    const struct hint_spec *h = &s->hints[i];
    int values = h->field[0] && h->when[0], counts = h->right_with != 0;
    if (!h->text[0] || values == counts || (!values && (h->field[0] || h->when[0])))
      return h->name;
  }
  return NULL;
}

static int
spec_handle(void *user, const char *section, const char *name, const char *value)
{
  struct parse *p = user;
  char key[sizeof p->seen[0]];
  snprintf(key, sizeof key, "%s/%s", section, name);
  // A hint's text may go on over indented lines: inih hands each over as `text` again.
  int text = strncmp(section, "hint.", 5) == 0 && strcmp(name, "text") == 0, seen = 0;
  for (int i = 0; i < p->nseen && !seen; i++)
    seen = strcmp(p->seen[i], key) == 0;
  if (seen && !text)
    return spec_fail(p, "[%s] %s given twice", section, name);
  if (!seen && p->nseen < (int)(sizeof p->seen / sizeof p->seen[0]))
    memcpy(p->seen[p->nseen++], key, sizeof key);

  if (strcmp(section, "exercise") == 0)
    return spec_exercise_key(p, name, value);
  if (strcmp(section, "sizes") == 0)
    return spec_sizes_key(p, name, value);
  if (strncmp(section, "check.", 6) == 0)
    return spec_check_key(p, section, name, value);
  if (strcmp(section, "points") == 0)
    return spec_points_key(p, name, value);
  if (strcmp(section, "input") == 0)
    return spec_input_key(p, name, value);
  if (strncmp(section, "hint.", 5) == 0)
    return spec_hint_key(p, section, name, value);
  if (section[0] == '\0')
    return spec_fail(p, "'%s' comes before any [section]", name);
  // The header is at fault, not its first key: report the header's line.
  int line = p->line;
  p->line = p->section_line;
  spec_fail(p, "unknown section [%s]", section);
  p->line = line;
  return 0;
}

// The first required key that is missing, or NULL.
static const char *
spec_missing(const struct parse *p)
{
  if (!p->have_program) return "[exercise] program";
  if (!p->have_versions) return "[exercise] versions";
  if (!p->have_grade) return "[sizes] grade";
  if (p->spec->nchecks == 0) return "[check.FIELD] section (what to compare)";
  if (!p->have_correct) return "[points] correct";
  if (!p->have_speedup) return "[points] speedup";
  if (!p->have_full_efficiency) return "[points] full_efficiency";
  return NULL;
}

int
spec_load(const char *path, const char *shown, struct spec *s, char *err,
          size_t errlen)
{
  memset(s, 0, sizeof *s);
  s->points.full_at_reference = PARAM_FULL_AT_REFERENCE;
  s->growth = 1;
  struct parse p = {.spec = s};
  p.file = fopen(path, "r");
  if (!p.file) {
    snprintf(err, errlen, "%s: %s", shown, strerror(errno));
    return -1;
  }
  int status = ini_parse_stream(spec_read_line, &p, spec_handle, &p);
  fclose(p.file);

  if (status < 0) {
    snprintf(err, errlen, "%s: cannot be read", shown);
    return -1;
  }
  // A line the handler never saw (no '=' or an unclosed '[') is inih's own error.
  if (status > 0 && (p.error_line == 0 || status < p.error_line)) {
    snprintf(err, errlen, "%s: line %d: not 'name = value' or '[section]'", shown,
             status);
    return -1;
  }
  if (p.error_line) {
    snprintf(err, errlen, "%s: line %d: %s", shown, p.error_line, p.error);
    return -1;
  }
  const char *hint = spec_hint_incomplete(s);
  if (hint) {
    snprintf(err, errlen, "%s: [hint.%s] needs text, and either field with when or "
             "right_with", shown, hint);
    return -1;
  }
  const char *missing = spec_missing(&p);
  if (missing) {
    snprintf(err, errlen, "%s: missing %s", shown, missing);
    return -1;
  }
  if (s->title[0] == '\0')
    snprintf(s->title, sizeof s->title, "%s", s->program);
  return 0;
}
