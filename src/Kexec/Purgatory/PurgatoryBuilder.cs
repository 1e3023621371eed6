using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;
using L = Kexec.Purgatory.PurgatoryLayout;

namespace Kexec.Purgatory
{
    /// <summary>
    /// Generates the purgatory: the code the kernel's relocate_kernel jumps to after copying the
    /// segments into place (arch/x86/kernel/relocate_kernel_64.S / _32.S). It
    ///  1. for a preserve-context image, records the word on top of the stack: the return
    ///     address into the old kernel ("call *%rdx" in relocate_kernel), the same in 6.12's and
    ///     in 6.14's kjump convention (PurgatoryRequest.PreserveContext); 0 for any other image;
    ///  2. checks the SHA-256 of every other segment and stops (cli; hlt forever) on a mismatch;
    ///  3. for a jump-back image, appends " kexec_jump_back_entry=0x..." to the command line;
    ///  4. loads a GDT with __BOOT_CS/__BOOT_DS, sets segments and registers per
    ///     Documentation/arch/x86/boot.rst and jumps to the kernel with rSI = boot_params.
    /// Layout of the segment: data block (PurgatoryLayout) page | [32-bit tail] | code | stack page.
    /// The code is written once for x86_64 and i386; what differs between them is PurgatoryArch.
    /// </summary>
    internal static class PurgatoryBuilder
    {
        public const ulong PageSize = 4096;

        // Flat 4 GiB descriptors (Intel SDM vol. 3, 3.4.5): 64-bit code (L=1), 32-bit code, data.
        private const ulong Code64Descriptor = 0x00af9a000000ffff;
        private const ulong Code32Descriptor = 0x00cf9a000000ffff;
        private const ulong DataDescriptor = 0x00cf92000000ffff;

        private const uint MsrEfer = 0xc0000080;
        private const uint EferLme = 1 << 8;
        private const uint Cr0Pg = 0x80000000;
        private const uint Cr4Pae = 1 << 5;

        /// <summary>Bytes the segment needs (code, data and stack) for a request, independent of where it goes.</summary>
        public static ulong MemorySizeFor(PurgatoryRequest request) => Build(request, 0x100000).MemorySize;

        public static PurgatoryBlob Build(PurgatoryRequest request, ulong baseAddress)
        {
            if (request.Regions.Count > L.MaxRegions)
                throw new KexecException($"too many segments to verify ({request.Regions.Count}, at most {L.MaxRegions})");
            if (baseAddress % PageSize != 0)
                throw new ArgumentException("purgatory base must be page aligned");
            if (request.Mode != PurgatoryMode.Long64 &&
                (baseAddress + (1 << 20) > 0x100000000UL || request.KernelEntry > uint.MaxValue || request.BootParams > uint.MaxValue))
                throw new KexecException("a 32-bit entry needs the purgatory, boot_params and kernel below 4 GiB");

            // Code starts on its own page: the routines write the data block constantly, and a
            // write to a page holding code makes QEMU's TCG throw away its translations (measured:
            // ~40 KB/s of hashing with both on one page).
            int dataSize = Align(L.Size, (int)PageSize);
            // Pass 1 sizes the code, pass 2 places it; the instruction forms used do not depend on addresses.
            byte[] tail32 = new byte[0];
            ulong tail32Address = baseAddress + (ulong)dataSize;
            if (request.Mode == PurgatoryMode.Long64To32)
                tail32 = AssembleEnter32(request, tail32Address);
            ulong codeAddress = baseAddress + (ulong)Align(dataSize + tail32.Length, 16);

            CodeResult code = AssembleMain(request, baseAddress, codeAddress, tail32Address, 0, 0);
            ulong stackTop = baseAddress + Align(codeAddress - baseAddress + (ulong)code.Bytes.Length, PageSize) + PageSize;
            code = AssembleMain(request, baseAddress, codeAddress, tail32Address, stackTop, code.Reload);

            var image = new byte[(int)(codeAddress - baseAddress) + code.Bytes.Length];
            WriteData(image, request, baseAddress);
            tail32.CopyTo(image, dataSize);
            code.Bytes.CopyTo(image, (int)(codeAddress - baseAddress));
            return new PurgatoryBlob(image, baseAddress, stackTop - baseAddress, code.Entry, code.VerifyAll, code.WriteJumpBackEntry, code.Compress,
                PurgatoryArch.For(request.Mode).Bitness, (int)(codeAddress - baseAddress));
        }

        private static int Align(int v, int a) => (v + a - 1) / a * a;

        private static ulong Align(ulong v, ulong a) => (v + a - 1) / a * a;

        private static void WriteData(byte[] image, PurgatoryRequest request, ulong baseAddress)
        {
            Span<byte> d = image;
            for (int i = 0; i < 64; i++)
                BinaryPrimitives.WriteUInt32LittleEndian(d.Slice(L.RoundConstants + 4 * i), Sha256Constants.RoundConstants[i]);
            for (int i = 0; i < 8; i++)
                BinaryPrimitives.WriteUInt32LittleEndian(d.Slice(L.InitialHash + 4 * i), Sha256Constants.InitialHash[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(d.Slice(L.Count), (uint)request.Regions.Count);
            ulong codeDescriptor = request.Mode == PurgatoryMode.Long64 ? Code64Descriptor : Code32Descriptor;
            BinaryPrimitives.WriteUInt64LittleEndian(d.Slice(L.Gdt + L.BootCs), codeDescriptor);
            BinaryPrimitives.WriteUInt64LittleEndian(d.Slice(L.Gdt + L.BootDs), DataDescriptor);
            BinaryPrimitives.WriteUInt16LittleEndian(d.Slice(L.GdtPointer), 4 * 8 - 1);
            BinaryPrimitives.WriteUInt64LittleEndian(d.Slice(L.GdtPointer + 2), baseAddress + L.Gdt);
            Encoding.ASCII.GetBytes(L.JumpBackParameter).CopyTo(d.Slice(L.JumpBackText));
            for (int i = 0; i < request.Regions.Count; i++)
            {
                var r = request.Regions[i];
                if (r.Digest.Length != 32) throw new ArgumentException("SHA-256 digest must be 32 bytes");
                Span<byte> e = d.Slice(L.Regions + i * L.RegionSize, L.RegionSize);
                BinaryPrimitives.WriteUInt64LittleEndian(e, r.Start);
                BinaryPrimitives.WriteUInt64LittleEndian(e.Slice(8), r.Length);
                // The digest is kept as the eight numeric H words so the code compares dwords directly.
                for (int w = 0; w < 8; w++)
                    BinaryPrimitives.WriteUInt32LittleEndian(e.Slice(16 + 4 * w), BinaryPrimitives.ReadUInt32BigEndian(r.Digest.AsSpan(4 * w)));
            }
        }

        private struct CodeResult
        {
            public byte[] Bytes;
            public ulong Entry;
            public ulong VerifyAll;
            public ulong WriteJumpBackEntry;
            public ulong Compress;
            public ulong Reload;
        }

        private static CodeResult AssembleMain(PurgatoryRequest request, ulong baseAddress, ulong codeAddress, ulong tail32Address, ulong stackTop, ulong reloadAddress)
        {
            var x = PurgatoryArch.For(request.Mode);
            var a = new Assembler(x.Bitness);
            var sha = new Sha256Emitter(a, x);
            Label entry = a.CreateLabel("entry"), hang = a.CreateLabel("hang"), verifyAll = a.CreateLabel("verify_all"),
                writeEntry = a.CreateLabel("write_jump_back_entry"), reload = a.CreateLabel();

            a.Label(ref entry);
            EmitRecordAndVerify(a, x, request, baseAddress, stackTop, verifyAll, writeEntry, hang);
            EmitHandOver(a, x, request, tail32Address, reloadAddress, ref reload);
            EmitHang(a, ref hang);
            EmitVerifyAll(a, x, ref verifyAll, sha, baseAddress);
            EmitWriteJumpBackEntry(a, x, ref writeEntry, baseAddress, request.CommandLineEnd);
            sha.EmitAll();

            var writer = new MemoryCodeWriter();
            var result = a.Assemble(writer, codeAddress, BlockEncoderOptions.ReturnNewInstructionOffsets);
            return new CodeResult
            {
                Bytes = writer.ToArray(),
                Entry = result.GetLabelRIP(entry),
                VerifyAll = result.GetLabelRIP(verifyAll),
                WriteJumpBackEntry = result.GetLabelRIP(writeEntry),
                Compress = result.GetLabelRIP(sha.Compress),
                Reload = result.GetLabelRIP(reload),
            };
        }

        /// <summary>
        /// Steps 1-3: record the old kernel's resume point, switch to our stack, verify every
        /// segment (a mismatch goes to <paramref name="hang"/>) and, for a jump-back image with a
        /// recorded resume point, append it to the command line.
        /// </summary>
        private static void EmitRecordAndVerify(Assembler a, PurgatoryArch x, PurgatoryRequest request, ulong baseAddress, ulong stackTop,
                                                Label verifyAll, Label writeEntry, Label hang)
        {
            // A jump image records the old kernel's resume point, the word on top of the stack
            // in either kjump convention (PurgatoryRequest.PreserveContext); any other image
            // records 0 without touching the stack it was entered with.
            if (request.PreserveContext) x.Mov(a, x.Ax, x.Word[x.At(x.Sp)]);
            else a.xor(eax, eax);
            x.Mov(a, x.Bp, baseAddress);
            x.StoreQword(a, x.Ctx(L.JumpBackEntry), x.Ax);
            x.Mov(a, x.Sp, stackTop);
            a.cld();
            a.call(verifyAll);
            a.test(eax, eax);
            a.jnz(hang);
            if (request.CommandLineEnd == 0) return;
            Label skipEntry = a.CreateLabel();
            a.cmp(x.Word[x.Ctx(L.JumpBackEntry)], 0);
            a.je(skipEntry);
            a.call(writeEntry);
            a.Label(ref skipEntry);
        }

        /// <summary>
        /// Step 4: the new GDT, CS reloaded with a far jump, then the boot protocol's entry for the
        /// mode. Long64To32 continues in the 32-bit tail; the others at <paramref name="reload"/>.
        /// </summary>
        private static void EmitHandOver(Assembler a, PurgatoryArch x, PurgatoryRequest request, ulong tail32Address, ulong reloadAddress, ref Label reload)
        {
            a.lgdt(__[x.Ctx(L.GdtPointer)]);
            if (request.Mode == PurgatoryMode.Long64To32) x.FarJumpToBootCs(a, null, tail32Address);
            else x.FarJumpToBootCs(a, reload, reloadAddress);

            a.Label(ref reload);
            switch (request.Mode)
            {
                case PurgatoryMode.Long64:
                    EmitEnter64Body(a, request);
                    break;
                case PurgatoryMode.Protected32:
                    EmitEnter32Body(a, request);
                    break;
                default:
                    // Long64To32: the far return above already went to the 32-bit tail; nothing falls through here.
                    a.ud2();
                    break;
            }
        }

        /// <summary>boot.rst 64-bit protocol: flat __BOOT_DS in every data segment, rSI = boot_params, the other registers 0.</summary>
        private static void EmitEnter64Body(Assembler a, PurgatoryRequest request)
        {
            EmitLoadBootDataSegments(a);
            a.mov(rsi, request.BootParams);
            a.mov(rax, request.KernelEntry);
            foreach (var r in new[] { ebx, ecx, edx, edi, ebp, r8d, r9d, r10d, r11d, r12d, r13d, r14d, r15d })
                a.xor(r, r);
            a.jmp(rax);
        }

        /// <summary>__BOOT_DS (flat data) into DS, ES, SS, FS and GS, as both boot protocols want them.</summary>
        private static void EmitLoadBootDataSegments(Assembler a)
        {
            a.mov(eax, L.BootDs);
            a.mov(ds, ax);
            a.mov(es, ax);
            a.mov(ss, ax);
            a.mov(fs, ax);
            a.mov(gs, ax);
        }

        /// <summary>A segment does not match: stop here for good rather than start a corrupt kernel.</summary>
        private static void EmitHang(Assembler a, ref Label hang)
        {
            a.Label(ref hang);
            a.cli();
            a.hlt();
            a.jmp(hang);
        }

        /// <summary>32-bit code run after leaving long mode: paging and EFER.LME off, then the 32-bit entry.</summary>
        private static byte[] AssembleEnter32(PurgatoryRequest request, ulong address)
        {
            var a = new Assembler(32);
            // Compatibility mode now; turning CR0.PG off leaves long mode (Intel SDM vol. 3, 10.8.5).
            a.mov(eax, cr0);
            a.and(eax, unchecked((int)~Cr0Pg));
            a.mov(cr0, eax);
            a.mov(ecx, MsrEfer);
            a.rdmsr();
            a.and(eax, unchecked((int)~EferLme));
            a.wrmsr();
            a.mov(eax, cr4);
            a.and(eax, unchecked((int)~Cr4Pae));
            a.mov(cr4, eax);
            EmitEnter32Body(a, request);
            var writer = new MemoryCodeWriter();
            a.Assemble(writer, address);
            return writer.ToArray();
        }

        /// <summary>boot.rst 32-bit protocol: flat __BOOT_DS in DS/ES/SS, eSI = boot_params, eBP = eDI = eBX = 0.</summary>
        private static void EmitEnter32Body(Assembler a, PurgatoryRequest request)
        {
            EmitLoadBootDataSegments(a);
            a.mov(esi, (uint)request.BootParams);
            a.xor(ebx, ebx);
            a.xor(ebp, ebp);
            a.xor(edi, edi);
            a.xor(ecx, ecx);
            a.xor(edx, edx);
            a.mov(eax, (uint)request.KernelEntry);
            a.jmp(eax);
        }

        /// <summary>verify_all: eAX = 0 when every region hashes to its digest, else 1 + index of the first bad one.
        /// Callable from C (saves rBX and rBP), which the unit tests use to run it natively.</summary>
        private static void EmitVerifyAll(Assembler a, PurgatoryArch x, ref Label verifyAll, Sha256Emitter sha, ulong baseAddress)
        {
            Label next = a.CreateLabel(), ok = a.CreateLabel(), bad = a.CreateLabel(), done = a.CreateLabel();
            var saved = new[] { x.Bx, x.Bp, x.Si, x.Di };
            var index = __dword_ptr[x.Ctx(L.Index)];
            a.Label(ref verifyAll);
            x.Push(a, saved);
            x.Mov(a, x.Bp, baseAddress);
            a.mov(index, 0);
            a.Label(ref next);
            a.mov(eax, index);
            a.cmp(eax, __dword_ptr[x.Ctx(L.Count)]);
            a.jae(ok);
            // rSI, rCX = the region's start and length (on i386 their low dwords: it lies below 4 GiB).
            a.imul(edx, eax, L.RegionSize);
            x.Mov(a, x.Si, x.Word[x.At(x.Bp, x.Dx, 1, L.Regions)]);
            x.Mov(a, x.Cx, x.Word[x.At(x.Bp, x.Dx, 1, L.Regions + 8)]);
            a.call(sha.Region);
            a.mov(edx, index);
            a.imul(edx, edx, L.RegionSize);
            for (int w = 0; w < 8; w++)
            {
                a.mov(eax, __dword_ptr[x.Ctx(L.Hash + 4 * w)]);
                a.cmp(eax, __dword_ptr[x.At(x.Bp, x.Dx, 1, L.Regions + 16 + 4 * w)]);
                a.jne(bad);
            }
            a.inc(index);
            a.jmp(next);
            a.Label(ref bad);
            a.mov(eax, index);
            a.inc(eax);
            a.jmp(done);
            a.Label(ref ok);
            a.xor(eax, eax);
            a.Label(ref done);
            x.Pop(a, saved);
            a.ret();
        }

        /// <summary>write_jump_back_entry: copies the parameter text to the command line's NUL and appends the
        /// recorded address in hex (one digit per nibble of a pointer: 16 on x86_64, 8 on i386), then a new NUL.</summary>
        private static void EmitWriteJumpBackEntry(Assembler a, PurgatoryArch x, ref Label writeEntry, ulong baseAddress, ulong commandLineEnd)
        {
            Label digit = a.CreateLabel(), isDigit = a.CreateLabel();
            var saved = new[] { x.Bp, x.Si, x.Di };
            a.Label(ref writeEntry);
            x.Push(a, saved);
            x.Mov(a, x.Bp, baseAddress);
            x.Mov(a, x.Di, commandLineEnd);
            x.Lea(a, x.Si, __[x.Ctx(L.JumpBackText)]);
            a.mov(ecx, L.JumpBackParameter.Length);
            a.rep.movsb();
            x.Mov(a, x.Dx, x.Word[x.Ctx(L.JumpBackEntry)]);
            a.mov(ecx, 2 * x.WordSize);
            a.Label(ref digit);
            x.Rol(a, x.Dx, 4);
            a.mov(eax, edx);
            a.and(eax, 15);
            a.cmp(eax, 10);
            a.jb(isDigit);
            a.add(eax, 'a' - '0' - 10);
            a.Label(ref isDigit);
            a.add(eax, '0');
            a.stosb();
            a.dec(ecx);
            a.jnz(digit);
            a.mov(__byte_ptr[x.At(x.Di)], 0);
            x.Pop(a, saved);
            a.ret();
        }

        /// <summary>Iced's output sink.</summary>
        private sealed class MemoryCodeWriter : CodeWriter
        {
            private readonly MemoryStream _stream = new MemoryStream();

            public override void WriteByte(byte value) => _stream.WriteByte(value);

            public byte[] ToArray() => _stream.ToArray();
        }
    }
}
