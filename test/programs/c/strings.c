/* qsort, string and memory functions, malloc/realloc/free of many sizes, sprintf/sscanf. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned seed = 12345;
static unsigned rnd(void) { seed = seed * 1103515245u + 12345u; return (seed >> 8) & 0xffffff; }
static int cmpint(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmpstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
  enum { N = 3000 };
  int *v = malloc(N * sizeof *v);
  for (int i = 0; i < N; i++) v[i] = (int)rnd() - 0x800000;
  qsort(v, N, sizeof *v, cmpint);
  long long sum = 0;
  for (int i = 0; i < N; i++) sum = sum * 3 + v[i];
  printf("sorted %d %d %d sum %lld\n", v[0], v[N / 2], v[N - 1], sum);
  char **words = malloc(500 * sizeof *words);
  for (int i = 0; i < 500; i++) {
    char buf[32];
    int len = 1 + rnd() % 12;
    for (int k = 0; k < len; k++) buf[k] = 'a' + rnd() % 26;
    buf[len] = 0;
    words[i] = strdup(buf);
  }
  qsort(words, 500, sizeof *words, cmpstr);
  for (int i = 0; i < 500; i += 50) printf("%s ", words[i]);
  printf("\n");
  char big[4096];
  memset(big, 'x', sizeof big);
  big[4095] = 0;
  memmove(big + 3, big, 1000);
  memcpy(big + 100, "hello, world", 12);
  printf("%zu %d %s %s\n", strlen(big), memcmp(big, big + 1, 50), strstr(big, "world") ? "found" : "none", strchr(big, 'h') + 7);
  char *p = NULL;
  size_t total = 0;
  for (int i = 1; i < 200; i++) {
    p = realloc(p, i * 37);
    memset(p, i, i * 37);
    total += i * 37;
    void *q = malloc(rnd() % 70000);
    free(q);
  }
  printf("realloc total %zu last %d\n", total, p[200 * 37 - 38]);
  free(p);
  char out[256];
  int a, b;
  char w[16];
  sscanf("42 -17 word", "%d %d %15s", &a, &b, w);
  snprintf(out, sizeof out, "[%5d|%-5d|%05x|%s|%c|%%|%10.3s]", a, b, a * 1000, w, 'Z', "truncate");
  puts(out);
  for (int i = 0; i < 500; i++) free(words[i]);
  free(words);
  free(v);
  return 7;
}
