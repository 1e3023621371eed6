using System;
using Common.DumpFormats;

namespace MakeDumpFile.Filtering
{
    /// <summary>
    /// What makedumpfile 1.7.2 answers when -E asks whether a page frame is to be written, in the
    /// mode it uses whenever the whole bitmap fits in memory ("There is enough free memory to be
    /// done in one cycle"): the second bitmap lies in a temporary file and is_dumpable_file()
    /// (makedumpfile.h) reads it one BUFSIZE_BITMAP block (4096 bytes, 32768 frames) at a time into
    /// a buffer it keeps. The file ends after the block holding frame max_mapnr - 1: its length is
    /// ceil(max_mapnr / 8) rounded up to the page size (prepare_bitmap2_buffer()'s len_bitmap / 2).
    /// A frame past that end (firmware or device memory above max_mapnr, such as the BIOS ROM at
    /// 0xfffc0000 of a QEMU guest) makes read() return nothing, and the buffer still holds the last
    /// block read: the answer is the bit at the same place in that block, the bit of frame
    /// (last block * 32768 + pfn % 32768). Frames in [max_mapnr, end of the file) read as zero
    /// (the first bitmap sets bits only below max_mapnr, create_1st_bitmap_file()).
    /// Calls must come in the order makedumpfile makes them: the answer depends on the block read
    /// before.
    /// </summary>
    internal sealed class BitmapFileReader
    {
        /// <summary>BUFSIZE_BITMAP (makedumpfile.h).</summary>
        public const int BlockBytes = 4096;
        /// <summary>PFN_BUFBITMAP: frames per block.</summary>
        public const ulong BlockFrames = BlockBytes * 8UL;

        private readonly PfnBitmap _keep;
        private readonly ulong _maxMapNr;
        private readonly ulong _fileBytes;
        private readonly byte[] _buffer = new byte[BlockBytes];
        // bitmap->no_block: the block last asked for, whether or not its read returned data.
        private ulong _blockAsked = ulong.MaxValue;

        public BitmapFileReader(PfnBitmap keep, ulong maxMapNr, int pageSize)
        {
            if (pageSize <= 0) throw new ArgumentOutOfRangeException(nameof(pageSize));
            _keep = keep;
            _maxMapNr = maxMapNr;
            ulong bytes = (maxMapNr + 7) / 8;
            _fileBytes = (bytes + (ulong)pageSize - 1) / (ulong)pageSize * (ulong)pageSize;
        }

        /// <summary>The block whose bits the buffer holds (none before the first read).</summary>
        public ulong? BufferedBlock { get; private set; }

        /// <summary>is_dumpable_file(): reads the frame's block unless it was the last one asked for (frame 0 always reads).</summary>
        public bool IsDumpable(ulong pfn)
        {
            Visit(pfn);
            ulong bit = pfn % BlockFrames;
            return (_buffer[bit >> 3] & (1 << (int)(bit & 7))) != 0;
        }

        /// <summary>The buffer as a visit of <paramref name="pfn"/> leaves it, without the answer.</summary>
        public void Visit(ulong pfn)
        {
            ulong block = pfn / BlockFrames;
            if (pfn != 0 && block == _blockAsked) return;
            _blockAsked = block;
            Read(block);
        }

        private void Read(ulong block)
        {
            // Past the end read() returns 0 bytes and the buffer is left as it was.
            if (block >= (_fileBytes + BlockBytes - 1) / BlockBytes) return;
            ulong from = block * (ulong)BlockBytes;
            // A block cut by the end of the file overwrites only the bytes read (not on x86, whose
            // page size is a multiple of the block).
            int n = (int)Math.Min((ulong)BlockBytes, _fileBytes - from);
            Array.Clear(_buffer, 0, n);
            ulong first = block * BlockFrames;
            ulong end = Math.Min(first + (ulong)n * 8, _maxMapNr);
            for (ulong p = _keep.NextSet(first); p < end; p = _keep.NextSet(p + 1))
            {
                ulong bit = p - first;
                _buffer[bit >> 3] |= (byte)(1 << (int)(bit & 7));
            }
            BufferedBlock = block;
        }
    }
}
