using System;
using System.Buffers;
using System.IO;
using System.IO.MemoryMappedFiles;

namespace Common.Elf
{
    /// <summary>
    /// A section's bytes mapped read-only from its file instead of copied into the heap: a
    /// vmlinux's .debug_info is 170 MiB and more, and mapped pages are file cache the kernel can
    /// drop under memory pressure (a kdump kernel has little memory), where a copy is not.
    /// The range is checked against the file's length before it is mapped.
    /// </summary>
    public sealed unsafe class MappedSection : MemoryManager<byte>
    {
        private readonly MemoryMappedFile _map;
        private readonly MemoryMappedViewAccessor _view;
        private readonly byte* _pointer;
        private readonly int _length;
        private bool _released;

        public MappedSection(string path, long offset, int length)
        {
            _map = MemoryMappedFile.CreateFromFile(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read), null, 0,
                MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            try
            {
                _view = _map.CreateViewAccessor(offset, length, MemoryMappedFileAccess.Read);
                byte* p = null;
                _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
                _pointer = p + _view.PointerOffset;
                _length = length;
            }
            catch
            {
                _map.Dispose();
                throw;
            }
        }

        public override Span<byte> GetSpan() => new Span<byte>(_pointer, _length);

        public override MemoryHandle Pin(int elementIndex = 0) => new MemoryHandle(_pointer + elementIndex);

        public override void Unpin() { }

        protected override void Dispose(bool disposing)
        {
            if (_released) return;
            _released = true;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _map.Dispose();
        }
    }
}
