using System;
using System.IO;
using System.Text;

namespace Bench.Initramfs
{
    /// <summary>
    /// Writes the "newc" cpio format the kernel unpacks into its initramfs
    /// (Documentation/driver-api/early-userspace/buffer-format.rst): a 110-byte ASCII header
    /// of 13 eight-digit hex fields, the NUL-terminated name, data, each padded to 4 bytes.
    /// </summary>
    public sealed class CpioWriter : IDisposable
    {
        private const uint ModeDir = 0x4000, ModeFile = 0x8000, ModeSymlink = 0xA000, ModeCharDev = 0x2000;
        private readonly Stream _out;
        private long _written;
        private uint _inode = 1;

        public CpioWriter(Stream output) { _out = output; }

        public void AddDirectory(string path, uint perm = 0x1ED /* 0755 */) => Entry(path, ModeDir | perm, Array.Empty<byte>(), 2, 0, 0);

        public void AddFile(string path, byte[] content, uint perm = 0x1A4 /* 0644 */) => Entry(path, ModeFile | perm, content, 1, 0, 0);

        public void AddSymlink(string path, string target) => Entry(path, ModeSymlink | 0x1FF, Encoding.UTF8.GetBytes(target), 1, 0, 0);

        public void AddCharDevice(string path, uint major, uint minor, uint perm = 0x180 /* 0600 */) =>
            Entry(path, ModeCharDev | perm, Array.Empty<byte>(), 1, major, minor);

        private void Entry(string path, uint mode, byte[] data, uint nlink, uint rdevMajor, uint rdevMinor)
        {
            string name = path.TrimStart('/');
            byte[] nameBytes = Encoding.UTF8.GetBytes(name + "\0");
            var header = new StringBuilder("070701");
            foreach (uint field in new uint[]
            {
                _inode++, mode, 0 /* uid */, 0 /* gid */, nlink, 0 /* mtime */, (uint)data.Length,
                0, 0 /* dev major/minor */, rdevMajor, rdevMinor, (uint)nameBytes.Length, 0 /* check */,
            })
            {
                header.Append(field.ToString("x8"));
            }
            Write(Encoding.ASCII.GetBytes(header.ToString()));
            Write(nameBytes);
            Pad();
            Write(data);
            Pad();
        }

        private void Write(byte[] bytes)
        {
            _out.Write(bytes, 0, bytes.Length);
            _written += bytes.Length;
        }

        private void Pad()
        {
            while (_written % 4 != 0) { _out.WriteByte(0); _written++; }
        }

        public void Dispose()
        {
            Entry("TRAILER!!!", 0, Array.Empty<byte>(), 1, 0, 0);
            _out.Flush();
        }
    }
}
