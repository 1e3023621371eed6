# Helpers for scenario scripts. The host reads these markers from the serial console
# (Bench.Qemu.ConsoleLog), so each command's output and exit status can be asserted.

# step NAME COMMAND...: run COMMAND, show its output, report its exit status.
step() {
  _name=$1; shift
  echo "@@BENCH:BEGIN $_name"
  "$@" 2>&1
  _rc=$?
  echo "@@BENCH:END $_name rc=$_rc"
  return $_rc
}

# mark TEXT: tell the host the scenario reached a point (e.g. "ready-for-dump").
mark() { echo "@@BENCH:MARK $*"; }

# value NAME VALUE: report a value the host reads back.
value() { echo "@@BENCH:VALUE $1=$2"; }

# hold: stay alive (the host dumps memory or stops the VM).
hold() { while :; do sleep 3600; done; }

# start_counter: a background process that writes the seconds it has counted to /tmp/counter,
# so a scenario can show that A's processes went on after a jump; $counter is its pid.
start_counter() {
  ( i=0; while :; do i=$((i+1)); echo $i > /tmp/counter; sleep 1; done ) &
  counter=$!
}

# read_jump_back_entry: sets $entry from kexec_jump_back_entry= on the kernel command line
# (B was entered by a jump; kernel-parameters.txt of the patched kernel).
read_jump_back_entry() {
  entry=$(sed -n 's/.*kexec_jump_back_entry=\(0x[0-9a-fA-F]*\).*/\1/p' /proc/cmdline)
}
