#!/usr/bin/env bash
# Makes a real vmcore of Debian's kernel in a special set-up (bench prepare runs it for
# TestSupport.DebianVariantFixture: a CPU with LA57, a hugetlb pool; the makedumpfile
# benchmark for its 2 GiB guest): boots the kernel under QEMU
# (TCG, QEMU's default devices) with a busybox initramfs that fills memory with page cache,
# anonymous and zero pages, records /proc/meminfo, then asks QEMU over QMP for
# dump-guest-memory (ELF, and QEMU's own kdump-compressed zlib file).
#
#   make-debian-fixture.sh NAME BZIMAGE [MODULE.ko] [MEM_MB]
#
# APPEND adds kernel parameters (e.g. hugepages=8 for a hugetlb pool).
# CACHE_MB, ZERO_MB, ANON_MB size the page cache (random data), zero-filled cache and
# anonymous memory the guest holds (defaults 96, 32, 48).
#
# Writes $OUT/NAME.elf, NAME.kdump-zlib, NAME.meminfo, NAME.console
# (OUT defaults to ~/.cache/kexec-jump/fixtures-makedumpfile). CPU=qemu64,+la57 gives a
# guest with 5-level paging (Debian 6.1 has CONFIG_X86_5LEVEL).
set -euo pipefail
name=$1; kernel=$2; module=${3:-}; mem=${4:-512}
out=${OUT:-$HOME/.cache/kexec-jump/fixtures-makedumpfile}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/root"/{bin,dev,proc,sys,tmp,mnt}
cp /bin/busybox "$work/root/bin/busybox"
[ -n "$module" ] && cp "$module" "$work/root/fwcfg.ko"
cat > "$work/root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
[ -f /fwcfg.ko ] && insmod /fwcfg.ko
mount -t tmpfs -o size=90% tmpfs /mnt
# Page cache (shmem), some of it random, some zero-filled.
dd if=/dev/urandom of=/mnt/random bs=1M count=@CACHE@ 2>/dev/null
dd if=/dev/zero of=/mnt/zero bs=1M count=@ZERO@ 2>/dev/null
# Anonymous memory: dd's buffer stays allocated while it runs.
dd if=/dev/urandom of=/dev/null bs=@ANON@M count=100000 2>/dev/null &
sleep 3
echo MEMINFO-BEGIN; cat /proc/meminfo; echo MEMINFO-END
ls /sys/firmware/qemu_fw_cfg/by_name/etc/vmcoreinfo >/dev/null 2>&1 && echo VMCOREINFO-DEVICE-OK
echo FIXTURE-READY
while true; do sleep 1000; done
INIT
sed -i "s/@CACHE@/${CACHE_MB:-96}/; s/@ZERO@/${ZERO_MB:-32}/; s/@ANON@/${ANON_MB:-48}/" "$work/root/init"
chmod +x "$work/root/init"
(cd "$work/root" && find . | cpio -o -H newc 2>/dev/null | gzip -1 > "$work/initrd")

sock=$work/qmp.sock
qemu-system-x86_64 -accel tcg -cpu "${CPU:-qemu64}" -m "$mem" -smp 1 -nographic -no-reboot -device vmcoreinfo \
  -qmp "unix:$sock,server,nowait" -kernel "$kernel" -initrd "$work/initrd" \
  -append "console=ttyS0 panic=-1 quiet loglevel=4 ${APPEND:-}" > "$work/console" 2>&1 &
qpid=$!
for _ in $(seq 1 600); do grep -q FIXTURE-READY "$work/console" && break; sleep 0.5; done
grep -q FIXTURE-READY "$work/console" || { cat "$work/console" >&2; kill $qpid; echo "guest never got ready" >&2; exit 1; }
sed -n '/MEMINFO-BEGIN/,/MEMINFO-END/p' "$work/console" | tr -d '\r' | grep -v MEMINFO > "$out/$name.meminfo"

python3 - "$sock" "$out/$name" <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile('rw')
def cmd(c, **a):
    f.write(json.dumps({"execute": c, "arguments": a} if a else {"execute": c}) + "\n"); f.flush()
    while True:
        r = json.loads(f.readline())
        if "return" in r or "error" in r:
            if "error" in r: raise SystemExit(str(r))
            return r
json.loads(f.readline()); cmd("qmp_capabilities")
cmd("stop")
cmd("dump-guest-memory", paging=False, protocol="file:" + sys.argv[2] + ".elf.tmp")
cmd("dump-guest-memory", paging=False, protocol="file:" + sys.argv[2] + ".kdump-zlib.tmp", format="kdump-zlib")
cmd("quit")
PY
wait $qpid || true
# The ELF file is the completeness stamp, so it gets its final name last.
mv "$out/$name.kdump-zlib.tmp" "$out/$name.kdump-zlib"
mv "$out/$name.elf.tmp" "$out/$name.elf"
tr -d '\r' < "$work/console" > "$out/$name.console"
echo "$out/$name.elf"
