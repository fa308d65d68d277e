// --plot DIR: one SVG per exercise, DIR/NN-name.svg, of speedup against workers.
//
// A solid line per version (the whole run; for MPI also a dashed line without the
// launch cost, the one scored), the reference solution's speedup as a dotted line of
// the same colour where the grading timed it, the Amdahl curve its serial fraction
// implies (Karp-Flatt, thin and dotted), and the ideal (speedup = workers) in grey. Only the timed worker counts have a point; a count above the cores is run for
// correctness only and not drawn. The title, the axes' labels and the legend say what
// is what, so the picture stands without the table. Plain SVG 1.1, written by hand:
// every text from outside goes through report_xml_text.
#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "choose/choose.h"
#include "report/report.h"
#include "run/run.h"
#include "score/score.h"

#define W 720
#define H 460
#define LEFT 70
#define RIGHT 250   // the legend sits right of the plot
#define TOP 64
#define BOTTOM 56

static const char *const colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                      "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};

struct axes {
  double xmax, ymax, ystep;
};

static double
plot_x(const struct axes *a, double workers)
{
  return LEFT + workers / a->xmax * (W - LEFT - RIGHT);
}

static double
plot_y(const struct axes *a, double speedup)
{
  return H - BOTTOM - speedup / a->ymax * (H - TOP - BOTTOM);
}

static int
plot_ok(double x)
{
  return !isnan(x) && !isinf(x) && x > 0;
}

// The speedup of series `kind` at configuration c: 0 whole run, 1 without the MPI
// launch, 2 the reference solution.
static double
plot_value(const struct config_result *c, int kind)
{
  if (!c->timed)
    return NAN;
  return kind == 0 ? c->speedup : kind == 1 ? c->speedup_nl : c->ref_speedup;
}

static int
plot_points(const struct version_result *v, int kind)
{
  int n = 0;
  for (int i = 0; i < v->nconfigs; i++)
    n += plot_ok(plot_value(&v->configs[i], kind));
  return n;
}

static void
plot_axes(FILE *out, const struct exercise_result *e, struct axes *a)
{
  a->xmax = 1;
  double smax = 1;
  for (int i = 0; i < e->ncounts; i++)
    if (e->timed[i] && e->counts[i] > a->xmax)
      a->xmax = e->counts[i];
  for (int v = 0; v < e->nversions; v++)
    for (int i = 0; i < e->versions[v].nconfigs; i++)
      for (int kind = 0; kind < 3; kind++) {
        double s = plot_value(&e->versions[v].configs[i], kind);
        if (plot_ok(s) && s > smax)
          smax = s;
      }
  if (a->xmax < 2)
    a->xmax = 2;
  a->ymax = fmax(smax, a->xmax) * 1.1;
  double steps[] = {0.25, 0.5, 1, 2, 5, 10, 20, 50, 100};
  a->ystep = 100;
  for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
    if (a->ymax / steps[i] <= 8) {
      a->ystep = steps[i];
      break;
    }

  // Frame, grid and ticks.
  double x0 = plot_x(a, 0), y0 = plot_y(a, 0);
  double x1 = plot_x(a, a->xmax), y1 = plot_y(a, a->ymax);
  fprintf(out, "  <g class=\"axes\" font-size=\"12\">\n");
  fprintf(out, "    <rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
          "fill=\"none\" stroke=\"#444\"/>\n", x0, y1, x1 - x0, y0 - y1);
  int xstep = a->xmax > 16 ? (int)ceil(a->xmax / 16) : 1;
  for (int w = 0; w <= (int)a->xmax; w += xstep) {
    double x = plot_x(a, w);
    fprintf(out, "    <line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"#ddd\"/>\n", x, y0, x, y1);
    fprintf(out, "    <text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>\n", x,
            y0 + 16, w);
  }
  for (double s = 0; s <= a->ymax + 1e-9; s += a->ystep) {
    double y = plot_y(a, s);
    fprintf(out, "    <line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"#ddd\"/>\n", x0, y, x1, y);
    fprintf(out, "    <text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
            x0 - 6, y + 4, s);
  }
  fprintf(out, "    <text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"13\">"
          "workers (processes, threads or ranks)</text>\n", (x0 + x1) / 2, y0 + 38.0);
  fprintf(out, "    <text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"13\" "
          "transform=\"rotate(-90 %.1f %.1f)\">speedup (serial seconds / version "
          "seconds)</text>\n", x0 - 44, (y0 + y1) / 2, x0 - 44, (y0 + y1) / 2);
  fprintf(out, "  </g>\n");
}

// One series as a polyline with a dot per point, each dot titled with its numbers.
static void
plot_series(FILE *out, const struct axes *a, const struct version_result *v, int kind,
            const char *colour, const char *dash)
{
  static const char *const kinds[] = {"whole run", "without launch", "reference"};
  fprintf(out, "  <g class=\"series\" data-version=\"");
  report_xml_text(out, v->version, 1);
  fprintf(out, "\" data-kind=\"%s\" stroke=\"%s\" fill=\"%s\">\n", kinds[kind], colour,
          colour);
  fprintf(out, "    <polyline fill=\"none\" stroke-width=\"2\"%s%s%s points=\"",
          dash ? " stroke-dasharray=\"" : "", dash ? dash : "", dash ? "\"" : "");
  int first = 1;
  for (int i = 0; i < v->nconfigs; i++) {
    double s = plot_value(&v->configs[i], kind);
    if (!plot_ok(s))
      continue;
    fprintf(out, "%s%.1f,%.1f", first ? "" : " ", plot_x(a, v->configs[i].workers),
            plot_y(a, s));
    first = 0;
  }
  fputs("\"/>\n", out);
  for (int i = 0; i < v->nconfigs; i++) {
    double s = plot_value(&v->configs[i], kind);
    if (!plot_ok(s))
      continue;
    fprintf(out, "    <circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\"><title>",
            plot_x(a, v->configs[i].workers), plot_y(a, s), kind == 2 ? 3 : 4);
    report_xml_text(out, v->version, 0);
    fprintf(out, " (%s): speedup %.2f at %d worker%s</title></circle>\n", kinds[kind], s,
            v->configs[i].workers, v->configs[i].workers == 1 ? "" : "s");
  }
  fputs("  </g>\n", out);
}

// The Amdahl curve that a version's serial fraction implies (score_amdahl), thin and
// dotted, from 1 worker to the axis' end: where more workers would take it.
static void
plot_amdahl(FILE *out, const struct axes *a, const struct version_result *v,
            const char *colour)
{
  fprintf(out, "  <g class=\"amdahl\" data-version=\"");
  report_xml_text(out, v->version, 1);
  fprintf(out, "\" data-serial-fraction=\"%.2f\">\n    <polyline fill=\"none\" "
          "stroke=\"%s\" stroke-width=\"1\" stroke-dasharray=\"1 3\" points=\"",
          v->serial_fraction, colour);
  for (double p = 1; p <= a->xmax + 1e-9; p += 0.25)
    fprintf(out, "%s%.1f,%.1f", p == 1 ? "" : " ", plot_x(a, p),
            plot_y(a, fmin(score_amdahl(v->serial_fraction, p), a->ymax)));
  fputs("\"/>\n  </g>\n", out);
}

static void
plot_legend_entry(FILE *out, int *row, const char *colour, const char *dash,
                  const char *text, int line)
{
  double x = W - RIGHT + 20, y = TOP + 8 + 20.0 * (*row)++;
  if (line)
    fprintf(out, "    <line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"%s\" stroke-width=\"2\"%s%s%s/>\n", x, y, x + 28, y, colour,
            dash ? " stroke-dasharray=\"" : "", dash ? dash : "", dash ? "\"" : "");
  fprintf(out, "    <text x=\"%.1f\" y=\"%.1f\">", x + 36, y + 4);
  report_xml_text(out, text, 0);
  fputs("</text>\n", out);
}

void
report_plot_svg(FILE *out, const struct exercise_result *e)
{
  struct axes a;
  fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" "
          "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n", W, H, W, H);
  fputs("  <title>", out);
  report_xml_text(out, e->name, 0);
  fputs(": speedup against workers</title>\n", out);
  fprintf(out, "  <rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H);
  fputs("  <text x=\"20\" y=\"26\" font-size=\"17\" font-weight=\"bold\">", out);
  report_xml_text(out, e->name, 0);
  if (e->spec.title[0]) {
    fputs(" (", out);
    report_xml_text(out, e->spec.title, 0);
    fputc(')', out);
  }
  fputs(": speedup against workers</text>\n", out);
  char sub[256];
  if (e->graded && (isnan(e->serial_seconds) || e->runs == 0))
    snprintf(sub, sizeof sub, "size %ld, seed %llu, %d core%s, not timed%s", e->size,
             (unsigned long long)e->seed, e->cores, e->cores == 1 ? "" : "s",
             e->quick ? " (--quick)" : "");
  else if (e->graded)
    snprintf(sub, sizeof sub, "size %ld, seed %llu, %d core%s, serial median %.2f s, "
             "median of %d round%s", e->size, (unsigned long long)e->seed, e->cores,
             e->cores == 1 ? "" : "s", e->serial_seconds, e->runs,
             e->runs == 1 ? "" : "s");
  else
    snprintf(sub, sizeof sub, "not graded");
  fputs("  <text x=\"20\" y=\"46\" font-size=\"12\" fill=\"#555\">", out);
  report_xml_text(out, sub, 0);
  fputs("</text>\n", out);

  plot_axes(out, e, &a);

  // The ideal: speedup = workers.
  fprintf(out, "  <g class=\"series\" data-version=\"ideal\" data-kind=\"ideal\">\n"
          "    <line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" "
          "stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n  </g>\n", plot_x(&a, 0),
          plot_y(&a, 0), plot_x(&a, a.xmax), plot_y(&a, a.xmax));

  int drawn = 0;
  for (int v = 0; v < e->nversions; v++) {
    const struct version_result *vr = &e->versions[v];
    const char *colour = colours[v % 8];
    if (plot_points(vr, 0)) {
      plot_series(out, &a, vr, 0, colour, NULL);
      drawn++;
    }
    if (launch_uses_mpi(vr->version) && plot_points(vr, 1))
      plot_series(out, &a, vr, 1, colour, "8 4");
    if (plot_points(vr, 2))
      plot_series(out, &a, vr, 2, colour, "2 3");
    if (!isnan(vr->serial_fraction))
      plot_amdahl(out, &a, vr, colour);
  }
  if (!drawn) {
    fprintf(out, "  <text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"14\" "
            "fill=\"#a00\">", plot_x(&a, a.xmax / 2), plot_y(&a, a.ymax / 2));
    report_xml_text(out, !e->graded ? "not graded: nothing was run"
                    : e->quick ? "no timings: --quick checks correctness only"
                    : "no timings: no version ran to the end", 0);
    fputs("</text>\n", out);
  }

  // The legend.
  int row = 0;
  fputs("  <g class=\"legend\" font-size=\"12\">\n", out);
  plot_legend_entry(out, &row, "#999", "6 4", "ideal (speedup = workers)", 1);
  for (int v = 0; v < e->nversions; v++) {
    const struct version_result *vr = &e->versions[v];
    const char *colour = colours[v % 8];
    char text[GRADER_NAME + 64];
    const char *state = vr->build == BUILD_MISSING ? ": not submitted"
                      : vr->build == BUILD_FAILED ? ": does not compile"
                      : !vr->correct ? " (wrong answer)" : "";
    int line = plot_points(vr, 0) > 0;
    snprintf(text, sizeof text, "%s%s%s", vr->version, state, line ? "" : ", not timed");
    plot_legend_entry(out, &row, colour, NULL, text, line);
    if (launch_uses_mpi(vr->version) && plot_points(vr, 1)) {
      snprintf(text, sizeof text, "%s without launch cost", vr->version);
      plot_legend_entry(out, &row, colour, "8 4", text, 1);
    }
    if (plot_points(vr, 2)) {
      snprintf(text, sizeof text, "%s: reference solution", vr->version);
      plot_legend_entry(out, &row, colour, "2 3", text, 1);
    }
    if (!isnan(vr->serial_fraction)) {
      snprintf(text, sizeof text, "%s: Amdahl, serial %.2f", vr->version,
               vr->serial_fraction);
      plot_legend_entry(out, &row, colour, "1 3", text, 1);
    }
  }
  fputs("  </g>\n</svg>\n", out);
}

// mkdir -p, for the few levels a --plot directory has.
static int
plot_mkdirs(const char *dir)
{
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s", dir);
  for (char *p = path + 1; *p; p++) {
    if (*p != '/')
      continue;
    *p = '\0';
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
      return -1;
    *p = '/';
  }
  return mkdir(path, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

int
report_plot(const char *dir, const struct grading *g, char *err, size_t errlen)
{
  if (plot_mkdirs(dir) != 0) {
    snprintf(err, errlen, "--plot %s: %s", dir, strerror(errno));
    return -1;
  }
  int written = 0;
  for (int i = 0; i < g->nexercises; i++) {
    const struct exercise_result *e = &g->exercises[i];
    if (choose_is_result(e))  // 00-choose: answers, no runs to plot
      continue;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s.svg", dir, e->name);
    FILE *f = fopen(path, "w");
    if (!f) {
      snprintf(err, errlen, "%s: %s", path, strerror(errno));
      return -1;
    }
    report_plot_svg(f, e);
    if (fclose(f) != 0) {
      snprintf(err, errlen, "%s: %s", path, strerror(errno));
      return -1;
    }
    written++;
  }
  return written;
}
