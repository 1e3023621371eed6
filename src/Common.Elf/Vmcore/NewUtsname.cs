namespace Common.Vmcore
{
    /// <summary>
    /// struct new_utsname (include/uapi/linux/utsname.h): six NUL-padded fields of
    /// __NEW_UTS_LEN + 1 bytes. The kernel holds one in init_uts_ns; a kdump header carries a copy.
    /// </summary>
    public static class NewUtsname
    {
        public const int Fields = 6;
        public const int FieldLength = 65;
        public const int Size = Fields * FieldLength;

        public const int Sysname = 0;
        public const int Release = 2;
        public const int Machine = 4;
    }
}
