using MakeDumpFile.Kernel;

namespace MakeDumpFile.Output
{
    /// <summary>
    /// --vtop VIRTUAL_ADDRESS: the physical address the dumped kernel maps it to, printed before
    /// the dump is made and without changing it, in the form of 1.7.2's print_vtop() (which
    /// create_dumpfile() calls once the kernel is read): a blank line, "Translating virtual address
    /// V to physical address.", the VIRTUAL/PHYSICAL heading, V right-aligned in 16 hex digits and
    /// P, a blank line. An address the kernel does not map prints 1.7.2's NOT_PADDR (all ones).
    /// 1.7.2's x86_64 vtop4 also prints the page-table entries it walked ("  PGD : ADDR =>
    /// ENTRY" and so on) before the VIRTUAL line; ours does not, and translates kernel-text
    /// addresses arithmetically (__START_KERNEL_map, phys_base) to the same result.
    /// </summary>
    internal static class VtopReport
    {
        private const ulong NotPaddr = ulong.MaxValue;

        public static void Print(ulong? vaddr, KernelImage? kernel, Messages m)
        {
            if (vaddr == null) return;
            ulong paddr = NotPaddr;
            if (kernel == null)
                m.ErrorLine($"--vtop 0x{vaddr.Value:x}: the input has no VMCOREINFO to translate it with");
            else if (!kernel.Translator.TryTranslate(vaddr.Value, out paddr))
            {
                paddr = NotPaddr;
                m.ErrorLine($"--vtop 0x{vaddr.Value:x}: not mapped by the dumped kernel's page tables");
            }
            m.Info($"\nTranslating virtual address {vaddr.Value:x} to physical address.\n");
            m.Info("VIRTUAL           PHYSICAL\n");
            m.Info($"{vaddr.Value,16:x}  {paddr:x}\n\n");
        }
    }
}
