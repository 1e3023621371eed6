namespace Common.DumpFormats.Jump
{
    /// <summary>How kernel A's kexec entry list head was found (<see cref="JumpBackMap.Lookup"/>).</summary>
    public enum EntryListLookup
    {
        /// <summary>Through A's VMCOREINFO: NUMBER(KEXEC_JUMP_ENTRY_LIST_OFFSET) and SIZE(kimage_entry_t), the documented interface.</summary>
        VmcoreInfoExport,

        /// <summary>A's VMCOREINFO exports neither: relocate_kernel's private layout (<see cref="ControlPageLayout"/>), a fallback.</summary>
        PrivateLayoutFallback,
    }
}
