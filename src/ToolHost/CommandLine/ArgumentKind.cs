namespace ToolHost.CommandLine
{
    /// <summary>getopt_long's has_arg: no_argument, required_argument, optional_argument.</summary>
    public enum ArgumentKind
    {
        None,
        Required,
        /// <summary>Only attached: "--opt=value" or "-oVALUE", as getopt_long takes optional arguments.</summary>
        Optional,
    }
}
