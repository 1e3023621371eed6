#!/usr/bin/env bash
# Benchmark: our makedumpfile against Debian's makedumpfile 1.7.2 on the same vmcore, same
# options, one after the other, reporting wall time and peak RSS (/usr/bin/time -v) and the
# ratio ours/theirs. Not a test: the numbers depend on the machine and its load.
#
#   makedumpfile-bench.sh [VMCORE]
#
# Without VMCORE it makes a 2 GiB vmcore (Debian's 6.1 kernel under QEMU TCG, 2 GiB guest
# holding ~700 MiB of page cache, 200 MiB of zero-filled cache, 300 MiB of anonymous memory, the
# rest free) with tests/Bench/Fixtures/make-debian-fixture.sh, kept in ~/.cache/kexec-jump/fixtures-makedumpfile.
# Our tool is published with NativeAOT first (set OURS=/path/to/makedumpfile to skip that).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
cache=${KEXEC_JUMP_CACHE:-$HOME/.cache/kexec-jump}
theirs=/usr/bin/makedumpfile
[ -x "$theirs" ] || { echo "bench: Debian's makedumpfile is not installed" >&2; exit 1; }

vmcore=${1:-}
if [ -z "$vmcore" ]; then
  vmcore=$cache/fixtures-makedumpfile/bench-2g.elf
  if [ ! -f "$vmcore" ]; then
    kdir=$(ls -d "$cache"/debian-kernel/*/ 2>/dev/null | head -1)
    [ -n "$kdir" ] || { echo "bench: no Debian kernel in $cache/debian-kernel (run the bench fixture maker once)" >&2; exit 1; }
    rel=$(basename "$kdir")
    CACHE_MB=700 ZERO_MB=200 ANON_MB=300 OUT=$cache/fixtures-makedumpfile \
      "$here/../../Bench/Fixtures/make-debian-fixture.sh" bench-2g "$kdir/boot/vmlinuz-$rel" \
      "$(find "$kdir" -name qemu_fw_cfg.ko | head -1)" 2048 >&2
  fi
fi

ours=${OURS:-}
if [ -z "$ours" ]; then
  dotnet publish "$repo/src/MakeDumpFile" -f net10.0 -r linux-x64 -c Release -o "$cache/tools/makedumpfile-aot" >&2
  ours=$cache/tools/makedumpfile-aot/makedumpfile
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/mdf-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
# makedumpfile 1.7.2 cannot read QEMU 7.2's ELF layout: give both tools our -E -d 0 copy.
std=$work/vmcore.std.elf
"$ours" -E -d 0 --message-level 0 "$vmcore" "$std"

measure() { # tool args... -> "seconds peak_kib"
  local log=$work/time.log
  rm -f "$work/out"
  /usr/bin/time -v "$@" "$std" "$work/out" > /dev/null 2> "$log" || { cat "$log" >&2; return 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$log")
  echo "$wall $rss $(stat -c %s "$work/out")"
}

printf '%s\n' "vmcore: $vmcore ($(stat -c %s "$vmcore") bytes), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s | %9s %9s %7s | %10s %10s | %11s %11s\n' options ours_s theirs_s ratio ours_KiB theirs_KiB ours_bytes theirs_bytes
for opts in "-d 31 -c" "-d 31 -l" "-d 0 -c" "-d 0 -l" "-d 31 -E"; do
  # shellcheck disable=SC2086
  read -r ow orss osz < <(measure "$ours" $opts --message-level 0)
  # shellcheck disable=SC2086
  read -r tw trss tsz < <(measure "$theirs" $opts --message-level 0)
  ratio=$(awk -v a="$ow" -v b="$tw" 'BEGIN{ printf "%.2f", (b > 0 ? a / b : 0) }')
  printf '%-10s | %9s %9s %7s | %10s %10s | %11s %11s\n' "$opts" "$ow" "$tw" "$ratio" "$orss" "$trss" "$osz" "$tsz"
done
