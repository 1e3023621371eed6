using System.Collections.Generic;
using System.Linq;
using Iced.Intel;
using Kexec.Purgatory;
using Kexec.Tests.Support;
using Xunit;

namespace Kexec.Tests.Purgatory
{
    /// <summary>Decodes the generated purgatory with Iced and checks what it does, instruction by instruction.</summary>
    public class PurgatoryDisassemblyTests
    {
        private const ulong Base = 0x1ff00000;

        private static PurgatoryRequest Request(PurgatoryMode mode, ulong cmdlineEnd = 0)
        {
            var r = new PurgatoryRequest { Mode = mode, KernelEntry = 0x1000200, BootParams = 0x1fe00000, PreserveContext = cmdlineEnd != 0, CommandLineEnd = cmdlineEnd };
            r.Regions.Add(new HashedRegion(0x1000000, 0x288000, new byte[32]));
            return r;
        }

        [Fact]
        public void LongModeEntryRecordsTheReturnAddressVerifiesAndEntersStartup64()
        {
            var blob = PurgatoryBuilder.Build(Request(PurgatoryMode.Long64, cmdlineEnd: 0x1fe01020), Base);
            var code = Disassembly.Decode(blob);
            Assert.Equal(blob.Entry, code[0].IP);

            // [rsp] is 0 or the return address relocate_kernel's "call *%rdx" pushed; saved to the data block.
            Assert.Equal("mov rax,[rsp]", Text(code[0]));
            Assert.Equal(Code.Mov_r64_imm64, code[1].Code);
            Assert.Equal(Base, code[1].GetImmediate(1));
            Assert.Equal($"mov [rbp+{PurgatoryLayout.JumpBackEntry:X}h],rax", Text(code[2]));
            // Own stack inside the segment.
            Assert.Equal(Register.RSP, code[3].Op0Register);
            Assert.InRange(code[3].GetImmediate(1), Base + (ulong)blob.Bytes.Length, Base + blob.MemorySize);
            Assert.Equal(Mnemonic.Cld, code[4].Mnemonic);
            Assert.Equal(Mnemonic.Call, code[5].Mnemonic);
            Assert.Equal(blob.VerifyAll, code[5].NearBranchTarget);
            Assert.Equal("test eax,eax", Text(code[6]));
            Assert.Equal(Mnemonic.Jne, code[7].Mnemonic);

            // On mismatch: cli; hlt; jmp back to cli, never the kernel.
            var hang = code.FindIndex(i => i.IP == code[7].NearBranchTarget);
            Assert.Equal(Mnemonic.Cli, code[hang].Mnemonic);
            Assert.Equal(Mnemonic.Hlt, code[hang + 1].Mnemonic);
            Assert.Equal(Mnemonic.Jmp, code[hang + 2].Mnemonic);
            Assert.Equal(code[hang].IP, code[hang + 2].NearBranchTarget);

            // Only with a recorded return address: write kexec_jump_back_entry=.
            var upToJump = code.TakeWhile(i => i.Mnemonic != Mnemonic.Lgdt).ToList();
            Assert.Contains(upToJump, i => i.Mnemonic == Mnemonic.Call && i.NearBranchTarget == blob.WriteJumpBackEntry);

            // GDT, far return to __BOOT_CS, data selectors __BOOT_DS, rsi = boot_params, jump to startup_64.
            int lgdt = code.FindIndex(i => i.Mnemonic == Mnemonic.Lgdt);
            Assert.Equal("push 10h", Text(code[lgdt + 1]));
            Assert.Equal(Code.Retfq, code[lgdt + 4].Code);
            var tail = code.Skip(lgdt + 5).TakeWhile(i => i.Mnemonic != Mnemonic.Cli).ToList();
            Assert.Equal("mov eax,18h", Text(tail[0]));
            foreach (var seg in new[] { Register.DS, Register.ES, Register.SS, Register.FS, Register.GS })
                Assert.Contains(tail, i => i.Mnemonic == Mnemonic.Mov && i.Op0Register == seg);
            Assert.Contains(tail, i => i.Code == Code.Mov_r64_imm64 && i.Op0Register == Register.RSI && i.GetImmediate(1) == 0x1fe00000);
            Assert.Contains(tail, i => i.Code == Code.Mov_r64_imm64 && i.Op0Register == Register.RAX && i.GetImmediate(1) == 0x1000200);
            Assert.Equal("jmp rax", Text(tail.Last()));

            // The GDT it loads: 0x10 a 64-bit code segment, 0x18 flat data (Intel SDM 3.4.5).
            Assert.Equal(0x00af9a000000ffffUL, System.BitConverter.ToUInt64(blob.Bytes, PurgatoryLayout.Gdt + 0x10));
            Assert.Equal(0x00cf92000000ffffUL, System.BitConverter.ToUInt64(blob.Bytes, PurgatoryLayout.Gdt + 0x18));
        }

        [Fact]
        public void PlainKexecPurgatoryDoesNotTouchTheCommandLine()
        {
            var blob = PurgatoryBuilder.Build(Request(PurgatoryMode.Long64), Base);
            var code = Disassembly.Decode(blob);
            Assert.DoesNotContain(code.TakeWhile(i => i.Mnemonic != Mnemonic.Lgdt), i => i.Mnemonic == Mnemonic.Call && i.NearBranchTarget == blob.WriteJumpBackEntry);
        }

        [Fact]
        public void Entry32BitLeavesLongModeBeforeJumping()
        {
            var blob = PurgatoryBuilder.Build(Request(PurgatoryMode.Long64To32), Base);
            var code = Disassembly.Decode(blob);
            int lgdt = code.FindIndex(i => i.Mnemonic == Mnemonic.Lgdt);
            ulong tail32 = code[lgdt + 2].GetImmediate(1); // mov rax, <32-bit tail>; push rax; retfq
            Assert.Equal(Code.Retfq, code[lgdt + 4].Code);
            var tail = Disassembly.Decode(blob.Bytes, Base, tail32, 32).TakeWhile(i => i.Mnemonic != Mnemonic.INVALID).ToList();
            Assert.Equal("mov eax,cr0", Text(tail[0]));
            Assert.Equal("and eax,7FFFFFFFh", Text(tail[1]));
            Assert.Equal("mov cr0,eax", Text(tail[2]));
            Assert.Equal("mov ecx,0C0000080h", Text(tail[3]));
            Assert.Equal(Mnemonic.Rdmsr, tail[4].Mnemonic);
            Assert.Equal("and eax,0FFFFFEFFh", Text(tail[5]));
            Assert.Equal(Mnemonic.Wrmsr, tail[6].Mnemonic);
            int jmp = tail.FindIndex(i => i.Mnemonic == Mnemonic.Jmp);
            Assert.Contains(tail.Take(jmp), i => Text(i) == "mov esi,1FE00000h");
            Assert.Equal("mov eax,1000200h", Text(tail[jmp - 1]));
            Assert.Equal("jmp eax", Text(tail[jmp]));
            Assert.Equal(0x00cf9a000000ffffUL, System.BitConverter.ToUInt64(blob.Bytes, PurgatoryLayout.Gdt + 0x10));
        }

        [Fact]
        public void I386PurgatoryIs32BitCodeWithTheSameSha256Rounds()
        {
            var blob32 = PurgatoryBuilder.Build(Request(PurgatoryMode.Protected32, 0x1fe01020), Base);
            var blob64 = PurgatoryBuilder.Build(Request(PurgatoryMode.Long64, 0x1fe01020), Base);
            Assert.Equal(32, blob32.Bitness);
            var code = Disassembly.Decode(blob32);
            Assert.Equal("mov eax,[esp]", Text(code[0]));
            var far = code.Single(i => i.Code == Code.Jmp_ptr1632);
            Assert.Equal(0x10, far.FarBranchSelector);
            var afterFar = code.Single(i => i.IP == far.FarBranch32);
            Assert.Equal("mov eax,18h", Text(afterFar));
            // The compression function is the same instruction stream in both modes, up to register width.
            Assert.Equal(Compress(blob64), Compress(blob32));
            Assert.Equal(4 + 6, Compress(blob64).Count(s => s.StartsWith("ror"))); // sigma0/sigma1 (schedule) and Sigma0/Sigma1 (rounds)
        }

        private static List<string> Compress(PurgatoryBlob blob)
        {
            var code = Disassembly.Decode(blob.Bytes, blob.Base, blob.Sha256Compress, blob.Bitness);
            var result = new List<string>();
            var index = new Dictionary<ulong, int>();
            for (int n = 0; n < code.Count; n++) index[code[n].IP] = n;
            foreach (var i in code)
            {
                var f = new MasmFormatter();
                var o = new StringOutput();
                f.Format(i, o);
                string t = o.ToStringAndReset();
                if (i.FlowControl == FlowControl.ConditionalBranch || i.FlowControl == FlowControl.UnconditionalBranch || i.FlowControl == FlowControl.Call)
                    t = i.Mnemonic + " to instruction " + (index.TryGetValue(i.NearBranchTarget, out int target) ? target : -1);
                foreach (var (r64, r32) in new[] { ("rbp", "ebp"), ("rsi", "esi"), ("rcx", "ecx"), ("rdi", "edi") })
                    t = t.Replace(r64, r32);
                result.Add(t);
                if (i.Mnemonic == Mnemonic.Ret) break;
            }
            return result;
        }

        private static string Text(Instruction i)
        {
            var f = new MasmFormatter();
            f.Options.SpaceAfterOperandSeparator = false;
            f.Options.MemorySizeOptions = MemorySizeOptions.Never;
            var o = new StringOutput();
            f.Format(i, o);
            return o.ToStringAndReset();
        }
    }
}
