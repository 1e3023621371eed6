namespace MakeDumpFile.Writers.Kdump
{
    public sealed class KdumpWriteResult
    {
        public ulong ZeroPages { get; set; }
        public ulong PagesWritten { get; set; }
        public long BytesWritten { get; set; }
    }
}
