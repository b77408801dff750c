/* A small bytecode interpreter (switch dispatch through a jump table) running a prime sieve and
   a recursive Fibonacci, plus integer division/modulo and 64-bit arithmetic. */
#include <stdio.h>
#include <stdint.h>

enum { PUSH, ADD, SUB, MUL, DIV, MOD, DUP, SWAP, JZ, JMP, LT, PRINT, HALT, LOAD, STORE, OVER, DROP };

static int64_t run(const int *code, int64_t *mem) {
  int64_t st[64];
  int sp = 0, pc = 0;
  int64_t acc = 0;
  for (;;) {
    int op = code[pc++];
    switch (op) {
    case PUSH: st[sp++] = code[pc++]; break;
    case ADD: sp--; st[sp - 1] += st[sp]; break;
    case SUB: sp--; st[sp - 1] -= st[sp]; break;
    case MUL: sp--; st[sp - 1] *= st[sp]; break;
    case DIV: sp--; st[sp - 1] /= st[sp]; break;
    case MOD: sp--; st[sp - 1] %= st[sp]; break;
    case DUP: st[sp] = st[sp - 1]; sp++; break;
    case OVER: st[sp] = st[sp - 2]; sp++; break;
    case DROP: sp--; break;
    case SWAP: { int64_t t = st[sp - 1]; st[sp - 1] = st[sp - 2]; st[sp - 2] = t; } break;
    case JZ: if (st[--sp] == 0) pc = code[pc]; else pc++; break;
    case JMP: pc = code[pc]; break;
    case LT: sp--; st[sp - 1] = st[sp - 1] < st[sp]; break;
    case LOAD: st[sp - 1] = mem[st[sp - 1]]; break;
    case STORE: sp -= 2; mem[st[sp + 1]] = st[sp]; break;
    case PRINT: acc = acc * 1000003 + st[--sp]; break;
    case HALT: return acc;
    }
  }
}

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(void) {
  /* sum of i*i mod 7 for i < 20000, via the stack machine */
  static const int prog[] = {
    PUSH, 0, PUSH, 0,                 /* acc i */
    DUP, PUSH, 20000, LT, JZ, 26,     /* 4: while i < 20000 */
    DUP, DUP, MUL, PUSH, 7, MOD,      /* acc i i*i%7 */
    SWAP, PUSH, 1, ADD, SWAP,         /* acc i+1 t — rotate: */
    JMP, 30,
    HALT, HALT, HALT,
    DROP, PRINT, HALT, HALT,          /* 26 */
    /* 30: acc i+1 t -> acc+t i+1 */
    PUSH, 0, STORE, SWAP, PUSH, 0, LOAD, ADD, SWAP, JMP, 4,
  };
  int64_t mem[4] = {0};
  printf("vm %lld\n", (long long)run(prog, mem));
  static char sieve[100000];
  int count = 0;
  for (int i = 2; i < 100000; i++) {
    if (sieve[i]) continue;
    count++;
    for (int j = i * 2; j < 100000; j += i) sieve[j] = 1;
  }
  printf("primes %d fib %d\n", count, fib(24));
  int64_t h = 1;
  uint32_t u = 0xdeadbeef;
  for (int i = 1; i < 5000; i++) {
    h = h * 6364136223846793005LL + i;
    u = (u >> 3) ^ (u * 2654435761u) ^ (uint32_t)(h >> 17);
    if (i % 1000 == 0) printf("%lld %u %lld %lld %u\n", (long long)h, u, (long long)(h / (i * 7919 - 3)), (long long)(h % 1000003), u / (uint32_t)(i | 1));
  }
  return 0;
}
