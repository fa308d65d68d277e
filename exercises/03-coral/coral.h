// The coral model that serial.c and every parallel version share: a walker's drift, the
// growth of one combination's reef, the sweep (built in or read from --params), the
// --schedule option and the result lines. The versions differ only in how they hand
// the combinations out, so that is all their own files hold. (The grader compiles
// every version with this file as it stands here, in exercises/03-coral, whatever
// was submitted.)
#ifndef CORAL_H
#define CORAL_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prng.h"
#include "result.h"
#include "split.h"

// The reef: WIDTH columns that wrap around (a strip of a wider reef); row 0 is the
// rock of the seabed. A walker starts LAUNCH rows above the tallest coral and is
// lost to the open sea once it drifts ESCAPE rows above it.
#define WIDTH 128
#define LAUNCH 3
#define ESCAPE 12
#define MAX_WALKERS 1000000
#define MAX_COMBINATIONS 1000

struct combination {
  double stickiness;  // chance to stick, at each step next to the coral: (0, 1]
  long walkers;       // walkers released, one after the other
};

// What one combination grew: the bytes a parallel version sends back per task.
struct outcome {
  long long mass, height, checksum;
};

struct sweep {
  int count;
  struct combination c[MAX_COMBINATIONS];
};

// A walker drifts until it sticks next to the coral (returns 1) or is lost (0).
// Its numbers come from its own stream `key`: draw 0 places it, draw s is step s.
static int
walk(unsigned char *grid, long long *top, uint64_t key, double stickiness)
{
  long x = (long)(prng_u64(key, 0) % WIDTH), y = *top + LAUNCH;
  for (uint64_t step = 1;; step++) {  // ends: a walk in a band leaves it
    uint64_t u = prng_u64(key, step);
    unsigned char *row = grid + y * WIDTH;
    int touching = row[(x + 1) % WIDTH] || row[(x + WIDTH - 1) % WIDTH] ||
                   row[x - WIDTH] || row[x + WIDTH];
    if (touching && (double)(u >> 11) * 0x1.0p-53 < stickiness) {
      row[x] = 1;
      if (y > *top)
        *top = y;
      return 1;
    }
    // The low two bits pick right, left, down or up; coral and rock block the way.
    long nx = (u & 3) == 0 ? (x + 1) % WIDTH : (u & 3) == 1 ? (x + WIDTH - 1) % WIDTH : x;
    long ny = (u & 3) == 2 ? y - 1 : (u & 3) == 3 ? y + 1 : y;
    if (!grid[ny * WIDTH + nx])
      x = nx, y = ny;
    if (y > *top + ESCAPE)
      return 0;
  }
}

// Bare rock under an empty sea, with rows enough for combination c.
static unsigned char *
reef_new(const struct combination *c)
{
  // A walker that sticks raises the top by at most one row, so these rows suffice.
  size_t rows = (size_t)c->walkers + ESCAPE + 2;
  unsigned char *grid = calloc(rows, WIDTH);
  if (!grid) {
    perror("coral");
    exit(1);
  }
  memset(grid, 1, WIDTH);
  return grid;
}

// FNV-1a over the rows above the rock, cut to 48 bits so it stays exact as a double.
static long long
reef_checksum(const unsigned char *grid, long long top)
{
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t k = WIDTH; k < (size_t)(top + 1) * WIDTH; k++)
    h = (h ^ grid[k]) * 0x100000001b3ULL;
  return (long long)((h ^ (h >> 48)) & 0xffffffffffffULL);
}

// Grows combination i's reef from bare rock. Walker w draws from the stream
// prng_key(prng_key(seed, i), w), so the outcome depends on (seed, i) alone.
static void
grow(uint64_t seed, int i, const struct combination *c, struct outcome *out)
{
  unsigned char *grid = reef_new(c);
  long long top = 0, mass = 0;
  uint64_t key = prng_key(seed, (uint64_t)i);
  for (long w = 0; w < c->walkers; w++)
    mass += walk(grid, &top, prng_key(key, (uint64_t)w), c->stickiness);
  *out = (struct outcome){mass, top, reef_checksum(grid, top)};
  free(grid);
}

// The built-in sweep: every stickiness at each multiple of --size walkers. A run's
// time grows faster than its walkers, and the fewest come first: the dearest runs are
// the last. 7 x 5 = 35 combinations, which no count of workers from 2 to 4 divides:
// a version that loses the remainder of combinations / workers is wrong there.
static const long multiples[] = {1, 2, 3, 5, 8};
#define MULTIPLES (sizeof multiples / sizeof multiples[0])

static void
sweep_builtin(long size, struct sweep *s)
{
  static const double stickiness[] = {1.0, 0.5, 0.3, 0.2, 0.1, 0.05, 0.02};
  s->count = 0;
  for (size_t k = 0; k < MULTIPLES; k++)
    for (size_t j = 0; j < sizeof stickiness / sizeof stickiness[0]; j++)
      s->c[s->count++] = (struct combination){stickiness[j], multiples[k] * size};
}

// Reads FILE of --params: one "STICKINESS WALKERS" per line, '#' comments.
// Returns 0, or -1 with one line in err that names the file and the line.
static int
sweep_read(const char *path, struct sweep *s, char *err, size_t len)
{
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, len, "--params %s: %s", path, strerror(errno));
    return -1;
  }
  char line[256], extra;
  s->count = 0;
  for (int n = 1; fgets(line, sizeof line, f); n++) {
    char *text = line + strspn(line, " \t\r\n");
    double st;
    long w;
    text[strcspn(text, "\r\n")] = '\0';
    if (*text == '\0' || *text == '#')
      continue;
    if (sscanf(text, "%lf %ld %c", &st, &w, &extra) != 2 || !(st > 0 && st <= 1) ||
        w < 1 || w > MAX_WALKERS || s->count == MAX_COMBINATIONS) {
      snprintf(err, len, "--params %s: line %d: expected 'STICKINESS WALKERS' (stickiness in "
               "(0, 1], walkers 1 to %d, at most %d lines), got '%.40s'", path, n,
               MAX_WALKERS, MAX_COMBINATIONS, text);
      fclose(f);
      return -1;
    }
    s->c[s->count++] = (struct combination){st, w};
  }
  fclose(f);
  if (s->count == 0)
    snprintf(err, len, "--params %s: no combinations (one 'STICKINESS WALKERS' per line)", path);
  return s->count ? 0 : -1;
}

// The sweep to run: FILE of --params, else the built-in one of --size. A bad list
// is a bad argument: one line naming it, exit status 2.
static void
sweep_load_or_exit(const char *program, const char *params, long size, struct sweep *s)
{
  char err[512] = "";
  if (params)
    sweep_read(params, s, err, sizeof err);
  else if (size > MAX_WALKERS / multiples[MULTIPLES - 1])
    snprintf(err, sizeof err, "--size: at most %ld walkers",
             MAX_WALKERS / multiples[MULTIPLES - 1]);
  else
    sweep_builtin(size, s);
  if (err[0]) {
    fprintf(stderr, "%s: error: %s\n", program, err);
    exit(2);
  }
}

static const char *const fields[] = {"stickiness", "walkers", "mass", "height", "checksum"};

// The name of combination i's field f in a result of `count` combinations.
static void
field_name(char *name, int count, int i, int f)
{
  snprintf(name, RESULT_NAME_MAX, "c%0*d.%s", count > 100 ? 3 : 2, i, fields[f]);
}

// Writes cNN.stickiness, .walkers, .mass, .height and .checksum per combination in
// `block` (all of them but for embarrassing.c's --shard), after `share` when not NULL.
static int
write_results(const struct sweep *s, const struct outcome *o, struct range block,
              const char *share, double seconds, const char *path, const char *program)
{
  struct result r = {0};
  if (share)
    result_add_text(&r, "share", share);
  result_add_int(&r, "combinations", s->count);
  for (int i = (int)block.begin; i < (int)block.end; i++) {
    char name[RESULT_NAME_MAX];
    long long values[] = {0, s->c[i].walkers, o[i].mass, o[i].height, o[i].checksum};
    for (int f = 0; f < 5; f++) {
      field_name(name, s->count, i, f);
      if (f == 0)
        result_add_double(&r, name, s->c[i].stickiness);
      else
        result_add_int(&r, name, values[f]);
    }
  }
  result_add_double(&r, "kernel_seconds", seconds);
  int status = result_save(&r, path, program) == 0 ? 0 : 1;
  result_free(&r);
  return status;
}

// --schedule: how the combinations are shared among the workers. Returns 1 for dynamic.
// (serial.c has no --schedule: `unused` keeps -Wunused-function quiet there.)
__attribute__((unused)) static int
schedule_parse_or_exit(const char *program, const char *text)
{
  if (strcmp(text, "static") == 0 || strcmp(text, "dynamic") == 0)
    return strcmp(text, "dynamic") == 0;
  fprintf(stderr, "%s: error: --schedule: expected static or dynamic, got '%s'\n", program,
          text);
  exit(2);
}

#endif
