namespace Common.Dwarf
{
    /// <summary>The size of each attribute form's encoding (DWARF 5 section 7.5.6, table 7.6).</summary>
    public static class DwarfForms
    {
        /// <summary>The bytes a form takes when that is fixed, else -1 (LEB128, strings, blocks, indirect).</summary>
        public static int FixedSize(DwForm form, int offsetSize, int addressSize) => form switch
        {
            DwForm.Addr => addressSize,
            DwForm.Data1 or DwForm.Ref1 or DwForm.Flag or DwForm.Strx1 or DwForm.Addrx1 => 1,
            DwForm.Data2 or DwForm.Ref2 or DwForm.Strx2 or DwForm.Addrx2 => 2,
            DwForm.Strx3 or DwForm.Addrx3 => 3,
            DwForm.Data4 or DwForm.Ref4 or DwForm.RefSup4 or DwForm.Strx4 or DwForm.Addrx4 => 4,
            DwForm.Data8 or DwForm.Ref8 or DwForm.RefSig8 or DwForm.RefSup8 => 8,
            DwForm.Data16 => 16,
            DwForm.Strp or DwForm.LineStrp or DwForm.SecOffset or DwForm.RefAddr or DwForm.StrpSup
                or DwForm.GnuRefAlt or DwForm.GnuStrpAlt => offsetSize,
            DwForm.FlagPresent or DwForm.ImplicitConst => 0,
            _ => -1,
        };

        public static bool IsString(DwForm form) => form is DwForm.String or DwForm.Strp or DwForm.LineStrp
            or DwForm.Strx or DwForm.Strx1 or DwForm.Strx2 or DwForm.Strx3 or DwForm.Strx4 or DwForm.GnuStrIndex;

        public static bool IsUnitReference(DwForm form) => form is DwForm.Ref1 or DwForm.Ref2 or DwForm.Ref4
            or DwForm.Ref8 or DwForm.RefUdata;
    }
}
