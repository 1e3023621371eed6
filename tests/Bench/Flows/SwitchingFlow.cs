using System;
using System.Collections.Generic;
using System.Linq;
using Bench.Qemu;

namespace Bench.Flows
{
    /// <summary>
    /// Repeated switching (issue 5, flow 4): A and B jump back and forth; B boots on the first
    /// jump only. Each switch is timed on the host from the console marks the two kernels
    /// print just before they jump and just after they are entered.
    /// </summary>
    public static class SwitchingFlow
    {
        public sealed record Result(ConsoleLog Log, int Rounds, IReadOnlyList<TimeSpan> AToB, IReadOnlyList<TimeSpan> BToA, TimeSpan FirstJumpWithBoot)
        {
            /// <summary>Every switch after B's first boot, both directions.</summary>
            public IEnumerable<TimeSpan> Switches => AToB.Skip(1).Concat(BToA);
        }

        /// <param name="layout">The guest architecture's layout; null: x86_64.</param>
        public static Result Run(int rounds = 10, Action<string>? log = null, JumpLayout? layout = null)
        {
            layout ??= JumpLayout.X86_64;
            string bScript = $@"
mark b-arrive-1
{JumpLayout.ReadEntry}
step b-helper kexec --load-jump-back-helper=""$entry""
n=1
while :; do
  mark b-leave-$n
  kexec -e || exit 1
  n=$((n+1))
  mark b-arrive-$n
done
";
            ConsoleLog result = Guest.Run(layout.GuestA("switching", TimeSpan.FromMinutes(8), $@"
start_counter
step a-load {layout.LoadB("switching")}
i=0
while [ $i -lt {rounds} ]; do
  i=$((i+1))
  mark a-leave-$i
  kexec -e || exit 1
  mark a-back-$i
done
step a-alive kill -0 $counter
",
            layout.PackB(bScript)), log);
            var times = result.MarkTimes;
            TimeSpan Between(string from, string to) =>
                times.TryGetValue(from, out var f) && times.TryGetValue(to, out var t)
                    ? t - f
                    : throw new BenchException($"the switching flow never printed marks {from} and {to}. Console tail:\n{result.Tail(40)}");
            var aToB = new List<TimeSpan>();
            var bToA = new List<TimeSpan>();
            for (int i = 1; i <= rounds; i++)
            {
                aToB.Add(Between($"a-leave-{i}", $"b-arrive-{i}"));
                bToA.Add(Between($"b-leave-{i}", $"a-back-{i}"));
            }
            return new Result(result, rounds, aToB, bToA, aToB[0]);
        }
    }
}
