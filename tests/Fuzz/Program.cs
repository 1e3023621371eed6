using System;
using System.IO;
using System.Linq;
using SharpFuzz;

namespace Fuzz
{
    /// <summary>
    /// fuzz HARNESS           : run under afl-fuzz (SharpFuzz's out-of-process loop, input on stdin)
    /// fuzz HARNESS FILE...   : run the harness once per file and say which ones crash (replay)
    /// fuzz --list            : the harness names, one a line
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            if (args.Length == 1 && args[0] == "--list")
            {
                foreach (IHarness h in HarnessTable.All) Console.WriteLine(h.Name);
                return 0;
            }
            IHarness? harness = args.Length > 0 ? HarnessTable.All.FirstOrDefault(h => h.Name == args[0]) : null;
            if (harness == null)
            {
                Console.Error.WriteLine("usage: fuzz HARNESS [FILE...] | fuzz --list (harnesses: " +
                                        string.Join(", ", HarnessTable.All.Select(h => h.Name)) + ")");
                return 2;
            }
            using var scratch = new Scratch();
            if (args.Length == 1)
            {
                Fuzzer.OutOfProcess.Run(stream => harness.Run(ReadAll(stream), scratch));
                return 0;
            }
            int crashed = 0;
            foreach (string file in args.Skip(1))
            {
                try
                {
                    harness.Run(File.ReadAllBytes(file), scratch);
                    Console.WriteLine($"ok    {file}");
                }
                catch (Exception e)
                {
                    crashed++;
                    Console.WriteLine($"CRASH {file}: {e.GetType().FullName}: {e.Message}");
                    Console.WriteLine(e.StackTrace);
                }
            }
            return crashed == 0 ? 0 : 1;
        }

        private static byte[] ReadAll(Stream stream)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
