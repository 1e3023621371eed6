using System;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;
using L = Kexec.Purgatory.PurgatoryLayout;

namespace Kexec.Purgatory
{
    /// <summary>
    /// What the x86_64 and the i386 purgatory do not share: the mode relocate_kernel enters it in
    /// (long mode, or 32-bit protected mode with paging off), hence the pointer width and the
    /// registers that hold pointers, and the two sequences no common form exists for. The builder
    /// and the SHA-256 emitter are written once against this; their 32-bit arithmetic (eAX..eDI)
    /// is the same instruction in both modes and needs nothing from here.
    /// </summary>
    internal sealed class PurgatoryArch
    {
        public static readonly PurgatoryArch X86_64 = new PurgatoryArch(64, __qword_ptr,
            new[] { Register.RAX, Register.RBX, Register.RCX, Register.RDX, Register.RSP, Register.RBP, Register.RSI, Register.RDI },
            new[] { Code.Mov_r64_rm64, Code.Mov_rm64_r64, Code.Mov_r64_imm64, Code.Lea_r64_m, Code.Push_r64, Code.Pop_r64, Code.Add_rm64_imm8, Code.Rol_rm64_imm8 },
            (b, i, scale) => i == Register.None ? __[Q(b)] : Q(b) + Q(i) * scale, FarReturnToBootCs, StoreBitLength64);

        public static readonly PurgatoryArch I386 = new PurgatoryArch(32, __dword_ptr,
            new[] { Register.EAX, Register.EBX, Register.ECX, Register.EDX, Register.ESP, Register.EBP, Register.ESI, Register.EDI },
            new[] { Code.Mov_r32_rm32, Code.Mov_rm32_r32, Code.Mov_r32_imm32, Code.Lea_r32_m, Code.Push_r32, Code.Pop_r32, Code.Add_rm32_imm8, Code.Rol_rm32_imm8 },
            (b, i, scale) => i == Register.None ? __[D(b)] : D(b) + D(i) * scale, FarJumpPtr1632, StoreBitLength32);

        /// <summary>Only i386's relocate_kernel enters in protected mode; x86_64's enters in long mode for either kernel entry.</summary>
        public static PurgatoryArch For(PurgatoryMode mode) => mode == PurgatoryMode.Protected32 ? I386 : X86_64;

        // Registers in the order Ax, Bx, Cx, Dx, Sp, Bp, Si, Di; the instruction forms in the order
        // of the fields below. The pointer-sized instructions are data (an Iced Code per width),
        // so both architectures emit them with one piece of code.
        private PurgatoryArch(int bitness, AssemblerMemoryOperandFactory word, Register[] registers, Code[] codes,
            Func<Register, Register, int, AssemblerMemoryOperand> memory,
            Action<Assembler, Label?, ulong> farJump, Action<Assembler, AssemblerMemoryOperand, AssemblerMemoryOperand> storeBitLength)
        {
            Bitness = bitness;
            Word = word;
            (Ax, Bx, Cx, Dx, Sp, Bp, Si, Di) = (registers[0], registers[1], registers[2], registers[3], registers[4], registers[5], registers[6], registers[7]);
            (_load, _store, _set, _lea, _push, _pop, _addImm8, _rolImm8) = (codes[0], codes[1], codes[2], codes[3], codes[4], codes[5], codes[6], codes[7]);
            _memory = memory;
            _farJump = farJump;
            _storeBitLength = storeBitLength;
        }

        public int Bitness { get; }

        public int WordSize => Bitness / 8;

        /// <summary>Pointer-sized memory operands: __qword_ptr or __dword_ptr.</summary>
        public AssemblerMemoryOperandFactory Word { get; }

        // The pointer-sized registers (rAX.. or eAX..); the data block's base is always rBP.
        public Register Ax { get; }
        public Register Bx { get; }
        public Register Cx { get; }
        public Register Dx { get; }
        public Register Sp { get; }
        public Register Bp { get; }
        public Register Si { get; }
        public Register Di { get; }

        private readonly Code _load, _store, _set, _lea, _push, _pop, _addImm8, _rolImm8;

        // Iced builds memory operands only from its typed registers (AssemblerRegister64/32).
        private readonly Func<Register, Register, int, AssemblerMemoryOperand> _memory;
        private readonly Action<Assembler, Label?, ulong> _farJump;
        private readonly Action<Assembler, AssemblerMemoryOperand, AssemblerMemoryOperand> _storeBitLength;

        /// <summary>[base + displacement], no size (Word[..], __dword_ptr[..] give it one).</summary>
        public AssemblerMemoryOperand At(Register @base, int displacement = 0) => _memory(@base, Register.None, 1) + displacement;

        /// <summary>[base + index * scale + displacement], no size.</summary>
        public AssemblerMemoryOperand At(Register @base, Register index, int scale, int displacement) => _memory(@base, index, scale) + displacement;

        /// <summary>A field of the data block (PurgatoryLayout), addressed from rBP.</summary>
        public AssemblerMemoryOperand Ctx(int offset) => At(Bp, offset);

        public void Mov(Assembler a, Register dst, AssemblerMemoryOperand src) => a.AddInstruction(Instruction.Create(_load, dst, src.ToMemoryOperand(Bitness)));

        public void Mov(Assembler a, AssemblerMemoryOperand dst, Register src) => a.AddInstruction(Instruction.Create(_store, dst.ToMemoryOperand(Bitness), src));

        /// <summary>A full-width immediate (mov r64, imm64 in long mode).</summary>
        public void Mov(Assembler a, Register dst, ulong value) => a.AddInstruction(Instruction.Create(_set, dst, value));

        public void Lea(Assembler a, Register dst, AssemblerMemoryOperand src) => a.AddInstruction(Instruction.Create(_lea, dst, src.ToMemoryOperand(Bitness)));

        public void Add(Assembler a, Register dst, sbyte value) => a.AddInstruction(Instruction.Create(_addImm8, dst, value));

        public void Rol(Assembler a, Register dst, byte count) => a.AddInstruction(Instruction.Create(_rolImm8, dst, count));

        public void Push(Assembler a, params Register[] registers)
        {
            foreach (var r in registers) a.AddInstruction(Instruction.Create(_push, r));
        }

        /// <summary>Pops what Push pushed: same list, reverse order.</summary>
        public void Pop(Assembler a, params Register[] registers)
        {
            for (int i = registers.Length - 1; i >= 0; i--) a.AddInstruction(Instruction.Create(_pop, registers[i]));
        }

        /// <summary>Stores a pointer register into a qword field; a 32-bit word leaves the high dword, which is zeroed.</summary>
        public void StoreQword(Assembler a, AssemblerMemoryOperand field, Register src)
        {
            Mov(a, Word[field], src);
            for (int off = WordSize; off < 8; off += 4)
                a.mov(__dword_ptr[field + off], 0);
        }

        /// <summary>
        /// Reloads CS with __BOOT_CS (after lgdt) and continues at targetAddress: the address of
        /// the label continueAt in this code (as the first pass placed it), or, with no label, an
        /// address outside it (the separately assembled 32-bit tail).
        /// </summary>
        public void FarJumpToBootCs(Assembler a, Label? continueAt, ulong targetAddress) => _farJump(a, continueAt, targetAddress);

        /// <summary>Writes the qword at length, times 8, big-endian at dst (SHA-256's length field, FIPS 180-4 5.1.1).</summary>
        public void StoreBitLength(Assembler a, AssemblerMemoryOperand length, AssemblerMemoryOperand dst) => _storeBitLength(a, length, dst);

        private static AssemblerRegister64 Q(Register r) => new AssemblerRegister64(r);

        private static AssemblerRegister32 D(Register r) => new AssemblerRegister32(r);

        // Long mode has no far jmp ptr16:64: push the selector and target, then retfq (48 CB).
        private static void FarReturnToBootCs(Assembler a, Label? continueAt, ulong targetAddress)
        {
            a.push((int)L.BootCs);
            if (continueAt is Label label) a.lea(rax, __[label]);
            else a.mov(rax, targetAddress);
            a.push(rax);
            a.AddInstruction(Instruction.Create(Code.Retfq));
        }

        // jmp ptr16:32 has a fixed size, so the first pass's address of the label is final.
        private static void FarJumpPtr1632(Assembler a, Label? continueAt, ulong targetAddress) =>
            a.jmp(L.BootCs, (uint)targetAddress);

        private static void StoreBitLength64(Assembler a, AssemblerMemoryOperand length, AssemblerMemoryOperand dst)
        {
            a.mov(rax, __qword_ptr[length]);
            a.shl(rax, 3);
            a.bswap(rax);
            a.mov(__qword_ptr[dst], rax);
        }

        // Only the low dword of the length is read: an i386 region is below 4 GiB; its top 3 bits
        // shift into the high dword of the bit count.
        private static void StoreBitLength32(Assembler a, AssemblerMemoryOperand length, AssemblerMemoryOperand dst)
        {
            a.mov(eax, __dword_ptr[length]);
            a.mov(edx, eax);
            a.shr(edx, 29);
            a.shl(eax, 3);
            a.bswap(edx);
            a.bswap(eax);
            a.mov(__dword_ptr[dst], edx);
            a.mov(__dword_ptr[dst + 4], eax);
        }
    }
}
