// Tests of skeleton.c: what keeps a fingerprint and what changes it, and the manifest.
#include <CUnit/CUnit.h>
#include <glob.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build/build.h"
#include "param.h"

#define PRINT(text) skeleton_fingerprint_text(text)
#define SAME(a, b) CU_ASSERT_EQUAL(PRINT(a), PRINT(b))
#define DIFFERENT(a, b) CU_ASSERT_NOT_EQUAL(PRINT(a), PRINT(b))

static const char *const versions[] = {"embarrassing", "openmp", "mpi", "hybrid"};

// The whole file, NUL-terminated, or NULL.
static char *
slurp(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return NULL;
  char *text = calloc(PARAM_SOURCE_MAX + 1, 1);
  if (text != NULL)
    fread(text, 1, PARAM_SOURCE_MAX, f);
  fclose(f);
  return text;
}

// Writes len bytes of text to a new temporary file; path gets its name.
static void
write_temp(char *path, size_t size, const char *text, size_t len)
{
  snprintf(path, size, "/tmp/test-skeleton-XXXXXX");
  int fd = mkstemp(path);
  CU_ASSERT_FATAL(fd >= 0);
  FILE *f = fdopen(fd, "wb");
  CU_ASSERT_FATAL(f != NULL);
  fwrite(text, 1, len, f);
  fclose(f);
}

// The .c files of SOURCE_DIR/top/NN-name/ (top: exercises or solutions).
static void
find_files(const char *top, glob_t *g)
{
  char pattern[PATH_MAX];
  snprintf(pattern, sizeof pattern, "%s/%s/[0-9][0-9]-*/*.c", SOURCE_DIR, top);
  CU_ASSERT_EQUAL_FATAL(glob(pattern, 0, NULL, g), 0);
}

// Whether path is a version file: embarrassing.c, openmp.c, mpi.c or hybrid.c.
static int
is_version(const char *path)
{
  const char *base = strrchr(path, '/') + 1;
  for (size_t v = 0; v < sizeof versions / sizeof versions[0]; v++)
    if (strlen(base) == strlen(versions[v]) + 2 && !strncmp(base, versions[v], strlen(versions[v])))
      return 1;
  return 0;
}

// "NN-name" and "VERSION" of .../NN-name/VERSION.c.
static void
split(const char *path, char *exercise, char *version)
{
  const char *base = strrchr(path, '/');
  const char *dir = base - 1;
  while (dir > path && dir[-1] != '/')
    dir--;
  snprintf(exercise, NAME_MAX, "%.*s", (int)(base - dir), dir);
  snprintf(version, NAME_MAX, "%.*s", (int)(strlen(base + 1) - 2), base + 1);
}

static void
test_reformatting(void)
{
  const char *plain = "int main(int argc, char **argv)\n{\n  int x = -1;\n"
                      "  x = f(x, argc, argv[0]);\n  return x + 1;\n}\n";
  SAME(plain, "int main(int argc,char**argv){int x=-1;x=f(x,argc,argv[0]);return x+1;}");
  SAME(plain, "int\nmain (  int argc ,\tchar * * argv )\n\n\n{\n\tint x =\n-1 ;\n"
              "        x = f ( x , argc , argv [ 0 ] ) ;\n\treturn x + 1 ;\n}");
  SAME(plain, "int main(int argc, char **argv)\r\n{\r\n  int x = -1;\r\n"
              "  x = f(x, argc, argv[0]);\r\n  return x + 1;\r\n}\r\n");
  SAME("a = b;", "  a  =  b ;  \n\n");
  SAME("p = *q;", "p=*q;");
  SAME("s.x = 1;", "s . x = 1 ;");
  SAME("f(\"a\", 'b');", "f( \"a\" , 'b' ) ;");
}

static void
test_comments(void)
{
  const char *plain = "int x = 1;\nint y = 2;\n";
  SAME(plain, "// a comment\nint x = 1; // another\nint y = 2;\n");
  SAME(plain, "/* a comment */ int x /* inside */ = 1;\n/* two\nlines */int y = 2;");
  SAME(plain, "// don't \"start\" a literal in a comment\nint x = 1;\nint y = 2; /* it's */");
  SAME("int x;", "int/**/x;");
  SAME("int x;", "int// end\nx;");
  SAME("a = b / c;", "a = b /* ** / */ / c;");
  SAME("// one comment\nint x;", "// another comment\nint x;");
  DIFFERENT("ab;", "a/**/b;");   // a comment separates, as in C
}

static void
test_directives(void)
{
  const char *plain = "#include <stdio.h>\n#include \"cli.h\"\n#define N 10\nint x = N;\n";
  SAME(plain, "#include<stdio.h>\n\n#include \"cli.h\"  // ours\n  #  define N 10 \nint x = N;");
  SAME(plain, "/* first */ #include <stdio.h>\n#include \"cli.h\"\n#define N /* ten */ 10\n"
              "int x\n= N;\n");
  SAME(plain, "#include <stdio.h>\r\n#include \"cli.h\"\r\n#define N 10\r\nint x = N;\r\n");
  SAME("#define M(a, b) ((a) + (b))\n", "#define M(a,b) ( (a)+(b) )");
  SAME("#define X 1 + 2\n", "#define X 1 /* a\n */ + 2\n");   // one # line, as in C
  SAME("#if 0\n#endif\n", "#if 0\n#endif");
}

static void
test_attack_tokens(void)
{
  const char *plain = "int main(void)\n{\n  long n = 1000;\n  return 0;\n}\n";
  DIFFERENT(plain, "int main(void)\n{\n  long n = 1000;\n  int unused = 0;\n  return 0;\n}\n");
  DIFFERENT(plain, "int main(void)\n{\n  long n = 1001;\n  return 0;\n}\n");
  DIFFERENT(plain, "int main(void)\n{\n  long n = 10000;\n  return 0;\n}\n");
  DIFFERENT(plain, "int main(void)\n{\n  long n = 1000;\n  return 0;;\n}\n");
  DIFFERENT("int ab;", "int a b;");
}

static void
test_attack_splice(void)
{
  const char *plain = "// add the hits\nhits++;\n";
  DIFFERENT(plain, "// add the hits \\\nhits++;\n");
  DIFFERENT(plain, "// add the hits \\  \nhits++;\n");     // gcc splices that too
  DIFFERENT(plain, "// add the hits \\\r\nhits++;\r\n");
  DIFFERENT(plain, "// add the hits \\\rhits++;\n");       // a lone \r ends a line
  SAME(plain, "// add the \\\nhits\nhits++;\n");           // the comment only grew
  SAME("hits++;", "hi\\\nts+\\\n+;");
  SAME("s = \"ab\";", "s = \"a\\\nb\";");
}

static void
test_attack_literals(void)
{
  DIFFERENT("a = \"x\"; b = 1;", "a = \"x; b = 1;\";");
  DIFFERENT("s = \"/* no comment */\"; n = 1;", "s = \"\"; n = 1;");
  DIFFERENT("s = \"// no comment\"; n = 1;", "s = \"\"; n = 1;");
  DIFFERENT("s = \"a b\";", "s = \"a  b\";");
  DIFFERENT("s = \"a b\";", "s = \"ab\";");
  SAME("c = '\\''; /* x */ d = 1;", "c = '\\'';\nd = 1;");
  SAME("c = '\\\\'; /* x */ d = 1;", "c = '\\\\'; d = 1;");   // '\\' ends there
  DIFFERENT("c = '\\''; d = 1;", "c = '\\'; d = 1;';");
  SAME("s = \"a\\\"b\"; /* c */ t;", "s = \"a\\\"b\"; t;");
  DIFFERENT("s = \"a\\\"b /* c */\"; t;", "s = \"a\\\"b \"; t;");
  DIFFERENT("x = L\"s\";", "x = L \"s\";");
}

static void
test_attack_directives(void)
{
  DIFFERENT("#define N 10\n", "#define N 11\n");
  DIFFERENT("#define X 1\nint y;", "#define X 1 int y;");
  DIFFERENT("#define X 1\nint y;", "#define X 1 \\\nint y;");
  DIFFERENT("#define X 1\rint y;", "#define X 1 int y;");     // gcc ends the line at \r
  DIFFERENT("int y;\n#define X 1", "int y; #define X 1");
  DIFFERENT("#define F(x) x\n", "#define F (x) x\n");
  DIFFERENT("%:define X 1\nint y;", "%:define X 1 int y;");   // the digraph of #
  DIFFERENT("%:define F(x) x\n", "%:define F (x) x\n");
  DIFFERENT("#include <stdio.h>\n", "#include <stdlib.h>\n");
}

static void
test_attack_joins(void)
{
  DIFFERENT("a + +b;", "a ++b;");
  DIFFERENT("x - -1;", "x --1;");
  DIFFERENT("a & &b;", "a && b;");
  DIFFERENT("a < <b;", "a << b;");
  DIFFERENT("a - >b;", "a -> b;");
  DIFFERENT("a / *p;", "a /*p*/;");
  DIFFERENT("x = 1 .5;", "x = 1.5;");
  DIFFERENT("x = 1e +5;", "x = 1e+5;");
  DIFFERENT("x = s. 5;", "x = s .5;");
  SAME("a = -b;", "a=-b;");
  SAME("a && !b;", "a&&!b;");
}

static void
test_file(void)
{
  char path[64], err[256] = "";
  const char text[] = "int main(void) { return 0; }\n";
  uint64_t print = 0;
  write_temp(path, sizeof path, text, sizeof text - 1);
  CU_ASSERT_EQUAL(skeleton_fingerprint_file(path, &print, err, sizeof err), 0);
  CU_ASSERT_EQUAL(print, PRINT(text));
  unlink(path);

  // gcc skips a NUL and compiles what follows: the print must not stop there.
  const char nul[] = "int main(void) { return 0; }\n\0int evil;\n";
  write_temp(path, sizeof path, nul, sizeof nul - 1);
  CU_ASSERT_EQUAL(skeleton_fingerprint_file(path, &print, err, sizeof err), 0);
  CU_ASSERT_NOT_EQUAL(print, PRINT(text));
  unlink(path);

  char *big = malloc(PARAM_SOURCE_MAX + 1);
  CU_ASSERT_FATAL(big != NULL);
  memset(big, ' ', PARAM_SOURCE_MAX + 1);
  write_temp(path, sizeof path, big, PARAM_SOURCE_MAX);
  CU_ASSERT_EQUAL(skeleton_fingerprint_file(path, &print, err, sizeof err), 0);
  unlink(path);
  write_temp(path, sizeof path, big, PARAM_SOURCE_MAX + 1);
  CU_ASSERT_EQUAL(skeleton_fingerprint_file(path, &print, err, sizeof err), -1);
  CU_ASSERT_PTR_NOT_NULL(strstr(err, "larger than"));
  unlink(path);
  free(big);

  err[0] = '\0';
  CU_ASSERT_EQUAL(skeleton_fingerprint_file("/nonexistent/openmp.c", &print, err, sizeof err), -1);
  CU_ASSERT_STRING_EQUAL(err, "/nonexistent/openmp.c: No such file or directory");
}

static void
test_shipped_skeletons(void)
{
  glob_t g;
  find_files("exercises", &g);
  int checked = 0;
  for (size_t i = 0; i < g.gl_pathc; i++) {
    char exercise[NAME_MAX], version[NAME_MAX], err[256];
    uint64_t print = 0;
    if (!is_version(g.gl_pathv[i]))
      continue;
    checked++;
    split(g.gl_pathv[i], exercise, version);
    int untouched = skeleton_untouched(SOURCE_DIR, exercise, version, g.gl_pathv[i]);
    if (!untouched && skeleton_fingerprint_file(g.gl_pathv[i], &print, err, sizeof err) == 0)
      printf("\n    %s is not untouched per exercises/skeletons.txt; its line there:\n"
             "    %016llx  %s/%s.c\n",
             g.gl_pathv[i], (unsigned long long)print, exercise, version);
    CU_ASSERT_EQUAL(untouched, 1);
  }
  CU_ASSERT(checked >= 3);
  globfree(&g);
}

// Every well-formed line names a version file that exists (no stale lines).
static void
test_manifest_files_exist(void)
{
  char path[PATH_MAX], line[1024];
  snprintf(path, sizeof path, "%s/exercises/skeletons.txt", SOURCE_DIR);
  FILE *f = fopen(path, "r");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  int lines = 0;
  while (fgets(line, sizeof line, f)) {
    char print[32], file[512];
    struct stat st;
    if (line[0] == '#' || sscanf(line, "%31s %511s", print, file) != 2)
      continue;
    lines++;
    snprintf(path, sizeof path, "%s/exercises/%s", SOURCE_DIR, file);
    if (stat(path, &st) != 0)
      printf("\n    exercises/skeletons.txt lists %s, which does not exist\n", file);
    CU_ASSERT_EQUAL(stat(path, &st), 0);
    CU_ASSERT_EQUAL(strlen(print), 16);
  }
  fclose(f);
  CU_ASSERT(lines >= 3);
}

static void
test_solutions_touched(void)
{
  glob_t g;
  find_files("solutions", &g);
  CU_ASSERT(g.gl_pathc >= 3);
  for (size_t i = 0; i < g.gl_pathc; i++) {
    char exercise[NAME_MAX], version[NAME_MAX];
    split(g.gl_pathv[i], exercise, version);
    if (skeleton_untouched(SOURCE_DIR, exercise, version, g.gl_pathv[i]))
      printf("\n    %s counts as an untouched skeleton\n", g.gl_pathv[i]);
    CU_ASSERT_EQUAL(skeleton_untouched(SOURCE_DIR, exercise, version, g.gl_pathv[i]), 0);
  }
  globfree(&g);
}

// Each skeleton, and a student's reformatted copy of it (other indentation, blank
// lines, a comment more); then with `int unused_marker = 0;` added inside main.
static void
test_copies(void)
{
  glob_t g;
  find_files("exercises", &g);
  for (size_t i = 0; i < g.gl_pathc; i++) {
    char exercise[NAME_MAX], version[NAME_MAX], path[64];
    if (!is_version(g.gl_pathv[i]))
      continue;
    char *text = slurp(g.gl_pathv[i]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    split(g.gl_pathv[i], exercise, version);
    size_t len = strlen(text);

    char *copy = malloc(3 * len + 64), *out = copy;
    out += sprintf(out, "// my name here\n");
    for (const char *at = text; *at; at++) {
      if (*at == '\n')
        out += sprintf(out, "\n\n");
      else if (*at == ' ' && at > text && at[-1] == '\n')
        out += sprintf(out, "\t");
      else
        *out++ = *at;
    }
    *out = '\0';
    write_temp(path, sizeof path, copy, strlen(copy));
    CU_ASSERT_EQUAL(skeleton_untouched(SOURCE_DIR, exercise, version, path), 1);
    unlink(path);

    const char *body = strstr(text, "\nmain(");
    body = body ? strchr(body, '{') : NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(body);
    size_t head = (size_t)(body - text) + 1;
    sprintf(copy, "%.*s\n  int unused_marker = 0;%s", (int)head, text, text + head);
    write_temp(path, sizeof path, copy, strlen(copy));
    CU_ASSERT_EQUAL(skeleton_untouched(SOURCE_DIR, exercise, version, path), 0);
    unlink(path);
    free(copy);
    free(text);
  }
  globfree(&g);
}

// A project folder of its own with the given manifest; dir gets its path.
static void
make_project(char *dir, size_t size, const char *manifest)
{
  char path[PATH_MAX];
  snprintf(dir, size, "/tmp/test-skeleton-XXXXXX");
  CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/exercises", dir);
  CU_ASSERT_EQUAL_FATAL(mkdir(path, 0700), 0);
  snprintf(path, sizeof path, "%s/exercises/skeletons.txt", dir);
  FILE *f = fopen(path, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  fputs(manifest, f);
  fclose(f);
}

static void
remove_project(const char *dir)
{
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/exercises/skeletons.txt", dir);
  unlink(path);
  snprintf(path, sizeof path, "%s/exercises", dir);
  rmdir(path);
  rmdir(dir);
}

// Manifest text: the given lines, then the 01-pi skeleton's line when `good`.
static int
untouched_with(const char *lines, int good)
{
  char dir[64], manifest[4096], source[PATH_MAX], err[256];
  uint64_t print = 0;
  snprintf(source, sizeof source, "%s/exercises/01-pi/openmp.c", SOURCE_DIR);
  CU_ASSERT_EQUAL(skeleton_fingerprint_file(source, &print, err, sizeof err), 0);
  snprintf(manifest, sizeof manifest, "# test\n%s", lines);
  if (good)
    snprintf(manifest + strlen(manifest), sizeof manifest - strlen(manifest),
             "%016llx  01-pi/openmp.c\n", (unsigned long long)print);
  make_project(dir, sizeof dir, manifest);
  int untouched = skeleton_untouched(dir, "01-pi", "openmp", source);
  remove_project(dir);
  return untouched;
}

static void
test_missing(void)
{
  char source[PATH_MAX];
  snprintf(source, sizeof source, "%s/exercises/01-pi/openmp.c", SOURCE_DIR);
  CU_ASSERT_EQUAL(untouched_with("", 1), 1);
  CU_ASSERT_EQUAL(skeleton_untouched(SOURCE_DIR, "01-pi", "openmp", "/nonexistent/openmp.c"), 0);
  CU_ASSERT_EQUAL(skeleton_untouched("/nonexistent", "01-pi", "openmp", source), 0);
  CU_ASSERT_EQUAL(skeleton_untouched(SOURCE_DIR, "01-pi", "hybrid", source), 0);
  CU_ASSERT_EQUAL(skeleton_untouched(SOURCE_DIR, "01-pi", "mpi", source), 0);
  CU_ASSERT_EQUAL(untouched_with("0000000000000000  01-pi/mpi.c\n", 0), 0);
  CU_ASSERT_EQUAL(untouched_with("", 0), 0);
  // The line is there, but with another print: the version was changed.
  CU_ASSERT_EQUAL(untouched_with("0123456789abcdef  01-pi/openmp.c\n", 0), 0);
  CU_ASSERT_EQUAL(untouched_with("0123456789abcdef  01-pi/openmp.c\n", 1), 1);
}

// Each malformed form of the right line is skipped (0 on its own), and does not stop
// the reading of the good line after it.
static void
test_malformed(void)
{
  char source[PATH_MAX], err[256], line[256];
  uint64_t print = 0;
  snprintf(source, sizeof source, "%s/exercises/01-pi/openmp.c", SOURCE_DIR);
  CU_ASSERT_EQUAL_FATAL(skeleton_fingerprint_file(source, &print, err, sizeof err), 0);
  char hex[17], upper[17];
  snprintf(hex, sizeof hex, "%016llx", (unsigned long long)print);
  snprintf(upper, sizeof upper, "%016llX", (unsigned long long)print);
  const char *forms[] = {
    "%.15s  01-pi/openmp.c\n",        // 15 digits
    "%s0  01-pi/openmp.c\n",          // 17 digits
    "%s 01-pi/openmp.c\n",            // one space
    "%s\t01-pi/openmp.c\n",           // a tab
    "%s  \n",                         // no file
    "%s  01-pi/openmp.c extra\n",     // more after the file
    "# %s  01-pi/openmp.c\n",         // a comment
    " %s  01-pi/openmp.c\n",          // indented
    "%s  01-pi/openmp\n",             // no .c
  };
  for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
    snprintf(line, sizeof line, forms[i], hex);
    CU_ASSERT_EQUAL(untouched_with(line, 0), 0);
    CU_ASSERT_EQUAL(untouched_with(line, 1), 1);
  }
  if (strcmp(hex, upper) != 0) {     // upper case is not the manifest's form
    snprintf(line, sizeof line, "%s  01-pi/openmp.c\n", upper);
    CU_ASSERT_EQUAL(untouched_with(line, 0), 0);
  }
  CU_ASSERT_EQUAL(untouched_with("garbage\n\n   \nxyz  01-pi/openmp.c\n", 1), 1);
  snprintf(line, sizeof line, "%s  01-pi/openmp.c\r\n", hex);   // a CRLF manifest
  CU_ASSERT_EQUAL(untouched_with(line, 0), 1);
}

void
register_skeleton(void)
{
  CU_pSuite s = CU_add_suite("skeleton (untouched versions)", NULL, NULL);
  CU_add_test(s, "reformatting keeps the print", test_reformatting);
  CU_add_test(s, "comments added, removed or changed keep it", test_comments);
  CU_add_test(s, "# lines: layout aside, kept as lines", test_directives);
  CU_add_test(s, "an added variable, a changed number change it", test_attack_tokens);
  CU_add_test(s, "code hidden behind a backslash-newline changes it", test_attack_splice);
  CU_add_test(s, "text moved into or out of a literal changes it", test_attack_literals);
  CU_add_test(s, "a changed or joined # line changes it", test_attack_directives);
  CU_add_test(s, "tokens joined by a removed space change it", test_attack_joins);
  CU_add_test(s, "a file: NUL bytes, too large, missing", test_file);
  CU_add_test(s, "every shipped skeleton is untouched", test_shipped_skeletons);
  CU_add_test(s, "the manifest lists only files that exist", test_manifest_files_exist);
  CU_add_test(s, "no reference solution is untouched", test_solutions_touched);
  CU_add_test(s, "a reformatted copy is, one added line is not", test_copies);
  CU_add_test(s, "no source, no manifest, no line: 0", test_missing);
  CU_add_test(s, "malformed manifest lines are skipped", test_malformed);
}
