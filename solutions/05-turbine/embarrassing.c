// Heat through a turbine section, an ensemble run in separate processes: the reference solution.
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
#include "turbine.h"

// Advances row i one step, from cur to next (rows of `stride` doubles), then puts its
// blade cells back to T_BLADE.
static void
step_row(const struct turbine *t, const double *cur, double *next, long stride, long i)
{
  const double *c = cur + i * stride;
  double *out = next + i * stride;
  stencil(c, c - stride, c + stride, out, 1, t->n + 1);
  for (long k = t->first[i]; k < t->first[i + 1]; k++)
    for (long j = t->segment[k].x0; j < t->segment[k].x1; j++)
      out[j] = T_BLADE;
}

// Adds the cells of `grid` (the section without its frame) into s.
static void
summarise(const struct turbine *t, const double *grid, long stride, struct summary *s)
{
  *s = (struct summary){0, T_START, {0, 0, 0}, 0};
  for (long i = 1; i <= t->n; i++)
    for (long j = 1; j <= t->n; j++) {
      double v = grid[i * stride + j];
      uint64_t bits;
      memcpy(&bits, &v, sizeof bits);
      s->sum += v;
      s->max = v > s->max ? v : s->max;
      s->hash += prng_u64(bits, (uint64_t)(i * stride + j));
    }
  for (int p = 0; p < 3; p++)
    s->probe[p] = grid[t->probe_row * stride + t->probe_col[p]];
}

// What a run is: a share's partial file names all of these, and --combine joins only
// shares that agree on every one.
static const char *const run_fields[] = {"seed", "inflow", "size", "steps", "blades", "members"};
#define RUN_FIELDS 6
// The fields of one member, mNN.inflow etc., in the order they are written.
static const char *const member_fields[] = {"inflow", "mean", "max", "probe_inlet",
                                            "probe_mid", "probe_exit", "checksum"};
#define MEMBER_FIELDS 7

// Writes size, steps, blades, members, then per member of `block` (all of them but
// for --shard) mNN.inflow, .mean, .max, .probe_inlet, .probe_mid, .probe_exit and
// .checksum. A share (`share` not NULL) also writes share, seed and inflow first.
static int
write_results(const struct turbine *t, long steps, int blades, int members, double inflow,
              uint64_t seed, const struct summary *s, struct range block, const char *share,
              double seconds, const char *path, const char *program)
{
  struct result r = {0};
  if (share) {
    char text[32];
    snprintf(text, sizeof text, "%llu", (unsigned long long)seed);
    result_add_text(&r, "share", share);
    result_add_text(&r, "seed", text);
    result_add_double(&r, "inflow", inflow);
  }
  result_add_int(&r, "size", t->n);
  result_add_int(&r, "steps", steps);
  result_add_int(&r, "blades", blades);
  result_add_int(&r, "members", members);
  for (int m = (int)block.begin; m < (int)block.end; m++) {
    double values[] = {inflow + m * T_STEP, s[m].sum / ((double)t->n * (double)t->n),
                       s[m].max, s[m].probe[0], s[m].probe[1], s[m].probe[2]};
    char name[RESULT_NAME_MAX];
    for (int f = 0; f < MEMBER_FIELDS; f++) {
      snprintf(name, sizeof name, "m%02d.%s", m, member_fields[f]);
      if (f < MEMBER_FIELDS - 1)
        result_add_double(&r, name, values[f]);
      else
        result_add_int(&r, name, (long long)(s[m].hash & 0xffffffffffffULL));
    }
  }
  result_add_double(&r, "kernel_seconds", seconds);
  char comment[128];
  snprintf(comment, sizeof comment, "%s, share %s: join every share with --combine", program,
           share);
  int status = result_save(&r, path, share ? comment : program) == 0 ? 0 : 1;
  result_free(&r);
  return status;
}

// 1 when r is a share's partial file: it names its share I/N and every run field,
// with 1 to MAX_MEMBERS members.
static int
is_partial(const struct result *r, int *index, int *count, long *members)
{
  const struct result_field *share = result_find(r, "share"), *m = result_find(r, "members");
  char extra;
  if (!share || sscanf(share->text, "%d/%d %c", index, count, &extra) != 2 || *index < 0 ||
      *index >= *count || !m || !m->is_number || m->number < 1 || m->number > MAX_MEMBERS)
    return 0;
  for (int k = 0; k < RUN_FIELDS; k++)
    if (!result_find(r, run_fields[k]))
      return 0;
  *members = (long)m->number;
  return 1;
}

// The combine step for shares run as separate commands (--shard I/N): checks that
// the FILEs are every share of one run, once each, and writes the full result. The
// members' fields are copied as the shares wrote them, so the result is the serial
// one to the last bit. Returns the exit status, after one line on stderr if not 0.
static int
combine_files(char **files, int nfiles, const char *path)
{
  double start = timer_now();
  struct result *part = calloc((size_t)nfiles + 1, sizeof *part), full = {0};
  int *file_of = NULL;  // file_of[i]: 1 + the FILE that holds share i; 0: none yet
  int index, count = 0, of, ok = nfiles > 0 && part;
  long members = 0, m_here;
  char err[1200] = "--combine needs the partial result FILEs that --shard wrote";
  for (int f = 0; ok && f < nfiles; f++) {
    ok = result_load(files[f], &part[f], err, sizeof err) == 0;
    if (ok && !is_partial(&part[f], &index, &of, &m_here))
      ok = 0, snprintf(err, sizeof err, "%s: not a partial result of --shard (it needs the "
                       "fields share, seed, inflow, size, steps, blades and members)", files[f]);
    else if (ok && f == 0 && !(file_of = calloc((size_t)of, sizeof *file_of)))
      ok = 0, snprintf(err, sizeof err, "%s: out of memory for %d shares", files[f], of);
    else if (ok && f == 0)
      count = of, members = m_here;
    else if (ok && of != count)
      ok = 0, snprintf(err, sizeof err, "%s: share %d/%d is not of the same run as %s (%d "
                       "shares, not %d)", files[f], index, of, files[0], of, count);
    for (int k = 0; ok && k < RUN_FIELDS; k++) {
      const char *here = result_find(&part[f], run_fields[k])->text,
                 *first = result_find(&part[0], run_fields[k])->text;
      if (strcmp(here, first) != 0)
        ok = 0, snprintf(err, sizeof err, "%s: share %d/%d is not of the same run as %s (%s "
                         "%s, not %s)", files[f], index, of, files[0], run_fields[k], here,
                         first);
    }
    if (ok && file_of[index])
      ok = 0, snprintf(err, sizeof err, "%s: share %d/%d given twice (also in %s)", files[f],
                       index, of, files[file_of[index] - 1]);
    if (ok)
      file_of[index] = f + 1;
  }
  for (int i = 0; ok && i < count; i++)
    if (!file_of[i])
      ok = 0, snprintf(err, sizeof err, "share %d/%d is missing", i, count);
  // The full result: the header of the serial's, then each member from its share.
  for (int k = 2; ok && k < RUN_FIELDS; k++)
    result_add_text(&full, run_fields[k], result_find(&part[0], run_fields[k])->text);
  for (long m = 0; ok && m < members; m++) {
    int f = file_of[split_block_owner((size_t)m, (size_t)count, (size_t)members)] - 1;
    for (int k = 0; ok && k < MEMBER_FIELDS; k++) {
      char name[RESULT_NAME_MAX];
      snprintf(name, sizeof name, "m%02ld.%s", m, member_fields[k]);
      const struct result_field *v = result_find(&part[f], name);
      if (v)
        result_add_text(&full, name, v->text);
      else
        ok = 0, snprintf(err, sizeof err, "%s: share %s lacks %s", files[f],
                         result_find(&part[f], "share")->text, name);
    }
  }
  int status = 1;
  if (ok) {
    result_add_double(&full, "kernel_seconds", timer_since(start));
    status = result_save(&full, path, "turbine-embarrassing") == 0 ? 0 : 1;
  } else {
    fprintf(stderr, "turbine-embarrassing: %s\n", err);
  }
  for (int f = 0; part && f < nfiles; f++)
    result_free(&part[f]);
  result_free(&full);
  free(part);
  free(file_of);
  return status;
}

// Everything a task needs to know: the same for every member.
struct ensemble {
  const struct turbine *t;
  uint64_t seed;
  long steps;
  double inflow;
  const char *write_out;  // --write-out FILE, or NULL
};

// One task: member `task` of the ensemble from start to end, in whatever process
// runs it, with grids of its own. Its summary is the result the pool sends back.
static int
member_task(size_t task, void *result, void *context)
{
  const struct ensemble *e = context;
  const struct turbine *t = e->t;
  long n = t->n, stride = n + 2;
  int m = (int)task, status = 0;
  double peak = e->inflow + m * T_STEP;
  double *cur = malloc((size_t)(stride * stride) * sizeof *cur),
         *next = malloc((size_t)(stride * stride) * sizeof *next),
         *inflow_column = malloc((size_t)stride * sizeof *inflow_column);
  if (!cur || !next || !inflow_column) {
    perror("turbine-embarrassing");
    return 1;
  }
  inflow_profile(e->seed, m, peak, n, inflow_column);
  for (long i = 0; i < stride; i++)
    for (long j = 0; j < stride; j++)
      cur[i * stride + j] = next[i * stride + j] = initial_value(t, inflow_column, i, j);
  for (long step = 0; step < e->steps; step++) {
    for (long i = 1; i <= n; i++)
      step_row(t, cur, next, stride, i);
    double *swap = cur;
    cur = next;
    next = swap;
  }
  summarise(t, cur, stride, result);
  if (m == 0 && e->write_out)  // the process that ran member 0 writes its picture
    status = write_picture(e->write_out, cur, n, peak);
  free(cur);
  free(next);
  free(inflow_column);
  return status;
}

int
main(int argc, char **argv)
{
  struct cli_args args = {.size = 128, .seed = 1, .accepts_files = 1};
  long steps = 3000, members = 4, blades = 3;
  double inflow = 1400;
  const char *write_out = NULL;
  struct shard shard = {0};
  int combine = 0;
  struct cli_option options[] = {
    {"steps", CLI_LONG, &steps, "T", "time steps (the gas moves a fifth of a cell a step)",
     1, 10000000},
    {"ensemble", CLI_LONG, &members, "M", "members of the ensemble, each 100 K hotter than "
     "the last", 1, MAX_MEMBERS},
    {"inflow", CLI_DOUBLE, &inflow, "K", "peak inflow temperature of the first member, "
     "in kelvin", 300, 3000},
    {"blades", CLI_LONG, &blades, "B", "number of blades", 0, 8},
    {"write-out", CLI_STRING, &write_out, "FILE", "write the first member's final field "
     "to FILE as a PGM picture", 0, 0},
    {"shard", CLI_SHARD, &shard, "I/N", "run only share I of N of the members, write theirs",
     0, 0},
    {"combine", CLI_FLAG, &combine, NULL, "join the partial result FILEs that --shard wrote",
     0, 0},
  };
  cli_parse_or_exit(argc, argv,
                    "Heat through a turbine section with a few cooled blades, for an ensemble\n"
                    "of inflow temperatures (--workers processes, default: one per core, each\n"
                    "running whole members). --size N: N x N cells. Usage with shares:\n"
                    "see README.md.",
                    &args, options, sizeof options / sizeof options[0]);
  check_size_or_exit("turbine-embarrassing", args.size);
  // FILEs are the partial results that --combine joins; a combine runs no share.
  if (combine ? shard.count != 0 : args.nfiles > 0) {
    fprintf(stderr, "turbine-embarrassing: error: %s\n",
            combine ? "--shard: not with --combine" : "FILE arguments: only with --combine");
    exit(2);
  }
  if (combine)
    return combine_files(args.files, args.nfiles, args.output);
  int workers = args.workers > 0 ? args.workers : (int)sysconf(_SC_NPROCESSORS_ONLN);
  struct turbine t;
  turbine_init(&t, args.size, (int)blades, args.seed);
  struct summary *s = calloc((size_t)members, sizeof *s);
  if (!s) {
    perror("turbine-embarrassing");
    return 1;
  }
  struct ensemble e = {&t, args.seed, steps, inflow, write_out};
  struct pool_job job = {(size_t)members, sizeof(struct summary), member_task, &e,
                         POOL_DYNAMIC};
  struct pool_report report;

  double start = timer_now();
  struct range block = {0, (size_t)members};  // the members to write
  char share[32] = "";
  if (shard.count) {
    // --shard I/N: only share I's block of the members, in this process.
    block = split_block((size_t)shard.index, (size_t)shard.count, (size_t)members);
    snprintf(share, sizeof share, "%d/%d", shard.index, shard.count);
    if (pool_map_shard(&job, shard, s, NULL, &report) != 0) {
      fprintf(stderr, "turbine-embarrassing: %s\n", report.message);
      return 1;
    }
  } else {
    // Each worker process runs whole members; their summaries come back through pipes.
    if (pool_map(&job, workers, s, NULL, &report) != 0) {
      fprintf(stderr, "turbine-embarrassing: %s\n", report.message);
      return 1;
    }
  }
  double seconds = timer_since(start);

  int status = write_results(&t, steps, (int)blades, (int)members, inflow, args.seed, s, block,
                             share[0] ? share : NULL, seconds, args.output,
                             "turbine-embarrassing");
  free(s);
  turbine_free(&t);
  return status;
}
