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
