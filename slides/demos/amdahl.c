// Slide demo: Amdahl's law, the speedup a program with a serial part can reach.
#include <stdio.h>
#include <stdlib.h>

// slide: amdahl
// The speedup on p workers of a program whose share `parallel` (0..1) of the
// serial time can be split: the rest still takes as long as before.
static double
amdahl(double parallel, int p)
{
  return 1.0 / ((1.0 - parallel) + parallel / p);
}
// end slide

int
main(int argc, char **argv)
{
  double parallel = argc > 1 ? atof(argv[1]) : 0.95;
  printf("parallel share %.2f: at most %.1f times faster\n", parallel,
         1.0 / (1.0 - parallel));
  printf("workers  speedup  efficiency\n");
  for (int p = 1; p <= 1024; p *= 2)
    printf("%7d  %7.2f  %10.2f\n", p, amdahl(parallel, p), amdahl(parallel, p) / p);
  return 0;
}
