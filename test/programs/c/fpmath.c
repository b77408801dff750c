/* Hard-float arithmetic, conversions, printf of doubles, libm, rounding modes and FCSR flags. */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

static volatile double vd[] = {0.0, -0.0, 1.0, -1.5, 0.1, 1e308, 2.2250738585072014e-308, 4.9e-324, 1e-310, 3.0, 1.0 / 3.0, 123456789.125};
static volatile float vf[] = {0.0f, -0.0f, 1.0f, -1.5f, 0.1f, 3.4e38f, 1.17549435e-38f, 1e-45f, 3.0f, 16777217.0f};
static const int modes[] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD};

static uint64_t bits(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }
static uint32_t fbits(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }

int main(void) {
  int n = sizeof vd / sizeof vd[0], m = sizeof vf / sizeof vf[0];
  for (int r = 0; r < 4; r++) {
    fesetround(modes[r]);
    unsigned long long h = 0;
    for (int i = 0; i < n; i++)
      for (int j = 0; j < n; j++) {
        feclearexcept(FE_ALL_EXCEPT);
        double a = vd[i], b = vd[j];
        h = h * 31 + bits(a + b);
        h = h * 31 + bits(a - b);
        h = h * 31 + bits(a * b);
        h = h * 31 + bits(a / b);
        h = h * 7 + fetestexcept(FE_ALL_EXCEPT);
      }
    for (int i = 0; i < m; i++)
      for (int j = 0; j < m; j++) {
        float a = vf[i], b = vf[j];
        h = h * 31 + fbits(a + b) + fbits(a * b) + fbits(a / b) + fbits(a - b);
        h = h * 31 + (unsigned)(long long)(double)(a * 1000.0f);
      }
    for (int i = 0; i < n; i++) {
      h = h * 31 + bits(sqrt(fabs(vd[i])));
      h = h * 31 + fbits((float)vd[i]);
      h = h * 31 + (uint32_t)lrint(vd[i] > 1e9 || vd[i] < -1e9 ? 0 : vd[i] * 7.5);
      h = h * 31 + (uint32_t)(int)(vd[i] > 1e9 ? 0 : vd[i]);
    }
    printf("mode %d hash %016llx\n", r, h);
  }
  fesetround(FE_TONEAREST);
  for (int i = 0; i < n; i++) printf("%.17g %a %e %f\n", vd[i], vd[i], vd[i], vd[i] < 1e20 ? vd[i] : 0.0);
  for (int i = 0; i < m; i++) printf("%.9g %g\n", vf[i], vf[i] * 2.5f);
  double x = 0.5;
  for (int i = 0; i < 20; i++) {
    printf("%.15g %.15g %.15g %.15g %.15g\n", sin(x), cos(x), exp(x), log(x), pow(x, 1.7));
    x = x * 1.37 + 0.11;
  }
  printf("%g %g %g %g\n", DBL_MAX * 2, -DBL_MAX * 2, sqrt(-1.0), 0.0 / 0.0);
  printf("%d %d %ld %lld\n", (int)3.99, (int)-3.99, lround(2.5), llround(-2.5));
  volatile double big = 3e9;
  printf("%u %lld %d\n", (unsigned)big, (long long)big, (int)1e10 == INT32_MIN);
  feclearexcept(FE_ALL_EXCEPT);
  volatile double z = 0.0, one = 1.0;
  volatile double r1 = one / z;
  printf("divbyzero %d inexact %d %g\n", !!fetestexcept(FE_DIVBYZERO), !!fetestexcept(FE_INEXACT), r1);
  volatile double r2 = one / 3.0;
  printf("inexact %d %.20f\n", !!fetestexcept(FE_INEXACT), r2);
  volatile double r3 = DBL_MIN / 3.0;
  printf("underflow %d %g\n", !!fetestexcept(FE_UNDERFLOW), r3);
  volatile double r4 = DBL_MAX * 3.0;
  printf("overflow %d %g\n", !!fetestexcept(FE_OVERFLOW), r4);
  return 0;
}
