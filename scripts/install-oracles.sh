#!/usr/bin/env bash
# Installs the Debian packages the differential tests use as oracles
# (skips apt when every tool is already present).
set -euo pipefail
need=(mips-linux-gnu-as mipsel-linux-gnu-as mips-linux-gnu-objdump mips-linux-gnu-gcc mipsel-linux-gnu-gcc qemu-mips qemu-mipsel cpio dtc fdtdump xz dpkg-deb qemu-system-mipsel qemu-system-mips)
missing=0
for t in "${need[@]}"; do command -v "$t" >/dev/null || missing=1; done
if [ "$missing" = 1 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends \
    binutils-mips-linux-gnu binutils-mipsel-linux-gnu \
    gcc-mips-linux-gnu gcc-mipsel-linux-gnu libc6-dev-mips-cross libc6-dev-mipsel-cross \
    qemu-user qemu-system-mips cpio device-tree-compiler xz-utils >/dev/null
fi
for t in "${need[@]}"; do command -v "$t" >/dev/null || { echo "install-oracles: $t is still missing" >&2; exit 1; }; done
