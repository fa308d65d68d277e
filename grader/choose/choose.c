// Grades 00-choose: which technique fits each scenario, read from answers.txt.
//
// The scenarios and the techniques the lecture would accept live in the project's
// scenarios.ini; a submission brings only answers.txt. An answer is scored on its
// technique; the one-line reason is required but is the student's own, not scored.
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <ini.h>

#include "choose/choose.h"
#include "grade/grade.h"
#include "run/run.h"

static const char *techniques[] = {"embarrassing", "multicore", "multinode"};
#define CHOOSE_ALLOWED "write embarrassing, multicore or multinode, or join them " \
                       "with + (e.g. multicore+multinode)"

int
choose_is_exercise(const char *project, const char *name)
{
  char path[PATH_MAX];
  struct stat st;
  snprintf(path, sizeof path, "%s/exercises/%s/scenarios.ini", project, name);
  return stat(path, &st) == 0;
}

int
choose_is_result(const struct exercise_result *e)
{
  return e->nversions == 1 && strcmp(e->versions[0].version, CHOOSE_VERSION) == 0;
}

// Copies s without its leading and trailing blanks into out.
static void
choose_trim(const char *s, size_t n, char *out, size_t len)
{
  while (n > 0 && isspace((unsigned char)*s))
    s++, n--;
  while (n > 0 && isspace((unsigned char)s[n - 1]))
    n--;
  snprintf(out, len, "%.*s", (int)n, s);
}

int
choose_technique(const char *text, char *out, size_t len)
{
  int used[3] = {0, 0, 0};
  const char *s = text;
  for (;;) {
    const char *plus = strchr(s, '+');
    size_t n = plus ? (size_t)(plus - s) : strlen(s);
    char word[GRADER_NAME];
    choose_trim(s, n, word, sizeof word);
    int found = 0;
    for (int t = 0; t < 3; t++)
      if (strcasecmp(word, techniques[t]) == 0)
        used[t] = found = 1;
    if (!found) {
      snprintf(out, len, "%s", word);
      return -1;
    }
    if (!plus)
      break;
    s = plus + 1;
  }
  out[0] = '\0';
  for (int t = 0; t < 3; t++)
    if (used[t])
      snprintf(out + strlen(out), len - strlen(out), "%s%s", out[0] ? "+" : "",
               techniques[t]);
  return 0;
}

// --- scenarios.ini -------------------------------------------------------------------

struct choose_parse_state {
  struct choose_spec *c;
  char error[GRADER_MSG];
  int error_line, line;
  FILE *file;
};

static char *
choose_read_line(char *str, int num, void *stream)
{
  struct choose_parse_state *p = stream;
  char *line = fgets(str, num, p->file);
  if (line)
    p->line++;
  return line;
}

static int
choose_fail(struct choose_parse_state *p, const char *msg, const char *arg)
{
  if (!p->error_line) {
    p->error_line = p->line;
    snprintf(p->error, sizeof p->error, msg, arg);
  }
  return 0;
}

static int
choose_handle(void *user, const char *section, const char *name, const char *value)
{
  struct choose_parse_state *p = user;
  struct choose_spec *c = p->c;
  if (strcmp(section, "choose") == 0) {
    if (strcmp(name, "title") == 0)
      snprintf(c->title, sizeof c->title, "%s", value);
    else if (strcmp(name, "points") == 0 && (c->points = atof(value)) <= 0)
      return choose_fail(p, "[choose] points: '%s' is not a number > 0", value);
    else if (strcmp(name, "title") && strcmp(name, "points"))
      return choose_fail(p, "[choose]: unknown key '%s' (known: title, points)", name);
    return 1;
  }
  if (strncmp(section, "scenario.", 9) != 0)
    return choose_fail(p, "unknown section [%s] (known: [choose], [scenario.NAME])",
                       section);
  const char *id = section + 9;
  struct choose_scenario *s = c->n ? &c->s[c->n - 1] : NULL;
  if (!s || strcmp(s->id, id) != 0) {  // a new section: scenarios keep the file's order
    if (c->n == CHOOSE_MAX_SCENARIOS)
      return choose_fail(p, "more than %s scenarios", "15");
    s = &c->s[c->n++];
    snprintf(s->id, sizeof s->id, "%s", id);
  }
  if (strcmp(name, "accept") == 0) {
    char copy[GRADER_MSG], *save = NULL;
    snprintf(copy, sizeof copy, "%s", value);
    for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
      if (s->naccept == CHOOSE_MAX_ACCEPT)
        return choose_fail(p, "accept: more than %s techniques", "6");
      if (choose_technique(w, s->accept[s->naccept++], GRADER_NAME) != 0)
        return choose_fail(p, "accept: '%s' is not a technique", w);
    }
  } else if (strcmp(name, "exercise") == 0) {
    snprintf(s->exercise, sizeof s->exercise, "%s", value);
  } else if (strcmp(name, "explanation") == 0) {
    // inih hands each indented continuation line over again under the same name.
    size_t used = strlen(s->explanation);
    snprintf(s->explanation + used, sizeof s->explanation - used, "%s%s",
             used ? " " : "", value);
  } else {
    return choose_fail(p, "unknown key '%s' (known: accept, exercise, explanation)", name);
  }
  return 1;
}

int
choose_load(const char *path, const char *shown, struct choose_spec *c, char *err,
            size_t errlen)
{
  memset(c, 0, sizeof *c);
  c->points = 1;
  struct choose_parse_state p = {.c = c};
  if (!(p.file = fopen(path, "r"))) {
    snprintf(err, errlen, "%s: cannot read it", shown);
    return -1;
  }
  int status = ini_parse_stream(choose_read_line, &p, choose_handle, &p);
  fclose(p.file);
  if (p.error_line || status) {
    snprintf(err, errlen, "%s: line %d: %s", shown, p.error_line ? p.error_line : status,
             p.error_line ? p.error : "not an INI line");
    return -1;
  }
  for (int i = 0; i < c->n; i++)
    if (!c->s[i].naccept || !c->s[i].explanation[0]) {
      snprintf(err, errlen, "%s: [scenario.%s] needs accept and explanation", shown,
               c->s[i].id);
      return -1;
    }
  if (c->n == 0) {
    snprintf(err, errlen, "%s: no [scenario.NAME] sections", shown);
    return -1;
  }
  return 0;
}

// --- answers.txt ---------------------------------------------------------------------

static void
choose_error(char errors[][GRADER_MSG], int *n, const char *shown, int line,
             const char *fmt, const char *a, const char *b)
{
  if (*n < CHOOSE_MAX_ERRORS) {
    char what[GRADER_MSG];
    snprintf(what, sizeof what, fmt, a, b);
    if (line)
      snprintf(errors[*n], GRADER_MSG, "%s:%d: %s", shown, line, what);
    else
      snprintf(errors[*n], GRADER_MSG, "%s: %s", shown, what);
  }
  (*n)++;
}

// Checks one "NAME: TECHNIQUE | REASON" line and records it.
static void
choose_line(const struct choose_spec *c, const char *line, size_t len, int lineno,
            const char *shown, struct choose_answers *a, char errors[][GRADER_MSG],
            int *n)
{
  char text[GRADER_MSG * 2], id[GRADER_NAME], tech[GRADER_MSG], reason[GRADER_MSG];
  choose_trim(line, len, text, sizeof text);
  if (!text[0] || text[0] == '#')
    return;
  char *colon = strchr(text, ':');
  if (!colon) {
    choose_error(errors, n, shown, lineno, "'%s' has no ':'; write NAME: TECHNIQUE | "
                 "REASON, NAME one of the scenarios%s", text, "");
    return;
  }
  choose_trim(text, (size_t)(colon - text), id, sizeof id);
  int s = -1;
  for (int i = 0; i < c->n; i++)
    if (strcmp(id, c->s[i].id) == 0)
      s = i;
  if (s < 0) {
    char known[GRADER_MSG] = "";
    for (int i = 0; i < c->n; i++)
      snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s",
               i ? ", " : "", c->s[i].id);
    choose_error(errors, n, shown, lineno, "'%s' is not a scenario (they are: %s)", id,
                 known);
    return;
  }
  if (a->line[s]) {
    char first[32];
    snprintf(first, sizeof first, "%d", a->line[s]);
    choose_error(errors, n, shown, lineno, "'%s' is answered twice (first on line %s); "
                 "keep one line per scenario", id, first);
    return;
  }
  a->line[s] = lineno;
  char *bar = strchr(colon + 1, '|');
  choose_trim(colon + 1, bar ? (size_t)(bar - colon - 1) : strlen(colon + 1), tech,
              sizeof tech);
  choose_trim(bar ? bar + 1 : "", bar ? strlen(bar + 1) : 0, reason, sizeof reason);
  if (!tech[0] && !reason[0])
    return;  // not answered yet: it parses, and scores nothing
  if (!tech[0]) {
    choose_error(errors, n, shown, lineno, "%s: the reason has no technique before it; "
                 "%s", id, CHOOSE_ALLOWED);
    return;
  }
  char norm[GRADER_NAME];
  if (choose_technique(tech, norm, sizeof norm) != 0) {
    choose_error(errors, n, shown, lineno, "'%s' is not a technique; %s", norm,
                 CHOOSE_ALLOWED);
    return;
  }
  if (!bar || !reason[0]) {
    choose_error(errors, n, shown, lineno, "%s: add a one-line reason after a '|' "
                 "(NAME: TECHNIQUE | REASON)%s", id, "");
    return;
  }
  snprintf(a->technique[s], sizeof a->technique[s], "%s", norm);
}

int
choose_parse(const struct choose_spec *c, const char *text, const char *shown,
             struct choose_answers *a, char errors[][GRADER_MSG])
{
  memset(a, 0, sizeof *a);
  int n = 0, lineno = 0;
  for (const char *p = text; *p;) {
    const char *end = strchr(p, '\n');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    lineno++;
    if (len >= GRADER_MSG)
      choose_error(errors, &n, shown, lineno, "the line is longer than %s characters; "
                   "keep the reason to one short line%s", "511", "");
    else
      choose_line(c, p, len, lineno, shown, a, errors, &n);
    p = end ? end + 1 : p + len;
  }
  int line_errors = n;  // a line at fault may be the one that looks missing
  for (int i = 0; i < c->n && !line_errors; i++)
    if (!a->line[i])
      choose_error(errors, &n, shown, 0, "scenario '%s' is missing; keep a line "
                   "'%s: TECHNIQUE | REASON' for it", c->s[i].id, c->s[i].id);
  return n;
}

// --- grading and the report ------------------------------------------------------------

static int
choose_accepted(const struct choose_scenario *s, const char *technique)
{
  for (int i = 0; i < s->naccept; i++)
    if (strcmp(s->accept[i], technique) == 0)
      return 1;
  return 0;
}

// One feedback line per scenario. The explanation is shown once the scenario has been
// answered, so that it does not give away the answer before the student has thought.
static void
choose_feedback(const struct choose_scenario *s, const char *technique, int right,
                double points, char *out, size_t len)
{
  char accepted[GRADER_MSG] = "", taught[GRADER_MSG] = "";
  for (int i = 0; i < s->naccept; i++)
    snprintf(accepted + strlen(accepted), sizeof accepted - strlen(accepted), "%s%s",
             i ? " or " : "", s->accept[i]);
  if (s->exercise[0])
    snprintf(taught, sizeof taught, " (exercise %s)", s->exercise);
  if (!technique[0])
    snprintf(out, len, "%s: not answered yet (0/%g); the explanation shows once you "
             "have answered.", s->id, points);
  else if (right)
    snprintf(out, len, "%s: %s, right (%g/%g). %s%s", s->id, technique, points, points,
             s->explanation, taught);
  else
    snprintf(out, len, "%s: %s is not what the lecture would choose (0/%g): %s. %s%s",
             s->id, technique, points, accepted, s->explanation, taught);
}

void
choose_grade(const struct grade_setup *g, const char *name, struct exercise_result *r)
{
  memset(r, 0, sizeof *r);
  snprintf(r->name, sizeof r->name, "%s", name);
  r->seed = g->seed;
  r->serial_seconds = r->serial_spread = NAN;
  r->nversions = 1;
  struct version_result *v = &r->versions[0];
  snprintf(v->version, sizeof v->version, CHOOSE_VERSION);
  v->speedup = v->efficiency = v->speedup_nl = v->efficiency_nl = NAN;
  v->scored_speedup = v->serial_fraction = NAN;

  static struct choose_spec c;  // large; one grading at a time
  char path[PATH_MAX], shown[PATH_MAX], err[GRADER_TEXT];
  snprintf(path, sizeof path, "%s/exercises/%s/scenarios.ini", g->project, name);
  snprintf(shown, sizeof shown, "exercises/%s/scenarios.ini", name);
  if (choose_load(path, shown, &c, err, sizeof err) != 0) {
    snprintf(r->error, sizeof r->error, "%s", err);
    return;  // the project's own file is wrong: not graded
  }
  snprintf(r->spec.title, sizeof r->spec.title, "%s", c.title);
  r->spec.nversions = 1;
  snprintf(r->spec.versions[0], GRADER_NAME, CHOOSE_VERSION);
  r->spec.points.correct = c.points;  // per scenario
  r->graded = 1;
  r->max_score = v->max_score = c.points * c.n;

  // Shown relative to the project when it is inside it, as build.c shows sources.
  snprintf(path, sizeof path, "%s/%s/answers.txt", g->version_dir, name);
  size_t plen = strlen(g->project);
  snprintf(v->source, sizeof v->source, "%s", !strncmp(path, g->project, plen) &&
           path[plen] == '/' ? path + plen + 1 : path);
  char *text = file_read(path, 1 << 20);
  if (!text) {
    v->build = BUILD_MISSING;
    snprintf(v->feedback[v->nfeedback++], GRADER_TEXT, "%s is missing: copy "
             "exercises/%s/answers.txt and fill it in.", v->source, name);
    return;
  }
  static struct choose_answers a;
  char errors[CHOOSE_MAX_ERRORS][GRADER_MSG];
  int nerrors = choose_parse(&c, text, v->source, &a, errors);
  free(text);
  if (nerrors) {
    v->build = BUILD_FAILED;
    for (int i = 0; i < nerrors && i < CHOOSE_MAX_ERRORS; i++)
      snprintf(v->build_errors + strlen(v->build_errors),
               sizeof v->build_errors - strlen(v->build_errors), "%s%s", i ? "\n" : "",
               errors[i]);
    snprintf(v->feedback[v->nfeedback++], GRADER_TEXT, "%s has %d error%s (%s listed "
             "above), so no answer counts yet: fix them and grade again.", v->source,
             nerrors, nerrors == 1 ? "" : "s", nerrors > CHOOSE_MAX_ERRORS ?
             "the first ones" : "all");
    return;
  }
  v->build = BUILD_OK;
  int right = 0, answered = 0;
  char lines[CHOOSE_MAX_SCENARIOS][GRADER_TEXT];
  for (int i = 0; i < c.n; i++) {
    int ok = a.technique[i][0] && choose_accepted(&c.s[i], a.technique[i]);
    answered += a.technique[i][0] != 0;
    right += ok;
    choose_feedback(&c.s[i], a.technique[i], ok, c.points, lines[i], GRADER_TEXT);
  }
  v->correct = right == c.n;
  v->score = v->points_correct = r->score = c.points * right;
  snprintf(v->feedback[v->nfeedback++], GRADER_TEXT, "%d of %d scenarios right, %d "
           "answered differently, %d not answered yet.", right, c.n, answered - right,
           c.n - answered);
  for (int i = 0; i < c.n; i++)
    snprintf(v->feedback[v->nfeedback++], GRADER_TEXT, "%s", lines[i]);
}

// Prints text after `indent` spaces, wrapped at about 92 columns, later lines
// indented by two more, so that the explanations read as paragraphs.
static void
choose_wrapped(FILE *out, const char *text, int indent)
{
  int col = fprintf(out, "%*s", indent, ""), first = 1;
  for (const char *s = text + strspn(text, " "); *s; s += strspn(s, " ")) {
    int n = (int)strcspn(s, " ");
    if (!first && col + 1 + n > 92)
      col = fprintf(out, "\n%*s", indent + 2, "") - 1;
    else if (!first)
      col += fprintf(out, " ");
    col += fprintf(out, "%.*s", n, s);
    s += n;
    first = 0;
  }
  fputc('\n', out);
}

void
choose_table(FILE *out, const struct exercise_result *e, int colour)
{
  const struct version_result *v = &e->versions[0];
  const char *bold = colour ? "\033[1m" : "", *red = colour ? "\033[31m" : "",
             *off = colour ? "\033[0m" : "";
  fprintf(out, "\n%s%s  %s%s\n", bold, e->name, e->spec.title, off);
  if (!e->graded) {
    fprintf(out, "  not graded: %s\n", e->error);
    return;
  }
  fprintf(out, "  answers: %s\n", v->source);
  if (v->build == BUILD_FAILED) {
    fprintf(out, "  %serrors:%s\n", red, off);
    for (const char *s = v->build_errors; *s;) {
      const char *end = strchr(s, '\n');
      int n = end ? (int)(end - s) : (int)strlen(s);
      fprintf(out, "    %.*s\n", n, s);
      s += n + (end != NULL);
    }
  }
  fputs("  feedback:\n", out);
  for (int f = 0; f < v->nfeedback; f++)
    choose_wrapped(out, v->feedback[f], 4);
  fprintf(out, "  points: %g per scenario answered with a technique the lecture would "
          "accept; the reason is yours, and not scored.\n", e->spec.points.correct);
  fprintf(out, "  %s: %.1f / %g points\n", e->name, e->score, e->max_score);
}
