/* Arguments, environment, standard input, a host file, time, identity, and the exit code
   (argv[1] picks a fate: exit code, abort, segfault, or divide by zero). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv, char **envp) {
  printf("argc %d\n", argc);
  for (int i = 1; i < argc; i++) printf("argv[%d] = %s\n", i, argv[i]);
  int envc = 0;
  while (envp[envc]) envc++;
  printf("envc %d PATH=%s\n", envc, getenv("PATH") ? getenv("PATH") : "(unset)");
  char line[256];
  int lines = 0;
  size_t bytes = 0;
  while (fgets(line, sizeof line, stdin)) {
    lines++;
    bytes += strlen(line);
  }
  printf("stdin %d lines %zu bytes\n", lines, bytes);
  if (argc > 2) {
    FILE *f = fopen(argv[2], "r");
    if (!f) printf("cannot open %s\n", argv[2]);
    else {
      int c, n = 0, sum = 0;
      while ((c = fgetc(f)) != EOF) { n++; sum = sum * 31 + c; }
      fclose(f);
      printf("file %d bytes hash %d\n", n, sum);
    }
  }
  struct utsname u;
  uname(&u);
  printf("machine %s\n", u.machine);
  time_t t0 = time(NULL);
  printf("time sane %d\n", t0 > 1600000000);
  fflush(stdout);
  const char *fate = argc > 1 ? argv[1] : "0";
  if (!strcmp(fate, "abort")) abort();
  if (!strcmp(fate, "segv")) { volatile int *p = (int *)16; return *p; }
  if (!strcmp(fate, "div")) { volatile int z = 0; return 10 / z; }
  fprintf(stderr, "to stderr\n");
  return atoi(fate);
}
