namespace Common.Dwarf
{
    // The values of DWARF 5 (dwarfstd.org, DWARF Debugging Information Format Version 5,
    // section 7.5, tables 7.3, 7.5 and 7.6) this reader uses; DWARF 2-4 share them.

    /// <summary>DW_TAG_*: what a debugging information entry describes.</summary>
    public enum DwTag : ushort
    {
        ArrayType = 0x01,
        EnumerationType = 0x04,
        Member = 0x0d,
        PointerType = 0x0f,
        CompileUnit = 0x11,
        StructureType = 0x13,
        Typedef = 0x16,
        UnionType = 0x17,
        SubrangeType = 0x21,
        BaseType = 0x24,
        ConstType = 0x26,
        Enumerator = 0x28,
        Variable = 0x34,
        VolatileType = 0x35,
        PartialUnit = 0x3c,
    }

    /// <summary>DW_AT_*: an attribute of an entry.</summary>
    public enum DwAt : ushort
    {
        Sibling = 0x01,
        Location = 0x02,
        Name = 0x03,
        ByteSize = 0x0b,
        StmtList = 0x10,
        CompDir = 0x1b,
        ConstValue = 0x1c,
        UpperBound = 0x2f,
        Count = 0x37,
        DataMemberLocation = 0x38,
        DeclFile = 0x3a,
        Declaration = 0x3c,
        Type = 0x49,
        DataBitOffset = 0x6b,
        StrOffsetsBase = 0x72,
    }

    /// <summary>DW_FORM_*: how an attribute's value is encoded.</summary>
    public enum DwForm : ushort
    {
        Addr = 0x01,
        Block2 = 0x03,
        Block4 = 0x04,
        Data2 = 0x05,
        Data4 = 0x06,
        Data8 = 0x07,
        String = 0x08,
        Block = 0x09,
        Block1 = 0x0a,
        Data1 = 0x0b,
        Flag = 0x0c,
        Sdata = 0x0d,
        Strp = 0x0e,
        Udata = 0x0f,
        RefAddr = 0x10,
        Ref1 = 0x11,
        Ref2 = 0x12,
        Ref4 = 0x13,
        Ref8 = 0x14,
        RefUdata = 0x15,
        Indirect = 0x16,
        SecOffset = 0x17,
        Exprloc = 0x18,
        FlagPresent = 0x19,
        Strx = 0x1a,
        Addrx = 0x1b,
        RefSup4 = 0x1c,
        StrpSup = 0x1d,
        Data16 = 0x1e,
        LineStrp = 0x1f,
        RefSig8 = 0x20,
        ImplicitConst = 0x21,
        Loclistx = 0x22,
        Rnglistx = 0x23,
        RefSup8 = 0x24,
        Strx1 = 0x25,
        Strx2 = 0x26,
        Strx3 = 0x27,
        Strx4 = 0x28,
        Addrx1 = 0x29,
        Addrx2 = 0x2a,
        Addrx3 = 0x2b,
        Addrx4 = 0x2c,
        GnuAddrIndex = 0x1f01,
        GnuStrIndex = 0x1f02,
        GnuRefAlt = 0x1f20,
        GnuStrpAlt = 0x1f21,
    }

    /// <summary>DW_UT_*: the kind of a DWARF 5 unit (section 7.5.1).</summary>
    public enum DwUnitType : byte
    {
        Compile = 0x01,
        Type = 0x02,
        Partial = 0x03,
        Skeleton = 0x04,
        SplitCompile = 0x05,
        SplitType = 0x06,
    }

    /// <summary>The DW_OP_* opcodes a member location uses (section 7.7.1).</summary>
    public enum DwOp : byte
    {
        Addr = 0x03,
        Constu = 0x10,
        PlusUconst = 0x23,
    }

    /// <summary>DW_LNCT_*: the content of a DWARF 5 line table directory or file entry (section 6.2.4.1).</summary>
    public enum DwLnct : ushort
    {
        Path = 0x1,
        DirectoryIndex = 0x2,
        Timestamp = 0x3,
        Size = 0x4,
        Md5 = 0x5,
    }
}
