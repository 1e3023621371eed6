#!/usr/bin/env bash
# Installs what the bench and the tests need on a fresh Debian 12 machine (run as root):
# QEMU, busybox, the kernel source and its build dependencies, Debian's kexec-tools,
# makedumpfile, crash, python3-drgn and python3-libkdumpfile as reference peers for
# differential tests (never shipped), AFL++ for the fuzzing harnesses, python3-ply and
# python3-git for checkpatch.pl's SPDX check (native/check-series.sh), and what `make deb` and
# the package test use (dpkg-dev's dpkg-shlibdeps, man-db, mmdebstrap for the test's Debian root).
set -euo pipefail
pkgs=(
  qemu-system-x86 busybox-static
  linux-source-6.12 flex bison bc libelf-dev libssl-dev cpio make gcc libc6-dev xz-utils
  kexec-tools makedumpfile crash strace python3-drgn python3-libkdumpfile
  afl++
  python3-ply python3-git
  zlib1g-dev e2fsprogs libc6-dev-i386 lib32gcc-12-dev
  mmdebstrap dpkg-dev man-db
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# apt-get download of Debian's kernel (a fixture) needs current package lists either way.
if [ ${#missing[@]} -gt 0 ] || [ -z "$(find /var/lib/apt/lists -name '*_Packages' -mmin -1440 2>/dev/null | head -1)" ]; then
  apt-get update -qq || { echo "setup: could not fetch Debian's package lists (apt-get update failed; is the Debian archive reachable?)" >&2; exit 1; }
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  # kexec-tools asks whether to handle reboots; the bench machine must keep rebooting normally.
  echo "kexec-tools kexec-tools/load_kexec boolean false" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    { echo "setup: could not fetch or install Debian packages: ${missing[*]}" >&2; exit 1; }
fi
command -v dotnet >/dev/null || { echo "setup: the .NET SDK (dotnet) is required" >&2; exit 1; }
