// Slide demo: a shared counter under OpenMP, racing, then made safe two ways.
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

// 1 for the numbers the demo counts: a cheap test, so the counter update dominates.
static int
wanted(long i)
{
  return i % 3 == 0;
}

int
main(int argc, char **argv)
{
  long n = argc > 1 ? atol(argv[1]) : 20000000;
  long expected = (n + 2) / 3;

  // slide: race
  long count = 0;
  #pragma omp parallel for
  for (long i = 0; i < n; i++)
    if (wanted(i))
      count++;  // every thread reads, adds and writes the one shared count: a race
  // end slide
  printf("racy       %ld\n", count);

  // slide: race-atomic
  long atomic_count = 0;
  #pragma omp parallel for
  for (long i = 0; i < n; i++)
    if (wanted(i)) {
      #pragma omp atomic
      atomic_count++;  // right, but the threads queue up at one counter
    }
  // end slide
  printf("atomic     %ld\n", atomic_count);

  // slide: race-reduction
  long reduced = 0;
  #pragma omp parallel for reduction(+ : reduced)
  for (long i = 0; i < n; i++)
    if (wanted(i))
      reduced++;  // each thread has a private copy; they are added up at the end
  // end slide
  printf("reduction  %ld\n", reduced);
  printf("expected   %ld (threads: %d)\n", expected, omp_get_max_threads());
  return atomic_count == expected && reduced == expected ? 0 : 1;
}
