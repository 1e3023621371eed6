using System;
using System.Collections.Generic;
using MakeDumpFile.Debuginfo;

namespace MakeDumpFile.Erasing
{
    /// <summary>
    /// Turns a filter file's commands into physical stretches to erase, with makedumpfile
    /// 1.7.2's rules (erase_info.c's resolve_config_entry() and friends): a symbol's address is
    /// the vmlinux's plus the KASLR offset; each ".member" is looked up in the structure the
    /// previous step's type names, through the pointer when that step is a pointer (read from
    /// the dump); the size is the type's (an array's whole length, a char *'s string up to 1024
    /// bytes, nothing for a void * without size), "size N", or the integer a size expression
    /// reads; "nullify" zeroes the pointer itself. A symbol or member that cannot be found is
    /// one message and that command is skipped; the dump goes on, as in 1.7.2.
    /// </summary>
    internal sealed class EraseResolver
    {
        /// <summary>No list is followed further than this: a loop in corrupt memory ends.</summary>
        public const int MaxElements = 1 << 20;

        private readonly KernelDebugInfo _k;
        private readonly IKernelMemory _m;
        private readonly Action<string> _message;

        public EraseResolver(KernelDebugInfo k, IKernelMemory m, Action<string> message)
        {
            _k = k;
            _m = m;
            _message = message;
        }

        public EraseRanges Resolve(FilterConfig config)
        {
            var ranges = new EraseRanges();
            foreach (object c in config.Commands)
            {
                if (c is EraseCommand e) Erase(ranges, e, null, null);
                else if (c is EraseLoop l) Loop(ranges, l);
            }
            return ranges;
        }

        /// <summary>One step of an expression: where it lies, where it leads (through a pointer), its type.</summary>
        private sealed record Step(ulong SymAddr, ulong VAddr, string? TypeName, DebugTypeFlags Flags, long Size, long ArrayLength)
        {
            public bool IsPointer => (Flags & (DebugTypeFlags.Array | DebugTypeFlags.Pointer)) == DebugTypeFlags.Pointer;
        }

        private Step Finish(ulong symAddr, DebugType t, long arrayLength)
        {
            long size = Math.Max(t.Size, 0);
            ulong vaddr = symAddr;
            if ((t.Flags & (DebugTypeFlags.Array | DebugTypeFlags.Pointer)) == DebugTypeFlags.Pointer)
            {
                vaddr = _m.Pointer(symAddr);
                if (t.Name == "void") size = 0;
            }
            if ((t.Flags & DebugTypeFlags.Base) != 0 && (t.Flags & DebugTypeFlags.Pointer) != 0 && (t.Flags & DebugTypeFlags.Array) == 0 && t.Name == "char")
                size = _m.StringLength(vaddr);
            return new Step(symAddr, vaddr, t.Name, t.Flags, size, arrayLength);
        }

        /// <summary>The last step of EXPR, or null (with a message where 1.7.2 prints one) when it leads nowhere.</summary>
        private Step? Walk(string expr, int line, string? variable, Step? element)
        {
            string[] parts = expr.Split('.');
            Step cur;
            if (variable != null && parts[0] == variable && element != null) cur = element;
            else
            {
                ulong? sym = _k.Symbol(parts[0]);
                if (sym == null || sym == 0)
                {
                    _message($"Config error at {line}: Can't find symbol '{parts[0]}'.");
                    return null;
                }
                DebugType? t = _k.VariableType(parts[0]);
                if (t?.Name == null) return null;
                long length = (t.Flags & DebugTypeFlags.Array) != 0 ? Math.Max(_k.SymbolArrayLength(parts[0]) ?? 0, 0) : 0;
                cur = Finish(sym.Value + _m.KaslrOffset, t, length);
            }
            for (int i = 1; i < parts.Length; i++)
            {
                if (cur.VAddr == 0) return null;
                string? container = cur.TypeName;
                DebugType? t = container == null ? null : _k.MemberType(container, parts[i]);
                long? offset = container == null ? null : _k.StructMemberOffset(container, parts[i]);
                if (t?.Name == null || offset == null)
                {
                    _message($"Config error at {line}: struct '{container}' has no member with name '{parts[i]}'.");
                    return null;
                }
                long length = (t.Flags & DebugTypeFlags.Array) != 0 ? Math.Max(_k.StructMemberArrayLength(container!, parts[i]) ?? 0, 0) : 0;
                cur = Finish(cur.VAddr + (ulong)offset.Value, t, length);
            }
            return cur;
        }

        private long WholeSize(Step s)
        {
            if ((s.Flags & DebugTypeFlags.Array) == 0) return s.Size;
            return (s.Flags & DebugTypeFlags.Pointer) != 0 ? s.ArrayLength * _m.PointerSize : s.ArrayLength * s.Size;
        }

        private void Erase(EraseRanges ranges, EraseCommand c, string? variable, Step? element)
        {
            Step? target = Walk(c.Expression, c.Line, variable, element);
            if (target == null) return;
            ulong addr;
            if (c.Nullify)
            {
                if ((target.Flags & DebugTypeFlags.Pointer) == 0) return;
                addr = target.SymAddr;
            }
            else addr = target.VAddr;
            if (addr == 0) return;
            long size;
            if (c.Nullify) size = _m.PointerSize;
            else if (c.SizeValue is long v) size = v;
            else if (c.SizeExpression != null)
            {
                Step? s = Walk(c.SizeExpression, c.Line, variable, element);
                if (s == null) return;
                if ((s.Flags & (DebugTypeFlags.Array | DebugTypeFlags.Base)) != DebugTypeFlags.Base || s.Size > 8 || s.Size <= 0)
                {
                    _message($"Config error at {c.Line}: size symbol/member '{c.SizeExpression}' is not of base type.");
                    return;
                }
                var raw = new byte[8];
                if (!_m.TryRead(s.VAddr, raw.AsSpan(0, (int)s.Size)))
                {
                    _message($"Config error at {c.Line}: Can't read symbol/member data value of '{c.SizeExpression}'.");
                    return;
                }
                size = (long)BitConverter.ToUInt64(raw, 0);
            }
            else size = WholeSize(target);
            if (size <= 0) return;
            if (!_m.TryTranslate(addr, out ulong paddr)) return;
            ranges.Add(c, paddr, size, c.Nullify);
        }

        private void Loop(EraseRanges ranges, EraseLoop l)
        {
            Step? list = Walk(l.List, l.Line, null, null);
            if (list == null) return;
            foreach (Step element in Elements(l, list))
                foreach (EraseCommand c in l.Commands) Erase(ranges, c, l.Variable, element);
        }

        private IEnumerable<Step> Elements(EraseLoop l, Step list)
        {
            var flags = list.Flags & ~DebugTypeFlags.Array;
            if (list.TypeName == "list_head")
            {
                if (l.WithinStruct == null)
                {
                    _message($"Config error at {l.Line}: Use 'within' keyword to specify StructName:ListHeadMember.");
                    yield break;
                }
                string member = l.WithinMember ?? "list";
                long? size = _k.StructSize(l.WithinStruct);
                long? offset = _k.StructMemberOffset(l.WithinStruct, member);
                if (size == null || offset == null)
                {
                    _message(size == null ? $"Config error at {l.Line}: Can't find structure: {l.WithinStruct}."
                                          : $"Config error at {l.Line}: struct '{l.WithinStruct}' has no member with name '{member}'.");
                    yield break;
                }
                // The head is the list_head itself (or the one a "head.next" pointer names); the
                // elements are the structures whose MEMBER the list links, the head excluded.
                ulong head = list.SymAddr;
                ulong node = list.IsPointer ? list.VAddr : _m.Pointer(list.VAddr);
                for (int n = 0; node != 0 && node != head && n < MaxElements; n++)
                {
                    ulong element = node - (ulong)offset.Value;
                    yield return new Step(element, element, l.WithinStruct, DebugTypeFlags.Struct, size.Value, 0);
                    node = _m.Pointer(node);
                }
                yield break;
            }
            if ((list.Flags & DebugTypeFlags.Array) != 0)
            {
                for (long i = 0; i < list.ArrayLength; i++)
                {
                    if ((list.Flags & DebugTypeFlags.Pointer) != 0)
                    {
                        ulong slot = list.VAddr + (ulong)(i * _m.PointerSize);
                        ulong p = _m.Pointer(slot);
                        if (p == 0) continue;
                        long size = list.TypeName == "char" ? _m.StringLength(p) : list.Size;
                        yield return new Step(slot, p, list.TypeName, flags, size, 0);
                    }
                    else
                    {
                        ulong at = list.VAddr + (ulong)(i * list.Size);
                        yield return new Step(at, at, list.TypeName, flags, list.Size, 0);
                    }
                }
                yield break;
            }
            if ((list.Flags & DebugTypeFlags.Struct) != 0 && list.TypeName != null)
            {
                string next = l.Via ?? "next";
                long? offset = _k.StructMemberOffset(list.TypeName, next);
                if (offset == null)
                {
                    _message($"Config error at {l.Line}: struct '{list.TypeName}' has no member with name '{next}'.");
                    yield break;
                }
                ulong first = list.VAddr;
                ulong node = first;
                for (int n = 0; node != 0 && n < MaxElements; n++)
                {
                    yield return new Step(node, node, list.TypeName, flags, list.Size, 0);
                    node = _m.Pointer(node + (ulong)offset.Value);
                    if (node == first) break;
                }
            }
        }
    }
}
