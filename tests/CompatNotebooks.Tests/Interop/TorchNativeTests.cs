using System.Reflection;
using CompatNotebooks.Interop;
using TorchSharp;

namespace CompatNotebooks.Tests.Interop;

public class TorchNativeTests
{
    [Fact]
    public void MatmulWorksAfterEnsureLoaded()
    {
        var status = TorchNative.EnsureLoaded();
        // The reason says what was done: a patched copy (and which version it lacked) or why none was needed.
        if (status.Patched)
            Assert.Contains("lacks GLIBCXX_3.4.32", status.Reason);
        else
            Assert.Contains(OperatingSystem.IsLinux() ? "no patch" : "Not Linux", status.Reason);
        Assert.Equal(status.Patched, status.LibraryPath is not null);

        using var a = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        using var b = torch.tensor(new float[] { 1, 0, 0, 1, 1, 1 }, [3, 2]);
        using var product = a.matmul(b);
        Assert.Equal(new float[] { 4, 5, 10, 11 }, product.data<float>().ToArray());
    }

    [Fact]
    public void EnsureLoadedIsIdempotentAcrossThreads()
    {
        var results = new TorchNativeStatus[8];
        Parallel.For(0, results.Length, i => results[i] = TorchNative.EnsureLoaded());
        Assert.All(results, r => Assert.Same(results[0], r));
    }

    [Fact]
    public void PatchesOnlyWhereTheSystemLibStdCxxIsTooOld()
    {
        var status = TorchNative.EnsureLoaded();
        var systemLibrary = TorchNativeLocations.LoadedLibStdCxx();
        var defines32 = ElfVersionTables.Read(systemLibrary).Definitions.Contains("GLIBCXX_3.4.32");
        Assert.Equal(!defines32, status.Patched);
        if (status.Patched)
        {
            Assert.True(File.Exists(status.LibraryPath));
            var patched = ElfVersionTables.Read(status.LibraryPath!).Needs.Single(n => n.Name == "GLIBCXX_3.4.32");
            Assert.True(patched.IsWeak);
        }
    }

    [Fact]
    public void SystemLibStdCxxDefinesItsBaseVersions()
    {
        var definitions = ElfVersionTables.Read(TorchNativeLocations.LoadedLibStdCxx()).Definitions;
        Assert.Contains("GLIBCXX_3.4", definitions);
        Assert.Contains("CXXABI_1.3", definitions);
    }

    [Fact]
    public void MarkWeakFlipsOnlyTheGlibcxx3432FlagOfTheRealLibrary()
    {
        var dir = TorchNativeLocations.FindTorchSharpNativeDirectory(typeof(torch).Assembly);
        Assert.NotNull(dir);
        var path = Path.Combine(dir!, "libLibTorchSharp.so");
        var original = File.ReadAllBytes(path);
        var needs = ElfVersionTables.Parse(original, path).Needs;
        Assert.Contains(needs, n => n.File == "libstdc++.so.6" && n.Name == "GLIBCXX_3.4");
        var target = needs.Single(n => n.File == "libstdc++.so.6" && n.Name == "GLIBCXX_3.4.32");
        Assert.False(target.IsWeak);

        var patched = TorchNative.MarkWeak(original, [target]);

        Assert.Equal(original.Length, patched.Length);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        Assert.Equal([(int)target.FlagsOffset], changed);
        var after = ElfVersionTables.Parse(patched, "patched").Needs;
        Assert.Equal(needs.Count, after.Count);
        for (int i = 0; i < needs.Count; i++)
        {
            Assert.Equal(needs[i].Name, after[i].Name);
            Assert.Equal(needs[i].File, after[i].File);
            Assert.Equal(needs[i].Name == "GLIBCXX_3.4.32" ? (ushort)(needs[i].Flags | 2) : needs[i].Flags, after[i].Flags);
        }
    }

    [Fact]
    public void ThePatchedCopyIsWrittenLinkedAndLoadableOnAnyLinuxHost()
    {
        if (!OperatingSystem.IsLinux()) return; // the patch exists for Linux x64 only
        var nativeDir = TorchNativeLocations.FindTorchSharpNativeDirectory(typeof(torch).Assembly)!;
        var original = File.ReadAllBytes(Path.Combine(nativeDir, "libLibTorchSharp.so"));
        var torchDir = TorchNativeLocations.FindLibTorchDirectory(typeof(torch).Assembly, nativeDir)!;
        var need = ElfVersionTables.Parse(original, "original").Needs.Single(n => n.Name == "GLIBCXX_3.4.32");
        var cache = Directory.CreateTempSubdirectory("compat-torch-patch-");
        try
        {
            // Whatever this host's libstdc++: the same copy, link and load path as on an old one.
            var copy = TorchNative.WritePatchedCopy(original, [need], torchDir, cache.FullName);
            Assert.Equal(Path.Combine(cache.FullName, "libLibTorchSharp.so"), copy);
            Assert.True(ElfVersionTables.Read(copy).Needs.Single(n => n.Name == "GLIBCXX_3.4.32").IsWeak);
            Assert.Equal(TorchNative.MarkWeak(original, [need]), File.ReadAllBytes(copy));

            var libraries = Directory.EnumerateFiles(torchDir).Select(Path.GetFileName)
                .Where(n => n != "libLibTorchSharp.so" && (n!.EndsWith(".so") || n.Contains(".so."))).ToList();
            Assert.Contains("libtorch_cpu.so", libraries);
            foreach (var name in libraries)
                Assert.Equal(Path.Combine(torchDir, name!), new FileInfo(Path.Combine(cache.FullName, name!)).LinkTarget);

            var written = File.GetLastWriteTimeUtc(copy);
            Assert.Equal(copy, TorchNative.WritePatchedCopy(original, [need], torchDir, cache.FullName));
            Assert.Equal(written, File.GetLastWriteTimeUtc(copy)); // an identical copy is not rewritten
            Assert.Empty(Directory.EnumerateFiles(cache.FullName, "*.tmp"));

            Assert.NotEqual(IntPtr.Zero, System.Runtime.InteropServices.NativeLibrary.Load(copy));
        }
        finally
        {
            cache.Delete(recursive: true); // the loaded copy stays mapped until the process ends
        }
    }

    [Fact]
    public void ParserRejectsNonElfInputNamingTheSource()
    {
        var e = Assert.Throws<InvalidDataException>(() => ElfVersionTables.Parse("not an elf file at all, definitely not"u8, "bogus.so"));
        Assert.Contains("bogus.so", e.Message);
        var truncated = new byte[64];
        truncated[0] = 0x7f; truncated[1] = (byte)'E'; truncated[2] = (byte)'L'; truncated[3] = (byte)'F'; truncated[4] = 2; truncated[5] = 1;
        truncated[0x28] = 0xff; truncated[0x3a] = 64; truncated[0x3c] = 3;
        var t = Assert.Throws<InvalidDataException>(() => ElfVersionTables.Parse(truncated, "short.so"));
        Assert.Contains("short.so", t.Message);
        Assert.Contains("byte", t.Message);
    }
}
