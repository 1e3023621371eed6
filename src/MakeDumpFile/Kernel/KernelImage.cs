using System;
using System.Collections.Generic;
using Common.DumpFormats;
using Common.Vmcore;

namespace MakeDumpFile.Kernel
{
    /// <summary>What VMCOREINFO and the image together tell about the dumped kernel's memory management.</summary>
    internal sealed class KernelImage
    {
        private KernelImage(VmcoreInfo info, PhysicalMemory memory, AddressTranslator vt, PageLayout layout, IReadOnlyList<MemMapSection> sections)
        {
            Info = info;
            Memory = memory;
            Translator = vt;
            Layout = layout;
            Sections = sections;
        }

        public VmcoreInfo Info { get; }
        public PhysicalMemory Memory { get; }
        public AddressTranslator Translator { get; }
        public PageLayout Layout { get; }
        public IReadOnlyList<MemMapSection> Sections { get; }

        /// <summary>One past the highest pfn any present section describes (makedumpfile trims max_mapnr to it).</summary>
        public ulong HighestSectionPfn
        {
            get
            {
                ulong max = 0;
                foreach (MemMapSection s in Sections) if (s.PfnEnd > max) max = s.PfnEnd;
                return max;
            }
        }

        /// <summary>
        /// The kernel VMCOREINFO describes; with a -i FILE (whose entries INFO holds), its release
        /// is checked against the dumped kernel's once the page tables can be read, before the
        /// mem_map, as 1.7.2's initial() calls check_release() before get_mem_map().
        /// </summary>
        public static KernelImage Load(IPageSource source, VmcoreInfo info, VmcoreInfoFile? file = null)
        {
            int pageSize;
            try { pageSize = info.PageSize; }
            catch (FormatException e) { throw new KernelDataException(e.Message); }
            if (pageSize != source.PageSize) throw new KernelDataException($"VMCOREINFO PAGESIZE={pageSize} differs from the image's page size {source.PageSize}");
            if (pageSize != 4096) throw new KernelDataException($"PAGESIZE={pageSize}: x86 kernels use 4096-byte pages");
            var memory = new PhysicalMemory(source);
            file?.UtsnameAddress(info);
            AddressTranslator vt;
            try { vt = AddressTranslator.ForKernel(memory, info, source); }
            catch (FormatException e) { throw file != null ? file.CannotCheck(e.Message) : (Exception)new KernelDataException(e.Message); }
            // Without page tables 1.7.2 cannot read the utsname either (readmem() fails in check_release()).
            catch (KernelDataException e) when (file != null) { throw file.CannotCheck(e.Message); }
            file?.CheckRelease(info, vt);
            PageLayout layout = PageLayout.FromVmcoreInfo(info, vt.PointerSize);
            IReadOnlyList<MemMapSection> sections;
            try { sections = SparseMemMap.Read(info, vt, pageSize, layout.StructPageSize, source.MaxMapNr); }
            catch (FormatException e) { throw new KernelDataException(e.Message); }
            return new KernelImage(info, memory, vt, layout, sections);
        }
    }
}
