using System;
using System.Buffers.Binary;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Iced.Intel;
using Kexec.Purgatory;
using Kexec.Tests.Support;
using Xunit;
using static Iced.Intel.AssemblerRegisters;

namespace Kexec.Tests.Purgatory
{
    /// <summary>
    /// Runs the generated purgatory natively from its entry, on a stack laid out the way each
    /// kernel's relocate_kernel (arch/x86/kernel/relocate_kernel_64.S) leaves it, up to the
    /// point where it would load its GDT (privileged, so the test stops it there). It must
    /// record the old kernel's resume point for a jump in both kjump conventions:
    ///  - 6.12 (and every kernel since 2009 until 6.13): the stack at the end of the swap page,
    ///    "call *%rdx" pushes the resume point at 0(%rsp), nothing above it;
    ///  - 6.14 on (commit 2cacf7f23a02): the kernel pushes the callee's entry first, so 0(%rsp)
    ///    is the resume point and 8(%rsp) the callee's entry (the next entry after a plain ret);
    /// and record 0 for a plain kexec without reading the stack: 6.12 and kernels with commit
    /// 786a45757dcd leave a 0 at 0(%rsp), kernels between 6.14 and that commit nothing at all
    /// (the test's stack there ends at the page end, and the page above holds poison).
    /// </summary>
    public class KjumpConventionTests
    {
        public enum Convention { Kjump612, Kjump614, Plain612, PlainBefore786a45757dcd }

        private const int PurgatoryArea = 64 * 1024;
        private const int CmdlineOffset = PurgatoryArea;
        private const int HarnessOffset = CmdlineOffset + 4096;
        private const int SlotOffset = HarnessOffset + 2048;
        private const int StackPageOffset = HarnessOffset + 4096;
        private const int AbovePageOffset = StackPageOffset + 4096;
        private const int HashedOffset = AbovePageOffset + 4096;
        private const int Total = HashedOffset + 4096;
        private const ulong ResumePoint = 0x1234567f1UL;
        private const ulong Poison = 0xdeadbeefdeadbeefUL;
        private const string Cmdline = "console=ttyS0 elfcorehdr=1024K\0";

        [Theory]
        [InlineData(Convention.Kjump612)]
        [InlineData(Convention.Kjump614)]
        [InlineData(Convention.Plain612)]
        [InlineData(Convention.PlainBefore786a45757dcd)]
        public void PurgatoryRecordsTheResumePointInEitherConvention(Convention convention)
        {
            bool jump = convention == Convention.Kjump612 || convention == Convention.Kjump614;
            using var mem = new ExecutableMemory(Total);
            byte[] cmdline = Encoding.ASCII.GetBytes(Cmdline);
            mem.Write(CmdlineOffset, cmdline);
            var hashed = new byte[4096];
            new Random(7).NextBytes(hashed);
            mem.Write(HashedOffset, hashed);

            var request = new PurgatoryRequest
            {
                Mode = PurgatoryMode.Long64,
                KernelEntry = 0x1000200,
                BootParams = 0x2000000,
                PreserveContext = jump,
                CommandLineEnd = jump ? mem.Base + CmdlineOffset + (ulong)cmdline.Length - 1 : 0,
            };
            request.Regions.Add(new HashedRegion(mem.Base + HashedOffset, (ulong)hashed.Length, SHA256.HashData(hashed)));
            var blob = PurgatoryBuilder.Build(request, mem.Base);
            Assert.True(blob.MemorySize <= PurgatoryArea);
            byte[] image = (byte[])blob.Bytes.Clone();

            // The stack relocate_kernel hands over, and poison in the page above it.
            ulong stackTop = mem.Base + AbovePageOffset;
            var above = new byte[4096];
            for (int i = 0; i < above.Length; i += 8) BinaryPrimitives.WriteUInt64LittleEndian(above.AsSpan(i), Poison);
            mem.Write(AbovePageOffset, above);
            ulong kernelRsp = convention switch
            {
                Convention.Kjump612 => Push(mem, stackTop, ResumePoint),
                Convention.Kjump614 => Push(mem, Push(mem, stackTop, blob.Entry), ResumePoint),
                Convention.Plain612 => Push(mem, stackTop, 0),
                _ => stackTop,
            };

            // Stop at the purgatory's lgdt: jump back into the harness instead.
            ulong back = WriteHarness(mem, kernelRsp, blob.Entry);
            var code = Disassembly.Decode(blob);
            int lgdt = (int)(code.First(i => i.Mnemonic == Mnemonic.Lgdt).IP - blob.Base);
            byte[] exit = Assemble(a => { a.mov(rax, back); a.jmp(rax); }, blob.Base + (ulong)lgdt);
            exit.CopyTo(image, lgdt);
            mem.Write(0, image);

            mem.Call(mem.Base + HarnessOffset);

            ulong recorded = BinaryPrimitives.ReadUInt64LittleEndian(mem.Read(PurgatoryLayout.JumpBackEntry, 8));
            byte[] after = mem.Read(CmdlineOffset, 200);
            string text = Encoding.ASCII.GetString(after, 0, Array.IndexOf(after, (byte)0));
            if (jump)
            {
                Assert.Equal(ResumePoint, recorded);
                Assert.Equal("console=ttyS0 elfcorehdr=1024K kexec_jump_back_entry=0x00000001234567f1", text);
            }
            else
            {
                Assert.Equal(0UL, recorded);
                Assert.Equal(Cmdline.TrimEnd('\0'), text);
            }
        }

        [Fact]
        public void OnlyAJumpImageReadsTheStackItWasEnteredWith()
        {
            foreach (bool jump in new[] { true, false })
            {
                var request = new PurgatoryRequest { Mode = PurgatoryMode.Long64, KernelEntry = 0x1000200, BootParams = 0x2000000, PreserveContext = jump };
                var blob = PurgatoryBuilder.Build(request, 0x1ff00000);
                var code = Disassembly.Decode(blob);
                var beforeOwnStack = code.TakeWhile(i => !(i.Code == Code.Mov_r64_imm64 && i.Op0Register == Register.RSP)).ToList();
                bool readsStack = beforeOwnStack.Any(i => i.MemoryBase == Register.RSP);
                Assert.Equal(jump, readsStack);
            }
        }

        private static ulong Push(ExecutableMemory mem, ulong top, ulong value)
        {
            top -= 8;
            var b = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(b, value);
            mem.Write((int)(top - mem.Base), b);
            return top;
        }

        /// <summary>
        /// A C-callable harness: saves the callee-saved registers and %rsp, switches to the
        /// kernel-like stack and jumps to the purgatory's entry as relocate_kernel's call would
        /// (the return address is already on that stack); returns the address the purgatory's
        /// patched lgdt jumps to, which restores the host stack and returns.
        /// </summary>
        private static ulong WriteHarness(ExecutableMemory mem, ulong kernelRsp, ulong entry)
        {
            ulong harness = mem.Base + HarnessOffset;
            ulong slot = mem.Base + SlotOffset;
            Label backLabel = default;
            ulong back = 0;
            byte[] bytes = Assemble(a =>
            {
                backLabel = a.CreateLabel();
                foreach (var r in new[] { rbx, rbp, r12, r13, r14, r15 }) a.push(r);
                a.mov(rax, slot);
                a.mov(__qword_ptr[rax], rsp);
                a.mov(rsp, kernelRsp);
                a.mov(rax, entry);
                a.jmp(rax);
                a.Label(ref backLabel);
                a.mov(rax, slot);
                a.mov(rsp, __qword_ptr[rax]);
                foreach (var r in new[] { r15, r14, r13, r12, rbp, rbx }) a.pop(r);
                a.xor(eax, eax);
                a.ret();
            }, harness, l => back = l(backLabel));
            mem.Write(HarnessOffset, bytes);
            return back;
        }

        private static byte[] Assemble(Action<Assembler> emit, ulong address, Action<Func<Label, ulong>>? labels = null)
        {
            var a = new Assembler(64);
            emit(a);
            var writer = new BytesWriter();
            var result = a.Assemble(writer, address, BlockEncoderOptions.ReturnNewInstructionOffsets);
            labels?.Invoke(l => result.GetLabelRIP(l));
            return writer.Bytes.ToArray();
        }

        private sealed class BytesWriter : CodeWriter
        {
            public readonly System.Collections.Generic.List<byte> Bytes = new System.Collections.Generic.List<byte>();

            public override void WriteByte(byte value) => Bytes.Add(value);
        }
    }
}
