namespace Common.Dwarf
{
    /// <summary>
    /// An attribute value as encoded: the form and the number it carries (a constant, an address,
    /// an offset into a string section, a reference), or where its block or inline string lies.
    /// </summary>
    public readonly struct DwarfValue
    {
        public DwarfValue(DwForm form, ulong number, long dataOffset = 0, int dataLength = 0)
        {
            Form = form;
            Number = number;
            DataOffset = dataOffset;
            DataLength = dataLength;
        }

        public DwForm Form { get; }
        /// <summary>The value for constants (sign-extended for sdata and implicit_const), addresses, references and string offsets.</summary>
        public ulong Number { get; }
        /// <summary>Where in .debug_info a block, exprloc or inline string starts.</summary>
        public long DataOffset { get; }
        public int DataLength { get; }

        public bool IsConstant => Form is DwForm.Data1 or DwForm.Data2 or DwForm.Data4 or DwForm.Data8
            or DwForm.Sdata or DwForm.Udata or DwForm.ImplicitConst;

        public bool IsBlock => Form is DwForm.Exprloc or DwForm.Block or DwForm.Block1 or DwForm.Block2 or DwForm.Block4;
    }
}
