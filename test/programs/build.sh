#!/bin/sh
# Builds the test programs into OUTDIR with the Debian MIPS cross tools:
#   asm/NAME.S  -> NAME-be, NAME-el           (cpp, then as -march=mips32r2 -mfp32, ld -static)
#   asm/faults.S -> fault-N-be, fault-N-el    for N = 1..FAULT_CASES (-DCASE=N)
#   c/NAME.c    -> NAME-be, NAME-el           (gcc -static -O2, hard float)
# Usage: build.sh OUTDIR
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=$1
[ -n "$out" ] || { echo "usage: build.sh OUTDIR" >&2; exit 2; }
mkdir -p "$out"
FAULT_CASES=22
asm() { # src defs name
  for e in be el; do
    if [ $e = be ]; then p=mips-linux-gnu; else p=mipsel-linux-gnu; fi
    cpp -P -undef -nostdinc -I "$here/asm" $2 "$1" > "$out/$3.s"
    $p-as -march=mips32r2 -mfp32 -o "$out/$3-$e.o" "$out/$3.s"
    $p-ld -static -e __start -o "$out/$3-$e" "$out/$3-$e.o"
  done
}
for f in "$here"/asm/*.S; do
  n=$(basename "$f" .S)
  [ "$n" = faults ] && continue
  asm "$f" "" "$n"
done
i=1
while [ $i -le $FAULT_CASES ]; do
  asm "$here/asm/faults.S" "-DCASE=$i" "fault-$i"
  i=$((i + 1))
done
for f in "$here"/c/*.c; do
  n=$(basename "$f" .c)
  mips-linux-gnu-gcc -static -O2 -o "$out/$n-be" "$f" -lm
  mipsel-linux-gnu-gcc -static -O2 -o "$out/$n-el" "$f" -lm
done
