// Tries to show the grader's private files: as text the compiler quotes in its errors.
#include "/tmp/pargrade-test-secret.h"

int
main(void)
{
  return 0;
}
