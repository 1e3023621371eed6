using System.Collections.Generic;
using Iced.Intel;
using Kexec.Model;
using Kexec.Purgatory;

namespace Kexec.Tests.Support
{
    internal static class Disassembly
    {
        /// <summary>Decodes a purgatory segment's code from its first instruction (after the data block) to the end.</summary>
        public static List<Instruction> Decode64(Segment purgatory, ulong codeStart) => Decode(purgatory.Buffer, purgatory.Destination, codeStart, 64);

        public static List<Instruction> Decode(byte[] bytes, ulong baseAddress, ulong codeStart, int bitness)
        {
            int offset = (int)(codeStart - baseAddress);
            var reader = new ByteArrayCodeReader(bytes, offset, bytes.Length - offset);
            var decoder = Decoder.Create(bitness, reader, codeStart);
            var list = new List<Instruction>();
            while (reader.CanReadByte)
            {
                decoder.Decode(out var i);
                list.Add(i);
            }
            return list;
        }

        public static List<Instruction> Decode(PurgatoryBlob blob) => Decode(blob.Bytes, blob.Base, blob.Base + (ulong)blob.CodeOffset, blob.Bitness);
    }
}
