#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
sec() { echo "@@@BEGIN $1"; cat "$2"; echo "@@@END $1"; }
sec proc/iomem /proc/iomem
sec proc/cmdline /proc/cmdline
for d in /sys/firmware/memmap/*; do n=${d##*/}; for f in start end type; do sec sys/firmware/memmap/$n/$f $d/$f; done; done
sec sys/kernel/vmcoreinfo /sys/kernel/vmcoreinfo
sec sys/kernel/kexec_loaded /sys/kernel/kexec_loaded
sec sys/kernel/kexec_crash_loaded /sys/kernel/kexec_crash_loaded
for c in /sys/devices/system/cpu/cpu[0-9]*; do n=${c##*/}; sec sys/devices/system/cpu/$n/crash_notes $c/crash_notes; sec sys/devices/system/cpu/$n/crash_notes_size $c/crash_notes_size; done
echo "@@@BEGIN proc/kallsyms"; grep -E " (_text|_stext|_etext|_end|page_offset_base|phys_base|vmemmap_base|vmalloc_base)$" /proc/kallsyms; echo "@@@END proc/kallsyms"
echo "@@@BEGIN-HEX proc/kcore"; head -c 8192 /proc/kcore | od -An -tx1 -v; echo "@@@END proc/kcore"
echo "@@@DONE"
poweroff -f
