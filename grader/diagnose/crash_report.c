// Linked into every version the grader builds (never into the project's own build):
// when the program crashes (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT), this writes
// where, as lines on stderr that the grader reads and strips, then lets the signal end
// the program as it would have:
//   pargrade-crash PID signal SIG
//   pargrade-crash PID rank R           an MPI rank's number, when it is one
//   pargrade-crash PID pc OFFSET        the faulting instruction, when it is in the program
//   pargrade-crash PID frame OFFSET     each return address in the program, innermost first
//   pargrade-crash PID end
// OFFSET is hexadecimal, from the program's load address: what addr2line takes.
// Only async-signal-safe calls are made in the handler, except backtrace() and dladdr(),
// which the constructor calls once so that nothing is loaded or allocated there later.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#define CRASH_FRAMES 64

static uintptr_t program_base;           // where the program itself is loaded
static long mpi_rank = -1;               // Open MPI's rank of this process, or -1
static char alt_stack[64 * 1024];        // a stack overflow still gets its report

static void
say(const char *text, size_t len)
{
  ssize_t done = write(STDERR_FILENO, text, len);
  (void)done;  // nothing to do about a lost line in a crashing program
}

// Appends "pargrade-crash PID WHAT 0xVALUE\n" (hex when is_hex, else decimal) to buf.
static size_t
put_line(char *buf, const char *what, uintptr_t value, int is_hex)
{
  char digits[32];
  size_t n = 0, len = 0;
  const char *prefix = "pargrade-crash ";
  uintptr_t pid = (uintptr_t)getpid();
  for (const char *p = prefix; *p; p++)
    buf[len++] = *p;
  do
    digits[n++] = (char)('0' + pid % 10);
  while ((pid /= 10) > 0);
  while (n > 0)
    buf[len++] = digits[--n];
  buf[len++] = ' ';
  for (const char *p = what; *p; p++)
    buf[len++] = *p;
  if (value != UINTPTR_MAX) {
    buf[len++] = ' ';
    if (is_hex) {
      buf[len++] = '0';
      buf[len++] = 'x';
    }
    unsigned base = is_hex ? 16 : 10;
    do
      digits[n++] = "0123456789abcdef"[value % base];
    while ((value /= base) > 0);
    while (n > 0)
      buf[len++] = digits[--n];
  }
  buf[len++] = '\n';
  return len;
}

// The offset of addr in the program, or 0 when it lies in a library.
static uintptr_t
program_offset(void *addr)
{
  Dl_info info;
  if (!addr || dladdr(addr, &info) == 0 || (uintptr_t)info.dli_fbase != program_base)
    return 0;
  return (uintptr_t)addr - program_base;
}

static void
crash_handler(int sig, siginfo_t *si, void *context)
{
  (void)si;
  char line[128];
  say(line, put_line(line, "signal", (uintptr_t)sig, 0));
  if (mpi_rank >= 0)
    say(line, put_line(line, "rank", (uintptr_t)mpi_rank, 0));
  void *pc = NULL;
#if defined(__x86_64__)
  pc = (void *)((ucontext_t *)context)->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
  pc = (void *)((ucontext_t *)context)->uc_mcontext.pc;
#else
  (void)context;
#endif
  uintptr_t offset = program_offset(pc);
  if (offset)
    say(line, put_line(line, "pc", offset, 1));
  // The frames: this handler, the kernel's return into it, then the interrupted code
  // and its callers. Their return addresses are one past each call.
  void *frames[CRASH_FRAMES];
  int n = backtrace(frames, CRASH_FRAMES);
  for (int i = 1; i < n; i++)
    if (frames[i] != pc && (offset = program_offset(frames[i])) != 0)
      say(line, put_line(line, "frame", offset, 1));
  say(line, put_line(line, "end", UINTPTR_MAX, 0));
  // SA_RESETHAND put the default action back: the signal ends the program as before.
  raise(sig);
}

static void
crash_report_install(void)
{
  Dl_info info;
  if (dladdr((void *)crash_report_install, &info) == 0)
    return;
  program_base = (uintptr_t)info.dli_fbase;
  const char *rank = getenv("OMPI_COMM_WORLD_RANK");  // read here: not in a handler
  if (rank)
    mpi_rank = strtol(rank, NULL, 10);
  void *warm[2];
  backtrace(warm, 2);  // loads the unwinder now, not in the handler
  stack_t ss = {.ss_sp = alt_stack, .ss_size = sizeof alt_stack, .ss_flags = 0};
  sigaltstack(&ss, NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = crash_handler;
  sa.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  int signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
  for (size_t k = 0; k < sizeof signals / sizeof signals[0]; k++)
    sigaction(signals[k], &sa, NULL);
}

__attribute__((constructor)) static void
crash_report_start(void)
{
  crash_report_install();
}

// Open MPI puts crash handlers of its own in place during MPI_Init (they print lines
// of their own). Through MPI's profiling interface the program's MPI_Init is this one:
// it calls the library's (PMPI_Init) and then puts the report back. In a program
// without MPI the weak PMPI symbols stay NULL and these are never called.
int PMPI_Init(int *argc, char ***argv) __attribute__((weak));
int PMPI_Init_thread(int *argc, char ***argv, int required, int *provided)
    __attribute__((weak));

int
MPI_Init(int *argc, char ***argv)
{
  int status = PMPI_Init(argc, argv);
  crash_report_install();
  return status;
}

int
MPI_Init_thread(int *argc, char ***argv, int required, int *provided)
{
  int status = PMPI_Init_thread(argc, argv, required, provided);
  crash_report_install();
  return status;
}
