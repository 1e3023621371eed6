using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;
using L = Kexec.Purgatory.PurgatoryLayout;

namespace Kexec.Purgatory
{
    /// <summary>
    /// Emits SHA-256 (FIPS 180-4, section 6.2) as x86 code. The arithmetic uses 32-bit registers
    /// only, so the same instruction sequence serves 64-bit (long mode) and 32-bit (protected mode)
    /// purgatories; pointers and the 64-bit length go through the PurgatoryArch. All state lives
    /// in the data block addressed by rBP (PurgatoryLayout), which keeps the 8-register i386 case simple.
    /// </summary>
    internal sealed class Sha256Emitter
    {
        private readonly Assembler _a;
        private readonly PurgatoryArch _x;

        public Sha256Emitter(Assembler assembler, PurgatoryArch arch)
        {
            _a = assembler;
            _x = arch;
            Compress = _a.CreateLabel("sha256_compress");
            Region = _a.CreateLabel("sha256_region");
        }

        /// <summary>Compresses the 64-byte block at rSI into the state. Clobbers eax, ebx, ecx, edx, edi.</summary>
        public Label Compress;

        /// <summary>Hashes rCX bytes at rSI into the state (H). Clobbers eax, ebx, ecx, edx, rsi, rdi.</summary>
        public Label Region;

        private AssemblerMemoryOperand Ctx(int off) => __dword_ptr[_x.Ctx(off)];

        private AssemblerMemoryOperand CtxIndexed(int off) => __dword_ptr[_x.At(_x.Bp, _x.Cx, 4, off)];

        private AssemblerMemoryOperand SourceIndexed => __dword_ptr[_x.At(_x.Si, _x.Cx, 4, 0)];

        private AssemblerMemoryOperand CtxWord(int off) => _x.Word[_x.Ctx(off)];

        private AssemblerMemoryOperand Var(int i) => Ctx(L.Vars + 4 * i);

        public void EmitAll()
        {
            EmitCompress();
            EmitRegion();
        }

        /// <summary>sha256_compress: the message schedule, a..h = H, 64 rounds, H += a..h (FIPS 180-4, 6.2.2).</summary>
        private void EmitCompress()
        {
            _a.Label(ref Compress);
            EmitSchedule();
            // a..h = H.
            CountedLoop(8, fromZero: true, () =>
            {
                _a.mov(eax, CtxIndexed(L.Hash));
                _a.mov(CtxIndexed(L.Vars), eax);
            });
            CountedLoop(64, fromZero: true, EmitRound);
            // H += a..h.
            CountedLoop(8, fromZero: true, () =>
            {
                _a.mov(eax, CtxIndexed(L.Vars));
                _a.add(CtxIndexed(L.Hash), eax);
            });
            _a.ret();
        }

        /// <summary>W[0..63] from the 64-byte block at rSI (FIPS 180-4, 6.2.2 step 1).</summary>
        private void EmitSchedule()
        {
            var a = _a;
            // W[0..15]: the block's words, big-endian.
            CountedLoop(16, fromZero: true, () =>
            {
                a.mov(eax, SourceIndexed);
                a.bswap(eax);
                a.mov(CtxIndexed(L.Schedule), eax);
            });

            // W[16..63] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16]; ecx goes on from 16.
            CountedLoop(64, fromZero: false, () =>
            {
                a.mov(eax, CtxIndexed(L.Schedule - 2 * 4));
                SmallSigma(eax, edx, ebx, 17, 19, 10, valueInResult: true);
                a.add(eax, CtxIndexed(L.Schedule - 7 * 4));
                a.mov(edx, CtxIndexed(L.Schedule - 15 * 4));
                SmallSigma(ebx, edx, edi, 7, 18, 3, valueInResult: false);
                a.add(eax, ebx);
                a.add(eax, CtxIndexed(L.Schedule - 16 * 4));
                a.mov(CtxIndexed(L.Schedule), eax);
            });
        }

        /// <summary>Round t (t in ecx) on the working variables a..h (FIPS 180-4, 6.2.2 step 3).</summary>
        private void EmitRound()
        {
            var a = _a;
            // T1 = h + S1(e) + Ch(e,f,g) + K[t] + W[t]
            a.mov(eax, Var(4));
            BigSigma(ebx, eax, edx, 6, 11, 25);
            a.mov(edx, eax);
            a.and(edx, Var(5));
            a.not(eax);
            a.and(eax, Var(6));
            a.xor(eax, edx);
            a.add(eax, ebx);
            a.add(eax, Var(7));
            a.add(eax, CtxIndexed(L.RoundConstants));
            a.add(eax, CtxIndexed(L.Schedule));
            // T2 = S0(a) + Maj(a,b,c), Maj written as ((a|b)&c)|(a&b)
            a.mov(edx, Var(0));
            BigSigma(ebx, edx, edi, 2, 13, 22);
            a.mov(edi, edx);
            a.or(edi, Var(1));
            a.and(edi, Var(2));
            a.and(edx, Var(1));
            a.or(edi, edx);
            a.add(ebx, edi);
            // h=g g=f f=e e=d+T1 d=c c=b b=a a=T1+T2
            a.mov(edx, Var(6)); a.mov(Var(7), edx);
            a.mov(edx, Var(5)); a.mov(Var(6), edx);
            a.mov(edx, Var(4)); a.mov(Var(5), edx);
            a.mov(edx, Var(3)); a.add(edx, eax); a.mov(Var(4), edx);
            a.mov(edx, Var(2)); a.mov(Var(3), edx);
            a.mov(edx, Var(1)); a.mov(Var(2), edx);
            a.mov(edx, Var(0)); a.mov(Var(1), edx);
            a.add(eax, ebx);
            a.mov(Var(0), eax);
        }

        /// <summary>A loop over ecx up to <paramref name="count"/>: the body, inc ecx, cmp, jb back.</summary>
        private void CountedLoop(int count, bool fromZero, System.Action body)
        {
            Label top = _a.CreateLabel();
            if (fromZero) _a.xor(ecx, ecx);
            _a.Label(ref top);
            body();
            _a.inc(ecx);
            _a.cmp(ecx, count);
            _a.jb(top);
        }

        /// <summary>
        /// result = ROTR^r1(x) ^ ROTR^r2(x) ^ SHR^shift(x), FIPS 180-4 (4.6)/(4.7); x starts in
        /// <paramref name="value"/> or, with <paramref name="valueInResult"/>, in result. Clobbers value and scratch.
        /// </summary>
        private void SmallSigma(AssemblerRegister32 result, AssemblerRegister32 value, AssemblerRegister32 scratch,
            byte r1, byte r2, byte shift, bool valueInResult)
        {
            if (valueInResult) _a.mov(value, result);
            else _a.mov(result, value);
            _a.ror(result, r1);
            _a.mov(scratch, value);
            _a.ror(scratch, r2);
            _a.xor(result, scratch);
            _a.shr(value, shift);
            _a.xor(result, value);
        }

        /// <summary>result = ROTR^r1(x) ^ ROTR^r2(x) ^ ROTR^r3(x), FIPS 180-4 (4.4)/(4.5); x stays in value. Clobbers scratch.</summary>
        private void BigSigma(AssemblerRegister32 result, AssemblerRegister32 value, AssemblerRegister32 scratch, byte r1, byte r2, byte r3)
        {
            _a.mov(result, value);
            _a.ror(result, r1);
            _a.mov(scratch, value);
            _a.ror(scratch, r2);
            _a.xor(result, scratch);
            _a.mov(scratch, value);
            _a.ror(scratch, r3);
            _a.xor(result, scratch);
        }

        private void EmitRegion()
        {
            var a = _a;
            var x = _x;
            Label full = a.CreateLabel(), tail = a.CreateLabel(), lengthOnly = a.CreateLabel();
            a.Label(ref Region);
            x.Mov(a, CtxWord(L.Length), x.Cx);
            x.Mov(a, CtxWord(L.Remaining), x.Cx);
            CountedLoop(8, fromZero: true, () =>
            {
                a.mov(eax, CtxIndexed(L.InitialHash));
                a.mov(CtxIndexed(L.Hash), eax);
            });

            a.Label(ref full);
            a.cmp(CtxWord(L.Remaining), 64);
            a.jb(tail);
            a.call(Compress);
            x.Add(a, x.Si, 64);
            a.sub(CtxWord(L.Remaining), 64);
            a.jmp(full);

            // Last block(s): the tail, 0x80, zeros, and the length in bits, big-endian (FIPS 180-4, 5.1.1).
            a.Label(ref tail);
            EmitZeroBlock();
            x.Mov(a, x.Cx, CtxWord(L.Remaining));
            x.Lea(a, x.Di, __[x.Ctx(L.Block)]);
            a.rep.movsb();
            a.mov(__byte_ptr[x.At(x.Di)], 0x80);
            a.cmp(Ctx(L.Remaining), 56);
            a.jb(lengthOnly);
            EmitCompressBlockBuffer();
            EmitZeroBlock();
            a.Label(ref lengthOnly);
            x.StoreBitLength(a, x.Ctx(L.Length), x.Ctx(L.Block + 56));
            EmitCompressBlockBuffer();
            a.ret();
        }

        private void EmitCompressBlockBuffer()
        {
            _x.Lea(_a, _x.Si, __[_x.Ctx(L.Block)]);
            _a.call(Compress);
        }

        private void EmitZeroBlock()
        {
            for (int i = 0; i < 16; i++)
                _a.mov(Ctx(L.Block + 4 * i), 0);
        }
    }
}
