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
        private FileStream? _stream;
        private readonly byte[] _buffer = new byte[64 * 1024];
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
                while (ReadNew()) { }
                Thread.Sleep(5);
            }
            while (ReadNew()) { }
        }

        /// <summary>Reads what the console gained since the last call; false when there was nothing.</summary>
        private bool ReadNew()
        {
            // QEMU creates the console file when it starts; open it once, then read what it appends.
            if (_stream == null)
            {
                if (!File.Exists(_path)) return false;
                try { _stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete); }
                catch (IOException) { return false; }
            }
            int n = _stream.Read(_buffer, 0, _buffer.Length);
            if (n <= 0) return false;
            TimeSpan now = _clock.Elapsed;
            _partial.Append(Encoding.UTF8.GetString(_buffer, 0, n));
            string text = _partial.ToString();
            int end = text.LastIndexOf('\n');
            if (end < 0) return true;
            _partial.Clear().Append(text, end + 1, text.Length - end - 1);
            foreach (string raw in text.Substring(0, end).Split('\n'))
            {
                int at = raw.IndexOf(Prefix, StringComparison.Ordinal);
                if (at < 0) continue;
                _times.TryAdd(raw.Substring(at + Prefix.Length).Trim(), now);
            }
            return true;
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
            _stream?.Dispose();
        }
    }
}
