using System;
using System.Collections.Concurrent;
using System.IO;
using TestSupport;
using Common.Elf;
using Xunit;

namespace KRestore.Tests.Support
{
    /// <summary>
    /// Images of the bench's real 6.12 guest (512 MiB) made by our makedumpfile, once per test run,
    /// in a work folder under the bench cache that is deleted at the end.
    /// Forms: c l z p (kdump-compressed), n (kdump, pages not compressed), E (ELF), F (flattened
    /// stream of -l, the same bytes as the l image).
    /// </summary>
    public sealed class ImageCache : IDisposable
    {
        private readonly ConcurrentDictionary<string, string> _made = new ConcurrentDictionary<string, string>();

        public ImageCache()
        {
            Fixture = PreparedFixtures.Ours;
            Folder = BenchPaths.NewWorkDir("krestore-images");
        }

        public VmcoreFixture Fixture { get; }
        public string Folder { get; }

        /// <summary>
        /// The image of the fixture at dump level <paramref name="level"/> in <paramref name="form"/>.
        /// ELF images get the KEXEC_JUMP dump-level note unless <paramref name="levelNote"/> is false
        /// (then they have neither KEXEC_JUMP notes nor a digest trailer).
        /// </summary>
        public string Image(string form, int level, bool levelNote = true)
        {
            string name = $"d{level}.{form}{(form == "E" && !levelNote ? ".nonote" : "")}";
            lock (_made)
            {
                if (_made.TryGetValue(name, out string? done)) return done;
                string path = Path.Combine(Folder, name);
                if (form == "F")
                {
                    Tools.MustSucceed(Tools.MakeDumpFile($"-F -l -d {level} \"{Fixture.Elf}\"", stdoutFile: path), "makedumpfile -F");
                }
                else
                {
                    string flag = form == "n" ? "" : "-" + form;
                    Tools.MustSucceed(Tools.MakeDumpFile($"{flag} -d {level} \"{Fixture.Elf}\" \"{path}\""), "makedumpfile " + flag);
                    // Our makedumpfile writes the KEXEC_JUMP dump-level note itself; an image
                    // without it stands for another writer's ELF core (makedumpfile 1.7.2's).
                    if (form == "E" && !levelNote)
                    {
                        ImageTrailer.Strip(path);
                        ElfNoteAppender.RemoveKexecJumpNotes(path);
                    }
                }
                _made[name] = path;
                return path;
            }
        }

        /// <summary>A copy of an image, to damage.</summary>
        public string CopyOf(string image, string folder, string name)
        {
            string path = Path.Combine(folder, name);
            File.Copy(image, path, true);
            return path;
        }

        public void Dispose()
        {
            try { Directory.Delete(Folder, true); }
            catch (IOException) { }
        }
    }

    [CollectionDefinition(Name)]
    public sealed class ImagesCollection : ICollectionFixture<ImageCache>
    {
        public const string Name = "krestore images";
    }
}
