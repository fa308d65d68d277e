// The grader's tunable constants, in one place, each with the reason for its value.
#ifndef GRADER_PARAM_H
#define GRADER_PARAM_H

// Timed rounds, at least, when --runs is not given. Each round runs the serial
// program and every timed version (with its reference solution) once, and gives one
// speedup sample per version: serial time / version time of that round. Three samples
// are the fewest that show how much the ratio wanders (see timing_interval).
#define PARAM_RUNS 3
// Most rounds --runs accepts (every sample is kept in a fixed array).
#define PARAM_RUNS_MAX 50

// Without --runs the grader adds rounds while a timed version's speedup points are
// not yet decided: while the 95% intervals of its speedup and of its reference's
// still allow points that differ by PARAM_DECIDED or more (score_points_range). Up
// to PARAM_RUNS_ADAPT_MAX rounds, and the extra rounds may take at most
// PARAM_RUNS_ADAPT_TIME times as long as the first PARAM_RUNS did: on a machine so
// noisy that 12 rounds do not settle it, more rounds would not either.
#define PARAM_DECIDED 1.0
#define PARAM_RUNS_ADAPT_MAX 12
#define PARAM_RUNS_ADAPT_TIME 2.0

// When an exercise's [sizes] seconds asks for it, the grading size is found on this
// machine: the serial program runs at [sizes] quick, then at the size its time
// points to, up to PARAM_CALIBRATE_STEPS runs, until it takes at least
// PARAM_CALIBRATE_ENOUGH of the target (a small size's fixed costs, start-up and
// reading files, make the first step fall short). The size is rounded to two
// significant digits, then raised until no worker count above 1 divides it.
#define PARAM_CALIBRATE_STEPS 3
#define PARAM_CALIBRATE_ENOUGH 0.6

// Up to this many cores every worker count is run (the whole speedup curve); above,
// the powers of two and the cores, so a 64-core machine does not run 64 counts.
#define PARAM_EVERY_COUNT_UP_TO 16

// The odd worker count every version runs at: 3 does not divide most sizes, so a
// lost remainder shows up as a wrong answer.
#define PARAM_ODD_WORKERS 3

// A run's wall-clock limit is max(PARAM_TIMEOUT_FLOOR, PARAM_TIMEOUT_FACTOR x the
// serial warm-up): generous enough for a slow but honest version (at the grading
// size the serial program takes about a second, so 10 s is 10 times that), short
// enough that a deadlock does not stall a class. When nothing is timed (--quick, or
// no version touched) the sizes are small and the floor is PARAM_QUICK_TIMEOUT_FLOOR,
// so that a student learns of a hang within seconds.
// The floor can be lowered (not raised) with PARGRADE_TIMEOUT_FLOOR=SECONDS, for the
// test suites only: a corpus of hanging submissions would take minutes otherwise.
#define PARAM_TIMEOUT_FLOOR_DEFAULT 10.0
#define PARAM_QUICK_TIMEOUT_FLOOR 3.0
#define PARAM_TIMEOUT_FLOOR sandbox_timeout_floor()
#define PARAM_TIMEOUT_FACTOR 5.0
// The project's own serial reference has no time yet to be compared with.
#define PARAM_SERIAL_TIMEOUT 600.0
// Compiling one file; a compiler that takes longer is stuck.
#define PARAM_BUILD_TIMEOUT 120.0
// Largest submitted source file (1 MiB: the solutions are 10-20 KiB) and largest
// binary taken out of the sandbox after compiling it.
#define PARAM_SOURCE_MAX (1 << 20)
#define PARAM_BINARY_MAX (64L << 20)

// Largest file a run may write (RLIMIT_FSIZE): the result file is a few lines, so a
// program that writes more than this is flooding and is stopped by SIGXFSZ.
#define PARAM_FILE_LIMIT (64L << 20)
// The same for the project's own programs (compiler, serial reference, input
// generator): an input file may be large (04-genomics writes 150 MB of FASTA), but a
// runaway must not fill the disk.
#define PARAM_PROJECT_FILE_LIMIT (1L << 30)

// --- The sandbox of submitted code (sandbox.c) ------------------------------------
// As root, submitted code runs as PARAM_SANDBOX_UID + i (gid the same), a uid with no
// passwd entry that nothing else on the machine uses, so that RLIMIT_NPROC and
// kill(-1) count and reach exactly the run's processes. 64000 is past the ranges
// Debian gives users (1000-59999); a uid that has a passwd or group entry, or a
// process, is skipped (sandbox_uid). PARAM_SANDBOX_UIDS graders can
// run at once on one machine (a class graded in parallel), each holding a lock file
// in PARAM_SANDBOX_LOCK_DIR (root's own directory, 0700).
#define PARAM_SANDBOX_UID 64000
#define PARAM_SANDBOX_UIDS 32
#define PARAM_SANDBOX_LOCK_DIR "/run/pargrade"
// Processes and threads a run may have: mpirun needs about 4 threads and each rank
// 3 (Open MPI 4.1's progress and PMIx threads: 13 at 3 ranks), an OpenMP run one per
// worker and a few. 32 + 8 per worker is more than twice that, and a fork bomb still
// reaches it within milliseconds (then the run is stopped: too many processes).
#define PARAM_PROCESSES_BASE 32
#define PARAM_PROCESSES_PER_WORKER 8
// Data memory per process (RLIMIT_DATA: heap and private writable mappings, not the
// libraries or Open MPI's shared segments): half the machine's memory shared among
// the workers, at most PARAM_MEMORY_MAX (the exercises need tens of MiB at their
// grading sizes; a leak or a runaway allocation stops here long before the machine
// swaps) and at least PARAM_MEMORY_MIN (mpirun alone takes about 30 MiB).
#define PARAM_MEMORY_MAX (1LL << 30)
#define PARAM_MEMORY_MIN (256LL << 20)
// Output of a run: stdout, stderr and the files in its run directory together. The
// result file is a few lines; 16 MiB is thousands of times that and still cheap to
// keep on disk per run. Each file is also cut there (RLIMIT_FSIZE).
#define PARAM_OUTPUT_LIMIT (16LL << 20)
// The largest result file the grader takes back from a run directory.
#define PARAM_RESULT_MAX (4L << 20)
// How often a running untrusted run is looked at (its output, its processes and the
// CPU time of each of its threads, from /proc): a look costs about a millisecond, so
// every 0.1 s takes about 1% of one core from the run.
#define PARAM_WATCH_INTERVAL 0.1
// A run whose CPU time is below this many times that of its busiest thread had one
// worker do the computing: it did not run in parallel, and it gets no speedup points
// whatever its clock says (a clock on a shared machine can be fooled by noise; the
// CPU accounting cannot). (CPU time over wall-clock time would say the same on an
// idle machine only: at a load of 5 on 2 cores a serial program gets 0.6 of a core.)
// Measured at 2 workers (README, "Did it run in parallel?"): the skeletons 1.00-1.06,
// every reference solution 1.8 or more. 1.3 leaves room for the launcher's own
// time and the last tenth of a second the samples miss, and no honest speedup above
// the no-points line (1.1) needs less.
#define PARAM_ONE_CORE 1.3
// MPI's CPU time cannot show one busy worker: Open MPI's waiting ranks spin on their
// core, so a program in which rank 0 does all the work looks as busy as one that
// shares it (02-images' MPI skeleton: 2.1). For MPI the speedup points also need the
// run at one rank per core to be at least this many times as fast as the same
// program at 1 rank, both without the launch cost and paired round by round
// (score_scaling). Measured at 2 ranks: 02-images' MPI skeleton 0.93 (1.07 from its
// warm-up runs alone), the reference solutions 1.46-2.03 in one grading of the
// course (05-turbine's the lowest).
#define PARAM_SCALES 1.2

// The feedback names the serial fraction (score_serial_fraction) of a version that
// missed full speedup points when it is at least this: at 2 workers a fraction of 0.2
// is a speedup of 1.67, and at 0.2 no number of workers goes past a speedup of 5.
// The reference solutions measure 0-0.1 at 2 workers.
#define PARAM_SERIAL_FRACTION_NOTED 0.2

// How much of the compiler's and a crashed program's messages the feedback shows:
// enough for the first error, not a wall of text.
#define PARAM_BUILD_ERROR_LINES 10
#define PARAM_STDERR_TAIL_LINES 6
// Longest line kept from those messages.
#define PARAM_LINE_MAX 200

// Speedups up to this count as none: on a shared machine the same program's time
// wanders by several per cent from run to run, and an untouched skeleton measures
// 0.95-1.05. Speedup points rise from here, so noise alone earns nothing.
#define PARAM_NO_SPEEDUP 1.1

// Full speedup points at this fraction of the reference solution's speedup measured
// in the same grading ([points] full_at_reference overrides it): a version as good as
// the reference, give or take the noise between two runs of the same program, gets
// them all.
#define PARAM_FULL_AT_REFERENCE 0.8

// The optimisation and dialect every version is compiled with: the same for the
// serial reference and the submission, so the comparison is fair, and the level of
// the project's own Release build (CMake's -O3), so a student who times build/bin
// sees what the grader sees. (At -O2 on the AMD EPYC workshop machine, gcc 12 placed
// turbine's stencil loop so that turbine-openmp ran 1.5x slower than turbine-serial
// at 1 thread, the same loop; at -O3 every version runs as fast as serial.) -g adds
// the line tables a crash's place is read from (diagnose/crash.c); it does not change
// the code gcc generates.
#define PARAM_CFLAGS "-O3", "-g", "-std=gnu11"

// The race check's build of an OpenMP version (clang; diagnose/race.c): -O1 keeps the
// code close to the source, so that a race is reported at its line, and is fast
// enough for ThreadSanitizer's 5-15x slowdown at the small [sizes] test.
#define PARAM_RACE_CFLAGS "-g", "-O1", "-fopenmp", "-fsanitize=thread", "-std=gnu11"
// The worker counts the race check runs at (those the machine has and 3, the odd one).
#define PARAM_RACE_COUNTS {2, 3}
// Its wall-clock limit per run: at [sizes] test a run takes well under a second, 5-15
// times that under ThreadSanitizer (02-images' 7 images: about 1 s).
#define PARAM_RACE_TIMEOUT 20.0

// A run that makes no progress has its stacks taken before it is killed: gdb attaches
// to each of its processes (about 0.5 s each here, most of it reading the MPI
// library's symbols). One that takes longer than this is given up on.
#define PARAM_HANG_GDB_SECONDS 10

#endif
