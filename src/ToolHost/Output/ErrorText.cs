using System;
using System.IO;

namespace ToolHost.Output
{
    /// <summary>
    /// Turns the runtime's I/O exceptions into the words a C tool prints (strerror), never the
    /// runtime's own sentences ("Could not find a part of the path ..."): "PATH: No such file or directory".
    /// </summary>
    public static class ErrorText
    {
        public static string Describe(Exception e)
        {
            if (!IsRuntimeSentence(e)) return e.Message;
            string? path = QuotedPath(e.Message);
            string reason = Reason(e);
            return path != null ? $"{path}: {reason}" : reason;
        }

        /// <summary>Only the strerror-like part, for callers that name the file themselves.</summary>
        public static string Reason(Exception e)
        {
            string m = e.Message;
            switch (e)
            {
                case FileNotFoundException _ when m.StartsWith("Could not find", StringComparison.Ordinal):
                case DirectoryNotFoundException _ when m.StartsWith("Could not find", StringComparison.Ordinal):
                    return "No such file or directory";
                case UnauthorizedAccessException _ when m.StartsWith("Access to the path", StringComparison.Ordinal):
                    return "Permission denied";
                case PathTooLongException _:
                    return "File name too long";
                case IOException _:
                    // On Linux the runtime's message is "strerror text : 'path'".
                    int cut = m.IndexOf(" : '", StringComparison.Ordinal);
                    return cut > 0 ? m.Substring(0, cut) : m;
                default:
                    return m;
            }
        }

        /// <summary>Whether the message is the runtime's own sentence about a path (then Describe rewrites it).</summary>
        private static bool IsRuntimeSentence(Exception e) =>
            e.Message.StartsWith("Could not find", StringComparison.Ordinal) || e.Message.StartsWith("Access to the path", StringComparison.Ordinal) ||
            e is IOException && e.Message.IndexOf(" : '", StringComparison.Ordinal) > 0;

        private static string? QuotedPath(string message)
        {
            int end = message.LastIndexOf('\'');
            if (end <= 0) return null;
            int start = message.LastIndexOf('\'', end - 1);
            if (start < 0) return null;
            string p = message.Substring(start + 1, end - start - 1);
            return p.StartsWith("/", StringComparison.Ordinal) || p.StartsWith(".", StringComparison.Ordinal) ? p : null;
        }
    }
}
