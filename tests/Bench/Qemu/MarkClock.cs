using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;

namespace Bench.Qemu
{
    /// <summary>
    /// Records when each "@@BENCH:MARK name" line first appears on a guest's serial console,
    /// seen from the host. The guests' own clocks cannot time a switch between two kernels
    /// (each kernel's clock stops while the other runs), so the host's clock does: the console
    /// file is polled every few milliseconds while the VM runs.
    /// </summary>
    public sealed class MarkClock : IDisposable
    {
        private const string Prefix = "@@BENCH:MARK ";
        private readonly string _path;
        private readonly Stopwatch _clock;
        private readonly ConcurrentDictionary<string, TimeSpan> _times = new();
        private readonly Thread _thread;
        private volatile bool _stop;
        private long _offset;
        private readonly StringBuilder _partial = new();

        public MarkClock(string consolePath, Stopwatch clock)
        {
            _path = consolePath;
            _clock = clock;
            _thread = new Thread(Poll) { IsBackground = true, Name = "mark-clock" };
            _thread.Start();
        }

        /// <summary>Host time since QEMU started at which each mark was first seen.</summary>
        public IReadOnlyDictionary<string, TimeSpan> Times => new Dictionary<string, TimeSpan>(_times);

        private void Poll()
        {
            while (!_stop)
            {
                ReadNew();
                Thread.Sleep(5);
            }
            ReadNew();
        }

        private void ReadNew()
        {
            if (!File.Exists(_path)) return;
            try
            {
                using var fs = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                if (fs.Length <= _offset) return;
                fs.Position = _offset;
                var buffer = new byte[fs.Length - _offset];
                int n = fs.Read(buffer, 0, buffer.Length);
                _offset += n;
                TimeSpan now = _clock.Elapsed;
                _partial.Append(Encoding.UTF8.GetString(buffer, 0, n));
                string text = _partial.ToString();
                int end = text.LastIndexOf('\n');
                if (end < 0) return;
                _partial.Clear().Append(text, end + 1, text.Length - end - 1);
                foreach (string raw in text.Substring(0, end).Split('\n'))
                {
                    int at = raw.IndexOf(Prefix, StringComparison.Ordinal);
                    if (at < 0) continue;
                    string name = raw.Substring(at + Prefix.Length).Trim();
                    _times.TryAdd(name, now);
                }
            }
            catch (IOException)
            {
                // The file is being written; try again on the next poll.
            }
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }
    }
}
