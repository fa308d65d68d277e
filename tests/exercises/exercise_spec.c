// What the exercise tests need from an exercise.ini: the test size and the checks.
#include "exercise_spec.h"

#include <ini.h>
#include <stdlib.h>
#include <string.h>

static int
on_entry(void *user, const char *section, const char *name, const char *value)
{
  struct exercise_checks *c = user;
  if (strcmp(section, "sizes") == 0 && strcmp(name, "test") == 0) {
    c->test_size = strtol(value, NULL, 10);
    return 1;
  }
  if (strncmp(section, "check.", 6) != 0)
    return 1;
  const char *field = section + 6;
  int i = 0;
  while (i < c->count && strcmp(c->field[i], field) != 0)
    i++;
  if (i == c->count) {
    if (c->count == SPEC_MAX_CHECKS)
      return 0;
    snprintf(c->field[i], RESULT_NAME_MAX, "%s", field);
    c->count++;
  }
  if (strcmp(name, "abs") == 0)
    c->tolerance[i].abs = strtod(value, NULL);
  else if (strcmp(name, "rel") == 0)
    c->tolerance[i].rel = strtod(value, NULL);
  return 1;
}

int
exercise_checks_load(const char *ini_path, struct exercise_checks *out)
{
  memset(out, 0, sizeof *out);
  return ini_parse(ini_path, on_entry, out) == 0 && out->test_size > 0 && out->count > 0
             ? 0 : -1;
}

int
exercise_checks_match(const struct exercise_checks *checks, const struct result *expected,
                      const struct result *got, char *msg, size_t msglen)
{
  for (int i = 0; i < checks->count; i++)
    if (!result_check(expected, got, checks->field[i], checks->tolerance[i], msg, msglen))
      return 0;
  return 1;
}
