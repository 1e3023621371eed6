using System;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bench.Qemu
{
    /// <summary>
    /// A minimal client of the QEMU Machine Protocol (docs/interop/qmp-spec.rst): JSON
    /// objects, one per line, over the VM's UNIX socket. Events are skipped while waiting
    /// for a command's "return" or "error".
    /// </summary>
    public sealed class QmpClient : IDisposable
    {
        private readonly Socket _socket;
        private readonly StreamReader _reader;
        private readonly StreamWriter _writer;

        private QmpClient(Socket socket)
        {
            _socket = socket;
            var stream = new NetworkStream(socket, ownsSocket: false);
            _reader = new StreamReader(stream, Encoding.UTF8);
            _writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        }

        public static QmpClient Connect(string socketPath, TimeSpan timeout)
        {
            DateTime deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    s.Connect(new UnixDomainSocketEndPoint(socketPath));
                    var c = new QmpClient(s);
                    c.ReadMessage(); // greeting
                    c.Execute("qmp_capabilities");
                    return c;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    s.Dispose();
                    System.Threading.Thread.Sleep(100);
                }
            }
        }

        /// <summary>Runs a command and returns its "return" value; throws on an "error" reply.</summary>
        public JsonNode? Execute(string command, JsonObject? arguments = null, TimeSpan? timeout = null)
        {
            var msg = new JsonObject { ["execute"] = command };
            if (arguments != null) msg["arguments"] = arguments;
            _socket.ReceiveTimeout = (int)(timeout ?? TimeSpan.FromMinutes(5)).TotalMilliseconds;
            _writer.WriteLine(msg.ToJsonString());
            while (true)
            {
                JsonObject reply = ReadMessage();
                if (reply.ContainsKey("event")) continue;
                if (reply["error"] is JsonNode err)
                    throw new InvalidOperationException($"QMP {command} failed: {err["desc"]}");
                return reply["return"];
            }
        }

        /// <summary>Writes the guest's memory to a file: format "elf", "kdump-zlib", "kdump-lzo" or "kdump-snappy".</summary>
        public void DumpGuestMemory(string path, string format = "elf") =>
            Execute("dump-guest-memory", new JsonObject
            {
                ["paging"] = false,
                ["protocol"] = "file:" + path,
                ["format"] = format,
            }, TimeSpan.FromMinutes(10));

        private JsonObject ReadMessage()
        {
            string? line = _reader.ReadLine() ?? throw new IOException("QMP connection closed");
            return JsonNode.Parse(line) as JsonObject ?? throw new IOException("QMP sent a non-object: " + line);
        }

        public void Dispose()
        {
            _reader.Dispose();
            _writer.Dispose();
            _socket.Dispose();
        }
    }
}
