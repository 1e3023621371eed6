namespace MakeDumpFile.Writers.Kdump
{
    public sealed class KdumpWriteResult
    {
        public ulong ZeroPages { get; set; }
        public ulong PagesWritten { get; set; }
        public long BytesWritten { get; set; }
        /// <summary>The offset just past the last page's data.</summary>
        public long DataEnd { get; set; }
    }
}
