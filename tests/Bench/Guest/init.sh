#!/bin/busybox sh
# PID 1 of every bench guest: mount the usual file systems, run /bench/scenario.sh,
# report its exit status on the console, then stop the VM (QEMU runs with -no-reboot,
# so "reboot -f" ends it).
/bin/busybox mkdir -p /proc /sys /dev /tmp /mnt /bin /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /tmp
export PATH=/usr/bin:/usr/sbin:/bin:/sbin
echo "@@BENCH:BOOTED $(uname -r)"
sh -c '. /bench/lib.sh; . /bench/scenario.sh'
echo "@@BENCH:DONE rc=$?"
sync
reboot -f
