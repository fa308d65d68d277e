// The turbine model that serial.c and every parallel version share: the section with
// its blades, the inflow, the start of a member, the stencil of one time step (and of
// one row), a member's summary, the result file, the picture of --write-out and the
// check of --size. The versions differ only in how they
// share the work out, so that is all their own files hold. (The grader compiles every
// version with this file as it stands here, in exercises/05-turbine, whatever was
// submitted.)
#ifndef TURBINE_H
#define TURBINE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pgm.h"
#include "prng.h"
#include "result.h"
#include "split.h"

// Temperatures in kelvin. The casing (top and bottom rows) and the next stage (the
// right column) are held at T_WALL, the blades at T_BLADE (cooled from inside); the
// gas in the section starts cold, at T_START. Member m of the ensemble lets gas in
// through the left column with a peak of --inflow + m * T_STEP.
#define T_START 300.0
#define T_WALL 600.0
#define T_BLADE 800.0
#define T_STEP 100.0
// One time step: heat spreads to the four neighbours (diffusion number D) and the
// gas carries it a fraction U of a cell to the right (upwind advection). Every
// weight is positive and they add up to 1, so no cell gets hotter than the hottest
// boundary or colder than the coldest.
#define D 0.15
#define U 0.2
#define K_CENTRE (1.0 - 4 * D - U)
#define K_WEST (D + U)
#define K_OTHER D
#define MIN_SIZE 8
#define MAX_SIZE 8192
#define MAX_MEMBERS 64
#define KNOTS 8  // the inflow's unevenness: random heights joined by straight lines

// Cells x0..x1-1 of one row of the grid are blade.
struct segment {
  long x0, x1;
};

// The section: n x n cells inside a fixed frame, so a grid is (n + 2) x (n + 2)
// doubles, row 0 and row n + 1 the casing, column 0 the inflow, column n + 1 the
// next stage. The blade cells of row i are the segments first[i] .. first[i+1]-1.
struct turbine {
  long n;
  long *first;
  struct segment *segment;
  long probe_row, probe_col[3];  // where the inlet, mid and exit probes sit
};

// What a member's final field comes to; all a parallel version needs to send back.
struct summary {
  double sum, max, probe[3];
  uint64_t hash;  // a sum of one hash per cell: the same in any order of adding
};

// Places `blades` blades from the stream (seed, 0): blade b stands in its own band of
// rows, at a random distance along the flow, leaning at a random angle, thickest in
// the middle.
static void
turbine_init(struct turbine *t, long n, int blades, uint64_t seed)
{
  uint64_t key = prng_key(seed, 0);
  long band = blades > 0 ? n / blades : 0, half = band * 3 / 10;
  long width = n / 32 > 2 ? n / 32 : 2;
  t->n = n;
  t->first = calloc((size_t)n + 3, sizeof *t->first);
  t->segment = calloc((size_t)blades * (size_t)(2 * half + 1) + 1, sizeof *t->segment);
  if (!t->first || !t->segment) {
    perror("turbine");
    exit(1);
  }
  long count = 0;
  for (int b = 0; b < blades; b++) {
    long centre = b * band + band / 2 + 1;
    double x = (double)n * (0.3 + 0.4 * prng_uniform(key, 2 * (uint64_t)b));
    double lean = 0.5 + prng_uniform(key, 2 * (uint64_t)b + 1);
    for (long row = centre - half; row <= centre + half; row++) {
      long d = row - centre, ad = d < 0 ? -d : d;
      long w = width - width * ad / (2 * half + 2);
      long x0 = (long)(x + lean * (double)d) - w / 2;
      x0 = x0 < 1 ? 1 : x0 > n ? n : x0;
      long x1 = x0 + w > n + 1 ? n + 1 : x0 + w;
      t->segment[count++] = (struct segment){x0, x1};
      t->first[row + 1] = count;  // rows go up, one segment each: a running count
    }
  }
  for (long row = 1; row <= n + 2; row++)  // rows without blades: nothing new
    if (t->first[row] < t->first[row - 1])
      t->first[row] = t->first[row - 1];
  t->probe_row = n / 2;
  t->probe_col[0] = n / 8 > 1 ? n / 8 : 1;
  t->probe_col[1] = n / 2;
  t->probe_col[2] = n - n / 8;
}

static void
turbine_free(struct turbine *t)
{
  free(t->first);
  free(t->segment);
}

// The left column of member m: hottest in the middle of the channel, T_WALL at its
// ends, and uneven by up to 15% from the stream (seed, 1, m).
static void
inflow_profile(uint64_t seed, int member, double peak, long n, double *column)
{
  uint64_t key = prng_key(prng_key(seed, 1), (uint64_t)member);
  double knot[KNOTS + 1];
  for (int k = 0; k <= KNOTS; k++)
    knot[k] = 0.85 + 0.15 * prng_uniform(key, (uint64_t)k);
  column[0] = column[n + 1] = T_WALL;
  for (long i = 1; i <= n; i++) {
    double y = ((double)i - 0.5) / (double)n, at = y * KNOTS;
    int k = (int)at;
    double f = at - k, uneven = knot[k] * (1 - f) + knot[k + 1] * f;
    column[i] = T_WALL + (peak - T_WALL) * 4 * y * (1 - y) * uneven;
  }
}

static int
is_blade(const struct turbine *t, long i, long j)
{
  for (long k = t->first[i]; k < t->first[i + 1]; k++)
    if (j >= t->segment[k].x0 && j < t->segment[k].x1)
      return 1;
  return 0;
}

// The value cell (i, j) starts with: the frame, a blade, or cold gas.
static double
initial_value(const struct turbine *t, const double *inflow, long i, long j)
{
  if (i == 0 || i == t->n + 1 || j == t->n + 1)
    return T_WALL;
  if (j == 0)
    return inflow[i];
  return is_blade(t, i, j) ? T_BLADE : T_START;
}

// The stencil on `count` cells of a row, from c[0] on, between the rows `up` and
// `down`, into `out` (c[-1] and c[count] are read). No test inside the loop: it runs
// straight along the row. gcc turns such a loop into vector instructions, two cells
// at a time, even at -O2 (the grader builds with -O3), but there only when no cell is
// left over; so the loop takes an even number of cells, and the odd one out, if any,
// follows on its own. (noinline: merged into its caller, gcc 12 at -O2 no longer
// vectorises it. Pointers to the first cell, not a first column: with one more
// number to keep, gcc 12 ran out of registers in the loop and the MPI solution's
// sweep was 9% slower than serial's.)
__attribute__((noinline)) static void
stencil(const double *restrict c, const double *restrict up, const double *restrict down,
        double *restrict out, long count)
{
  long pairs = count / 2;
  for (long k = 0; k < 2 * pairs; k++)
    out[k] = K_CENTRE * c[k] + K_OTHER * (up[k] + down[k] + c[k + 1]) + K_WEST * c[k - 1];
  for (long k = 2 * pairs; k < count; k++)
    out[k] = K_CENTRE * c[k] + K_OTHER * (up[k] + down[k] + c[k + 1]) + K_WEST * c[k - 1];
}

// Advances row i one step, from cur to next (rows of `stride` doubles), then puts its
// blade cells back to T_BLADE. (The MPI solution steps blocks of its own instead.)
__attribute__((unused)) static void
step_row(const struct turbine *t, const double *cur, double *next, long stride, long i)
{
  const double *c = cur + i * stride;
  double *out = next + i * stride;
  stencil(c + 1, c + 1 - stride, c + 1 + stride, out + 1, t->n);
  for (long k = t->first[i]; k < t->first[i + 1]; k++)
    for (long j = t->segment[k].x0; j < t->segment[k].x1; j++)
      out[j] = T_BLADE;
}

// Adds the cells of `grid` (the section without its frame) into s.
__attribute__((unused)) static void
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

// The fields of one member in the result, mNN.inflow etc., in the order they are
// written.
static const char *const member_fields[] = {"inflow", "mean", "max", "probe_inlet",
                                            "probe_mid", "probe_exit", "checksum"};
#define MEMBER_FIELDS 7

// Writes size, steps, blades, members, then per member of `block` (all of them but
// for a share of embarrassing.c's --shard) mNN.inflow, .mean, .max, .probe_inlet,
// .probe_mid, .probe_exit and .checksum. A share (`share` not NULL) also writes
// share, seed and inflow first, the fields --combine checks. Returns 0, or 1 when the
// file cannot be written.
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
  if (share)
    snprintf(comment, sizeof comment, "%s, share %s: join every share with --combine",
             program, share);
  else
    snprintf(comment, sizeof comment, "%s", program);
  int status = result_save(&r, path, comment) == 0 ? 0 : 1;
  result_free(&r);
  return status;
}

// The options every version takes (cli.h), beside its own: --steps, --ensemble,
// --inflow, --blades and --write-out, into the variables named.
#define TURBINE_OPTIONS(steps, members, inflow, blades, write_out)                         \
  {"steps", CLI_LONG, &(steps), "T", "time steps (the gas moves a fifth of a cell a step)",  \
   1, 10000000},                                                                            \
  {"ensemble", CLI_LONG, &(members), "M", "members of the ensemble, each 100 K hotter "     \
   "than the last", 1, MAX_MEMBERS},                                                        \
  {"inflow", CLI_DOUBLE, &(inflow), "K", "peak inflow temperature of the first member, "   \
   "in kelvin", 300, 3000},                                                                 \
  {"blades", CLI_LONG, &(blades), "B", "number of blades", 0, 8},                           \
  {"write-out", CLI_STRING, &(write_out), "FILE", "write the first member's final field "  \
   "to FILE as a PGM picture", 0, 0}

// --write-out: the field with its frame as a grey picture, T_START black, peak white.
static int
write_picture(const char *path, const double *grid, long n, double peak)
{
  struct pgm_image img = {0};
  char err[512];
  if (pgm_alloc(&img, (int)n + 2, (int)n + 2) != 0) {
    perror("turbine");
    return 1;
  }
  for (long k = 0; k < (n + 2) * (n + 2); k++) {
    double grey = 255.0 * (grid[k] - T_START) / (peak - T_START) + 0.5;
    img.pixels[k] = (unsigned char)(grey < 0 ? 0 : grey > 255 ? 255 : grey);
  }
  int status = pgm_write(path, &img, err, sizeof err);
  if (status != 0)
    fprintf(stderr, "turbine: cannot write %s\n", err);
  pgm_free(&img);
  return status != 0;
}

// A size outside MIN_SIZE..MAX_SIZE is a bad argument: one line, exit status 2.
static void
check_size_or_exit(const char *program, long size)
{
  if (size < MIN_SIZE || size > MAX_SIZE) {
    fprintf(stderr, "%s: error: --size: expected %d to %d cells per side, got %ld\n", program,
            MIN_SIZE, MAX_SIZE, size);
    exit(2);
  }
}

#endif
