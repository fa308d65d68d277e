// Coral growth over a parameter sweep with separate processes: the reference solution.
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "pool.h"
#include "prng.h"
#include "result.h"
#include "split.h"
#include "timer.h"

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

// Grows combination i's reef from bare rock. Walker w draws from the stream
// prng_key(prng_key(seed, i), w), so the outcome depends on (seed, i) alone.
static void
grow(uint64_t seed, int i, const struct combination *c, struct outcome *out)
{
  // A walker that sticks raises the top by at most one row, so these rows suffice.
  size_t rows = (size_t)c->walkers + ESCAPE + 2;
  unsigned char *grid = calloc(rows, WIDTH);
  if (!grid) {
    perror("coral");
    exit(1);
  }
  memset(grid, 1, WIDTH);
  long long top = 0, mass = 0;
  uint64_t key = prng_key(seed, (uint64_t)i);
  for (long w = 0; w < c->walkers; w++)
    mass += walk(grid, &top, prng_key(key, (uint64_t)w), c->stickiness);
  // FNV-1a over the rows above the rock, cut to 48 bits so it stays exact as a double.
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t k = WIDTH; k < (size_t)(top + 1) * WIDTH; k++)
    h = (h ^ grid[k]) * 0x100000001b3ULL;
  *out = (struct outcome){mass, top, (long long)((h ^ (h >> 48)) & 0xffffffffffffULL)};
  free(grid);
}

// The built-in sweep: every stickiness at 1 to 6 times --size walkers. A run's time
// grows with its walkers, and the fewest come first: the dearest runs are the last.
static void
sweep_builtin(long size, struct sweep *s)
{
  static const double stickiness[] = {1.0, 0.5, 0.2, 0.1, 0.05, 0.02};
  s->count = 0;
  for (long k = 1; k <= 6; k++)
    for (size_t j = 0; j < sizeof stickiness / sizeof stickiness[0]; j++)
      s->c[s->count++] = (struct combination){stickiness[j], k * size};
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
  else if (size > MAX_WALKERS / 6)
    snprintf(err, sizeof err, "--size: at most %d walkers", MAX_WALKERS / 6);
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
// `block` (all of them but for --shard), after `share` when not NULL.
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

// One task of the pool grows one combination; its outcome is the task's result.
struct grow_job {
  uint64_t seed;
  const struct sweep *sweep;
};

static int
grow_task(size_t task, void *result, void *context)
{
  const struct grow_job *job = context;
  grow(job->seed, (int)task, &job->sweep->c[task], result);
  return 0;
}

// The combine step for shares run as separate commands (--shard I/N): reads each
// share's combinations back into s and o, checking that every share is there once.
static int
combine_files(char **files, int nfiles, struct sweep *s, struct outcome *o)
{
  int shares = 0, index, count, ok = nfiles > 0;
  unsigned char *seen = NULL;
  char err[512] = "--combine needs the result FILEs that --shard wrote", name[RESULT_NAME_MAX];
  for (int f = 0; ok && f < nfiles; f++) {
    struct result part = {0};
    ok = result_load(files[f], &part, err, sizeof err) == 0;
    const struct result_field *share = result_find(&part, "share");
    const struct result_field *n = result_find(&part, "combinations");
    if (ok && !(share && sscanf(share->text, "%d/%d", &index, &count) == 2 && n &&
                index >= 0 && index < count && n->number >= 1 && n->number <= MAX_COMBINATIONS &&
                (shares ? count == shares && n->number == s->count
                        : (seen = calloc((size_t)count, 1)) != NULL)))
      ok = 0, snprintf(err, sizeof err, "%s: not a share of the same run (needs fields "
                       "share and combinations from --shard)", files[f]);
    else if (ok && seen[index])
      ok = 0, snprintf(err, sizeof err, "%s: share %d/%d given twice", files[f], index, count);
    struct range block = ok ? split_block((size_t)index, (size_t)count, (size_t)n->number)
                            : (struct range){0, 0};
    if (ok)
      shares = count, s->count = (int)n->number, seen[index] = 1;
    for (size_t i = block.begin; ok && i < block.end; i++) {
      const struct result_field *v[5];
      for (int k = 0; ok && k < 5; k++) {
        field_name(name, s->count, (int)i, k);
        ok = (v[k] = result_find(&part, name)) != NULL && v[k]->is_number;
      }
      if (ok) {
        s->c[i] = (struct combination){v[0]->number, (long)v[1]->number};
        o[i] = (struct outcome){(long long)v[2]->number, (long long)v[3]->number,
                                (long long)v[4]->number};
      } else {
        snprintf(err, sizeof err, "%s: share %d/%d lacks %s", files[f], index, count, name);
      }
    }
    result_free(&part);
  }
  for (int i = 0; ok && i < shares; i++)
    if (!seen[i])
      ok = 0, snprintf(err, sizeof err, "share %d/%d is missing", i, shares);
  if (!ok)
    fprintf(stderr, "coral-embarrassing: %s\n", err);
  free(seen);
  return ok ? 0 : -1;
}

// --schedule: how the combinations are shared among the workers. Returns 1 for dynamic.
static int
schedule_parse_or_exit(const char *program, const char *text)
{
  if (strcmp(text, "static") == 0 || strcmp(text, "dynamic") == 0)
    return strcmp(text, "dynamic") == 0;
  fprintf(stderr, "%s: error: --schedule: expected static or dynamic, got '%s'\n", program,
          text);
  exit(2);
}

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 500, .seed = 1, .accepts_files = 1};
  const char *params = NULL, *schedule = "dynamic";
  struct shard shard = {0};
  int combine = 0;
  struct cli_option options[] = {
    {"params", CLI_STRING, &params, "FILE",
     "run the combinations in FILE ('STICKINESS WALKERS' per line), not the built-in sweep"},
    {"schedule", CLI_STRING, &schedule, "KIND", "static or dynamic (README.md, step 1)"},
    {"shard", CLI_SHARD, &shard, "I/N", "grow only share I of N and write its combinations"},
    {"combine", CLI_FLAG, &combine, NULL, "join the partial result FILEs that --shard wrote"},
  };
  cli_parse_or_exit(argc, argv,
                    "Grow a coral reef for every combination of a parameter sweep (--workers\n"
                    "processes, default: one per core). --size: walkers of the cheapest ones.\n"
                    "Usage with shares: see README.md.",
                    &args, options, 4);
  int dynamic = schedule_parse_or_exit("coral-embarrassing", schedule);
  static struct sweep sweep;
  if (!combine)
    sweep_load_or_exit("coral-embarrassing", params, args.size, &sweep);
  struct outcome *out = calloc(MAX_COMBINATIONS, sizeof *out);

  double start = timer_now();
  if (combine && combine_files(args.files, args.nfiles, &sweep, out) != 0)
    return 1;
  struct grow_job job = {args.seed, &sweep};
  struct pool_job tasks = {(size_t)sweep.count, sizeof(struct outcome), grow_task, &job,
                           dynamic ? POOL_DYNAMIC : POOL_STATIC};
  struct pool_report report;
  int failed = 0;
  struct range block = {0, (size_t)sweep.count};  // the combinations to write
  char share[32] = "";
  if (shard.count && !combine) {
    // --shard I/N: only share I's block of the combinations, in this process.
    block = split_block((size_t)shard.index, (size_t)shard.count, (size_t)sweep.count);
    snprintf(share, sizeof share, "%d/%d", shard.index, shard.count);
    failed = pool_map_shard(&tasks, shard, out, NULL, &report);
  } else if (!combine) {
    // `workers` forked processes grow reefs at the same time. POOL_DYNAMIC hands the
    // next combination to whichever worker is free, so the dear runs at the end of
    // the sweep are shared out; POOL_STATIC gives the last worker all of them.
    int workers = args.workers > 0 ? args.workers : (int)sysconf(_SC_NPROCESSORS_ONLN);
    failed = pool_map(&tasks, workers, out, NULL, &report);
  }
  if (failed) {
    fprintf(stderr, "coral-embarrassing: %s\n", report.message);
    return 1;
  }
  double seconds = timer_since(start);

  int status = write_results(&sweep, out, block, share[0] ? share : NULL, seconds, args.output,
                             "coral-embarrassing");
  free(out);
  return status;
}
