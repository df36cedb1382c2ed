using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace CompatNotebooks.Interop;

/// <summary>What <see cref="TorchNative.EnsureLoaded"/> found and did.</summary>
/// <param name="Patched">True when a patched copy of <c>libLibTorchSharp.so</c> was loaded.</param>
/// <param name="Reason">One sentence saying why (shown by notebooks and in error messages).</param>
/// <param name="LibraryPath">The native library that was loaded, or null when TorchSharp loads its own.</param>
public sealed record TorchNativeStatus(bool Patched, string Reason, string? LibraryPath);

/// <summary>
/// Makes TorchSharp's native library loadable on systems whose libstdc++ is older than the one it was built
/// against. TorchSharp-cpu 0.107.0's <c>libLibTorchSharp.so</c> declares a need for <c>GLIBCXX_3.4.32</c>
/// (for one symbol it never calls, <c>std::ios_base_library_init</c>); Debian 12 ships libstdc++ with
/// <c>GLIBCXX_3.4.30</c>, so the dynamic linker refuses the library and every <c>torch.*</c> call throws.
/// </summary>
/// <remarks>
/// <para>
/// Where needed (Linux, and the loaded libstdc++ lacks only versions listed in <see cref="ToleratedMissingVersions"/>),
/// <see cref="EnsureLoaded"/> writes a copy of <c>libLibTorchSharp.so</c> into
/// <c>$XDG_CACHE_HOME/compat-notebooks/torch-&lt;hash&gt;/</c> (default <c>~/.cache</c>) in which that one
/// version-needed entry is marked weak (<c>VER_FLG_WEAK</c>), symlinks libtorch's shared objects beside it
/// (the copy finds them through its <c>$ORIGIN</c> run path), loads it with <see cref="NativeLibrary.Load(string)"/>
/// and answers TorchSharp's <c>DllImport("LibTorchSharp")</c> with that handle. Everything else in the file is
/// byte-identical. Where the system library is new enough it does nothing.
/// </para>
/// <para>
/// Nothing runs on assembly load: the code that is about to touch TorchSharp calls it (the model constructors,
/// <c>CompatibilityModelFile</c>, the tensor views of t-SNE results, and the notebooks' <c>NotebookSetup.Prepare()</c>),
/// so a host that never uses TorchSharp never pays for it. It also works when a kernel referenced
/// <c>TorchSharp-cpu</c> by <c>#r</c> first, as long as no <c>torch.*</c> call came before it.
/// </para>
/// </remarks>
public static class TorchNative
{
    /// <summary>Versions that may be missing from the system libstdc++ and are safe to mark weak:
    /// TorchSharp never calls the only symbol bound to them.</summary>
    public static IReadOnlyList<string> ToleratedMissingVersions { get; } = ["GLIBCXX_3.4.32"];

    private const string TorchSharpLibrary = "libLibTorchSharp.so";
    private const string LibStdCxx = "libstdc++.so.6";
    private static readonly object Gate = new();
    private static TorchNativeStatus? _status;
    private static IntPtr _handle;
    private static int _resolverState; // 0 = not tried, 1 = registered, 2 = another resolver owns the assembly

    /// <summary>
    /// Checks once per process whether TorchSharp's native library can load against this system's libstdc++, and if
    /// not, loads a patched copy before TorchSharp's first native call. Idempotent and thread-safe; cheap after the
    /// first call.
    /// </summary>
    /// <exception cref="NotSupportedException">The native library needs more than the tolerated missing versions, or
    /// TorchSharp's native files cannot be found.</exception>
    public static TorchNativeStatus EnsureLoaded()
    {
        var done = Volatile.Read(ref _status);
        if (done is not null)
            return done;
        lock (Gate)
        {
            if (_status is not null)
                return _status;
            var status = Prepare();
            RegisterResolver();
            Volatile.Write(ref _status, status);
            return status;
        }
    }

    private static void RegisterResolver()
    {
        if (Interlocked.CompareExchange(ref _resolverState, 1, 0) != 0)
            return;
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(TorchSharp.torch).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // Someone else registered a resolver for TorchSharp: preloading alone still works, because the
            // runtime's probe for "libLibTorchSharp.so" matches the soname of the copy already loaded.
            Volatile.Write(ref _resolverState, 2);
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name is not ("LibTorchSharp" or TorchSharpLibrary))
            return IntPtr.Zero;
        try
        {
            EnsureLoaded();
        }
        catch (Exception)
        {
            return IntPtr.Zero; // let TorchSharp report its own load failure
        }
        return _handle;
    }

    private static TorchNativeStatus Prepare()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return new(false, "Not Linux x64: TorchSharp loads its native library unchanged.", null);

        var torchSharp = typeof(TorchSharp.torch).Assembly;
        var nativeDir = TorchNativeLocations.FindTorchSharpNativeDirectory(torchSharp)
            ?? throw new NotSupportedException(
                $"Cannot find {TorchSharpLibrary} for TorchSharp at {torchSharp.Location}; looked in {string.Join(", ", TorchNativeLocations.TorchSharpCandidates(torchSharp))}.");
        var original = Path.Combine(nativeDir, TorchSharpLibrary);
        var originalBytes = File.ReadAllBytes(original);
        var needs = ElfVersionTables.Parse(originalBytes, original).Needs
            .Where(n => n.File == LibStdCxx && !n.IsWeak).ToList();

        var systemLibrary = TorchNativeLocations.LoadedLibStdCxx();
        var defined = ElfVersionTables.Read(systemLibrary).Definitions.ToHashSet(StringComparer.Ordinal);
        var missing = needs.Where(n => !defined.Contains(n.Name)).ToList();
        if (missing.Count == 0)
            return new(false, $"{systemLibrary} provides every version {TorchSharpLibrary} needs: no patch.", null);

        var intolerable = missing.Where(n => !ToleratedMissingVersions.Contains(n.Name)).Select(n => n.Name).ToList();
        if (intolerable.Count > 0)
            throw new NotSupportedException(
                $"{original} needs {string.Join(", ", intolerable)} from {LibStdCxx}, which {systemLibrary} does not define; " +
                "only an unused " + string.Join(", ", ToleratedMissingVersions) + " can be patched. Install a newer libstdc++.");

        var torchDir = TorchNativeLocations.FindLibTorchDirectory(torchSharp, nativeDir)
            ?? throw new NotSupportedException(
                $"Cannot find libtorch_cpu.so (package libtorch-cpu-linux-x64) next to {original} or in the NuGet cache.");

        var copy = WritePatchedCopy(originalBytes, missing, torchDir, CacheDirectory(originalBytes, torchDir));
        _handle = NativeLibrary.Load(copy);
        return new(true,
            $"{systemLibrary} lacks {string.Join(", ", missing.Select(m => m.Name))}; loaded a copy of {original} with that " +
            "version-needed entry marked weak (the one symbol bound to it is never called).", copy);
    }

    /// <summary>
    /// Writes <paramref name="original"/> with <paramref name="missing"/> marked weak to <c>libLibTorchSharp.so</c> in
    /// <paramref name="cacheDir"/> (unless an identical file is there) and links every shared object of
    /// <paramref name="torchDir"/> beside it, where the copy's <c>$ORIGIN</c> run path finds them; returns the copy's path.
    /// </summary>
    internal static string WritePatchedCopy(byte[] original, IEnumerable<ElfVersionNeed> missing, string torchDir, string cacheDir)
    {
        var copy = Path.Combine(cacheDir, TorchSharpLibrary);
        WriteIfDifferent(copy, MarkWeak(original, missing));
        LinkLibTorch(torchDir, cacheDir);
        return copy;
    }

    /// <summary>Returns a copy of <paramref name="elf"/> with the given version-needed entries' flags set to weak;
    /// every other byte is unchanged.</summary>
    internal static byte[] MarkWeak(ReadOnlySpan<byte> elf, IEnumerable<ElfVersionNeed> entries)
    {
        var copy = elf.ToArray();
        foreach (var entry in entries)
        {
            var flags = (ushort)(entry.Flags | ElfVersionTables.WeakFlag);
            copy[entry.FlagsOffset] = (byte)flags;
            copy[entry.FlagsOffset + 1] = (byte)(flags >> 8);
        }
        return copy;
    }

    private static string CacheDirectory(byte[] original, string torchDir)
    {
        // Keyed by the original's content and libtorch's location, so a package update gets a fresh copy.
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(original);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(torchDir)));
        var key = Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(root))
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        foreach (var baseDir in new[] { root, Path.GetTempPath() })
        {
            var dir = Path.Combine(baseDir, "compat-notebooks", "torch-" + key);
            try
            {
                Directory.CreateDirectory(dir);
                return dir;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        throw new IOException($"Cannot create a cache directory for the patched {TorchSharpLibrary} under {root} or {Path.GetTempPath()}.");
    }

    private static void WriteIfDifferent(string path, byte[] bytes)
    {
        if (File.Exists(path) && new FileInfo(path).Length == bytes.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
            return;
        // Write beside and rename: other processes either see the old complete file or the new one.
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    private static void LinkLibTorch(string torchDir, string cacheDir)
    {
        foreach (var file in Directory.EnumerateFiles(torchDir))
        {
            var name = Path.GetFileName(file);
            if (name == TorchSharpLibrary || !(name.EndsWith(".so", StringComparison.Ordinal) || name.Contains(".so.", StringComparison.Ordinal)))
                continue;
            var link = Path.Combine(cacheDir, name);
            var target = Path.GetFullPath(file);
            var existing = new FileInfo(link);
            if (existing.LinkTarget == target)
                continue;
            var temp = $"{link}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            File.CreateSymbolicLink(temp, target);
            File.Move(temp, link, overwrite: true);
        }
    }
}
