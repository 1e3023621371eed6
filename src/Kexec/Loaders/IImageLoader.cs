using Kexec.Model;

namespace Kexec.Loaders
{
    /// <summary>One entry of the file-type table (like kexec-tools' struct file_type): recognise, load, explain.</summary>
    internal interface IImageLoader
    {
        /// <summary>Name for -t/--type.</summary>
        string Name { get; }

        /// <summary>True when this loader can load the file (checks only the format, cheaply).</summary>
        bool Probe(byte[] file, LoadContext context);

        /// <summary>Builds the complete image; throws KexecException for anything wrong, before any syscall.</summary>
        KexecImage Load(byte[] file, LoadContext context);

        /// <summary>Loader-specific notes for --help.</summary>
        string Usage { get; }
    }
}
