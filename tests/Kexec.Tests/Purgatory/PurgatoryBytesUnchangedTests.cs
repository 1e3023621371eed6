using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using Kexec.Purgatory;
using Xunit;

namespace Kexec.Tests.Purgatory
{
    /// <summary>
    /// Golden digests of the generated purgatory, taken from the builder before issue 11 turned
    /// its is64 branches into an architecture object: a refactoring of the builder must give the
    /// same bytes (and the same routine addresses) for every kind of request a caller makes.
    /// Requests are built directly, so no bench fixture is needed.
    /// </summary>
    public class PurgatoryBytesUnchangedTests
    {
        // Every mode a loader asks for; what the image is (plain/kdump, jump-back, a lone kjump
        // record or a lone command-line write); whether any segment is checked (-i gives none).
        private static readonly PurgatoryMode[] Modes = { PurgatoryMode.Long64, PurgatoryMode.Long64To32, PurgatoryMode.Protected32 };
        private static readonly string[] Kinds = { "plain", "jumpback", "preserve-only", "cmdline-only" };
        private static readonly int[] RegionCounts = { 0, 1, 3 };

        public static IEnumerable<object[]> Cases()
        {
            foreach (var mode in Modes)
                foreach (var kind in Kinds)
                    foreach (int regions in RegionCounts)
                        yield return new object[] { mode.ToString(), kind, regions };
        }

        private static PurgatoryRequest Request(PurgatoryMode mode, string kind, int regions)
        {
            var r = new PurgatoryRequest
            {
                Mode = mode,
                KernelEntry = 0x1000200,
                BootParams = 0x1fe00000,
                PreserveContext = kind == "jumpback" || kind == "preserve-only",
                CommandLineEnd = kind == "jumpback" || kind == "cmdline-only" ? 0x1fe0102dUL : 0,
            };
            for (int i = 0; i < regions; i++)
            {
                var digest = new byte[32];
                for (int b = 0; b < 32; b++) digest[b] = (byte)(17 * i + 3 * b + 1);
                r.Regions.Add(new HashedRegion(0x1000000UL + 0x400000UL * (ulong)i, 0x288000UL + 0x1234UL * (ulong)i, digest));
            }
            return r;
        }

        /// <summary>SHA-256 of the bytes followed by every other field of the blob, little-endian.</summary>
        private static string Digest(PurgatoryBlob blob)
        {
            var s = new MemoryStream();
            s.Write(blob.Bytes);
            var w = new byte[8];
            foreach (ulong v in new[] { blob.Base, blob.MemorySize, blob.Entry, blob.VerifyAll, blob.WriteJumpBackEntry, blob.Sha256Compress,
                         (ulong)blob.Bitness, (ulong)blob.CodeOffset })
            {
                BinaryPrimitives.WriteUInt64LittleEndian(w, v);
                s.Write(w);
            }
            return Convert.ToHexString(SHA256.HashData(s.ToArray())).ToLowerInvariant();
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void PurgatoryIsByteForByteTheOneBeforeIssue11(string mode, string kind, int regions)
        {
            var blob = PurgatoryBuilder.Build(Request(Enum.Parse<PurgatoryMode>(mode), kind, regions), 0x1ff00000);
            Assert.Equal(Golden[$"{mode}/{kind}/{regions}"], Digest(blob));
        }

        /// <summary>A long-mode purgatory above 4 GiB with entry and boot_params there too (64-bit immediates).</summary>
        [Fact]
        public void LongModePurgatoryAbove4GiBIsUnchanged()
        {
            var r = Request(PurgatoryMode.Long64, "jumpback", 1);
            r.KernelEntry = 0x2_3400_0200UL;
            r.BootParams = 0x2_3300_0000UL;
            r.CommandLineEnd = 0x2_3300_1040UL;
            Assert.Equal(Golden["Long64/above4g"], Digest(PurgatoryBuilder.Build(r, 0x2_3200_0000UL)));
        }

        private static readonly Dictionary<string, string> Golden = new Dictionary<string, string>
        {
            ["Long64/plain/0"] = "e5a923178f041c1e3ac3d22f1cd4a4d31519df10372814ee228d0c4f9af420c1",
            ["Long64/plain/1"] = "f538dec64a6bb4e94291cf325199ae5c42d3aec4ff6356c3857f2c263a2eb4cb",
            ["Long64/plain/3"] = "1244ee61d681a69ac4b3af6c448737235083f7073a911f5965bb600df72e3226",
            ["Long64/jumpback/0"] = "c87eef04df0b7c299871d56545dcb40659e0e46ca6c1bf9fd3533763146053dc",
            ["Long64/jumpback/1"] = "2853e4e1c3405c40c8fda3f6af232bfe010b647e139180703dc1a7eb1f5b6bca",
            ["Long64/jumpback/3"] = "262565183bdbc80ce8b97ebab44c2e1d9945536ddbb8e497436e1b32a56de8f3",
            ["Long64/preserve-only/0"] = "3f5bfc253fce17f437730d3d35fc12385a1bc8497a78edc524ff43e910e3d8c9",
            ["Long64/preserve-only/1"] = "77c41c0e5b21150a92016f3d3d8f2c8a662e446b3a5742c55f7ac9bc34541c5f",
            ["Long64/preserve-only/3"] = "a463210075a25dfb7a3216aaa7895c640b6a17953d9d2ddf1b7f22380aaa0015",
            ["Long64/cmdline-only/0"] = "f6ecc5d08bb936e535b8250b88f30a86ece0b97ce5dd41e16cc98170651e493f",
            ["Long64/cmdline-only/1"] = "6f3e60862d223b9414a9b5928e9175c37b82d5277940f26f7f1beb9a6ea0418a",
            ["Long64/cmdline-only/3"] = "284f0d7c4410b1a584db21e39a599601321f8725008c2ac06cea4d95e91a466f",
            ["Long64/above4g"] = "61fd799c80074b70fd2fbc06959280ae09e12153861ee7fcb2183185e7a4309f",
            ["Long64To32/plain/0"] = "419ef3c69512091cf878028be070206f1273b808d4afe898e8873bc5e920ad2d",
            ["Long64To32/plain/1"] = "5616336faec51922b88cbc23b90ea91de785b9f711d891843909c29b853cf2c1",
            ["Long64To32/plain/3"] = "1f99126bca9812eefd777616418dee14b25253d5da2565cdf6cd2c5c467a30cc",
            ["Long64To32/jumpback/0"] = "405e7a93866280fe9c58e13b2ee7e23cb6227bea041f071249edd93fc21bb0a3",
            ["Long64To32/jumpback/1"] = "7b740c0139eb553947875862fd9e20441e822e26410217dfda3083b5d9b81d31",
            ["Long64To32/jumpback/3"] = "18566e9e32f757769a5a7c7548d6bc1430e5e9fc930e20984c785d52027b7c62",
            ["Long64To32/preserve-only/0"] = "1ff9939e2591c373edacac70b127ec6db19b102732db8d4c35caa1e5022226bb",
            ["Long64To32/preserve-only/1"] = "8da2665cb1fc082b087dc9438776dbf768fc77cd7a713190d828b72ec8d52f16",
            ["Long64To32/preserve-only/3"] = "16f9fe62d02ae24b537d5715b73f35ad3a77647d29397aeead2073f6dc3e6cea",
            ["Long64To32/cmdline-only/0"] = "f7eac43d9a108df7a36cc79cf27bf51069664fcebf22c17380088eb7235682dc",
            ["Long64To32/cmdline-only/1"] = "d4826249a90dd374704233dcc90182af0df6f875622c63294998ebde01afaae0",
            ["Long64To32/cmdline-only/3"] = "5354a9a67e7faac8bbccb5cca6e381c1dd6e1fd77a367767051dd078404d66fc",
            ["Protected32/plain/0"] = "14cd0dce521a0ccae4885a60e99410c52a3759e276afff66f0baea28645106b1",
            ["Protected32/plain/1"] = "0316f5e786b91374b275e6dcdbc27f03584cef9e17a282b4d84c0393d4723d34",
            ["Protected32/plain/3"] = "1630ae72e39ff3f40d2c59337cfc9a428a8ffd1f0353cd4f89a4fdbe571efdbb",
            ["Protected32/jumpback/0"] = "fe711825b5866f0e3aa994dc25800362e3c459e60fc838b3625e9f3dd9b902c6",
            ["Protected32/jumpback/1"] = "3a8f8b44e125ac0c4c246f91f789002c9fa4b8c8f60fa6d89913d7dad22e6aca",
            ["Protected32/jumpback/3"] = "20452eac6eb8d92450732d63e1cd629b1b34a38b73ade3660c0e2fa34cdea75a",
            ["Protected32/preserve-only/0"] = "30c5f7a2aca3ddefbdc625568c671af4c24ce855a97c90c410b3bba2067fe7a1",
            ["Protected32/preserve-only/1"] = "8f020e17e605945661b77793703ca7c3873ec0753bdbd725d910bc8435d91987",
            ["Protected32/preserve-only/3"] = "bad5f4d43bf94894b1fb4e0a0d727dbe8a2d00ca084d736258cda9b567d212d8",
            ["Protected32/cmdline-only/0"] = "d4b2264aa034da751f954d6b7f365946c488608289b927b656aa53531129819b",
            ["Protected32/cmdline-only/1"] = "ce8c6a377ac6461a7b1baf970be5d06407c3e2b012f05b75d369ec424fc66ed9",
            ["Protected32/cmdline-only/3"] = "aa63c57df81125e675a18a4ba6bf74146adc30ab72b79a663756424b51c1ab4a",
        };
    }
}
