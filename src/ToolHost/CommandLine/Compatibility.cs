namespace ToolHost.CommandLine
{
    /// <summary>How an option compares with the same option of the C tool the table stands in for.</summary>
    public enum Compatibility
    {
        /// <summary>Same spelling, same meaning and default.</summary>
        Same,
        /// <summary>Accepted, with a difference the option's note states.</summary>
        Different,
        /// <summary>Accepted and answered with one line saying why it does not apply here (exit status of the C tool's refusal).</summary>
        NotApplicable,
        /// <summary>The C tool has no such option: ours only.</summary>
        Extension,
    }
}
