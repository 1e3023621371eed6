using System;
using System.IO;

namespace ToolHost
{
    /// <summary>
    /// The standard streams a tool runs on: the console for the real program, strings and files in
    /// tests, which run every tool in-process through its Program.Run(args, io).
    /// </summary>
    public sealed class ToolIO
    {
        private readonly Func<Stream> _stdin;
        private readonly Func<Stream> _stdout;

        public ToolIO(TextWriter stdout, TextWriter stderr, Func<Stream>? stdin = null, Func<Stream>? binaryStdout = null, bool stderrIsTerminal = false)
        {
            Out = stdout;
            Err = stderr;
            _stdin = stdin ?? (() => Stream.Null);
            _stdout = binaryStdout ?? (() => new TextWriterStream(stdout));
            ErrIsTerminal = stderrIsTerminal;
        }

        /// <summary>The process's own streams.</summary>
        public static ToolIO FromConsole() =>
            new ToolIO(Console.Out, Console.Error, Console.OpenStandardInput, Console.OpenStandardOutput, !Console.IsErrorRedirected);

        public TextWriter Out { get; }
        public TextWriter Err { get; }
        /// <summary>Whether progress lines may be drawn (makedumpfile draws them only on a terminal).</summary>
        public bool ErrIsTerminal { get; }

        /// <summary>Standard input as bytes (makedumpfile -R, krestore -R).</summary>
        public Stream OpenStdin() => _stdin();

        /// <summary>Standard output as bytes (makedumpfile -F).</summary>
        public Stream OpenStdout() => _stdout();

        /// <summary>Bytes written to a text-only stdout: refused, since they would be garbled by an encoding.</summary>
        private sealed class TextWriterStream : Stream
        {
            private readonly TextWriter _w;
            public TextWriterStream(TextWriter w) { _w = w; }
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() => _w.Flush();
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) =>
                throw new IOException("standard output of this run takes text only; give the test a binary stdout");
        }
    }
}
