using System.Reflection;
using System.Runtime.InteropServices;

namespace CompatNotebooks.Interop;

/// <summary>
/// Finds TorchSharp's and libtorch's native directories in the three places they live: a build output
/// (<c>runtimes/linux-x64/native</c> beside the app, listed in <c>NATIVE_DLL_SEARCH_DIRECTORIES</c>), the NuGet
/// package cache when TorchSharp.dll was loaded from there (a notebook kernel after <c>#r "nuget: TorchSharp-cpu"</c>),
/// and the cache's separate <c>libtorch-cpu-linux-x64</c> package.
/// </summary>
internal static class TorchNativeLocations
{
    private const string Rid = "linux-x64";

    /// <summary>Directories that may hold <c>libLibTorchSharp.so</c>, most specific first.</summary>
    public static IEnumerable<string> TorchSharpCandidates(Assembly torchSharp)
    {
        foreach (var dir in RuntimeSearchDirectories())
            yield return dir;
        var assemblyDir = Path.GetDirectoryName(torchSharp.Location);
        if (!string.IsNullOrEmpty(assemblyDir))
        {
            yield return assemblyDir;
            yield return Path.Combine(assemblyDir, "runtimes", Rid, "native");
            // NuGet layout: torchsharp/<version>/lib/net8.0/TorchSharp.dll → torchsharp/<version>/runtimes/...
            yield return Path.GetFullPath(Path.Combine(assemblyDir, "..", "..", "runtimes", Rid, "native"));
        }
        var version = torchSharp.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];
        if (version is not null)
            foreach (var packages in PackageRoots(torchSharp))
                yield return Path.Combine(packages, "torchsharp", version, "runtimes", Rid, "native");
    }

    /// <summary>The first candidate directory holding <c>libLibTorchSharp.so</c>, or null.</summary>
    public static string? FindTorchSharpNativeDirectory(Assembly torchSharp) =>
        TorchSharpCandidates(torchSharp).FirstOrDefault(d => File.Exists(Path.Combine(d, "libLibTorchSharp.so")));

    /// <summary>The directory holding <c>libtorch_cpu.so</c> and its siblings, or null.</summary>
    public static string? FindLibTorchDirectory(Assembly torchSharp, string torchSharpNativeDir)
    {
        var candidates = new List<string> { torchSharpNativeDir };
        candidates.AddRange(RuntimeSearchDirectories());
        var libtorchVersion = LibTorchPackageVersion();
        foreach (var packages in PackageRoots(torchSharp))
        {
            var package = Path.Combine(packages, $"libtorch-cpu-{Rid}");
            if (libtorchVersion is not null)
            {
                candidates.Add(Path.Combine(package, libtorchVersion, "runtimes", Rid, "native"));
                // NuGet folders use the normalised version: "2.10.0.0" is restored as "2.10.0".
                if (libtorchVersion.Count(c => c == '.') == 3 && libtorchVersion.EndsWith(".0", StringComparison.Ordinal))
                    candidates.Add(Path.Combine(package, libtorchVersion[..^2], "runtimes", Rid, "native"));
            }
            else if (Directory.Exists(package))
                candidates.AddRange(Directory.GetDirectories(package).OrderByDescending(v => v, StringComparer.Ordinal)
                    .Select(v => Path.Combine(v, "runtimes", Rid, "native")));
        }
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "libtorch_cpu.so")));
    }

    /// <summary>Path of the libstdc++ this process uses (loading it by its soname if nothing has yet).</summary>
    public static string LoadedLibStdCxx()
    {
        var path = FindMappedLibrary("libstdc++.so.6");
        if (path is null)
        {
            NativeLibrary.Load("libstdc++.so.6");
            path = FindMappedLibrary("libstdc++.so.6");
        }
        return path ?? throw new NotSupportedException("libstdc++.so.6 loaded but not found in /proc/self/maps.");
    }

    private static string? FindMappedLibrary(string soname)
    {
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            int slash = line.IndexOf('/');
            if (slash < 0) continue;
            var path = line[slash..];
            if (Path.GetFileName(path).StartsWith(soname, StringComparison.Ordinal))
                return path;
        }
        return null;
    }

    private static IEnumerable<string> RuntimeSearchDirectories() =>
        (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static IEnumerable<string> PackageRoots(Assembly torchSharp)
    {
        var assemblyDir = Path.GetDirectoryName(torchSharp.Location);
        if (!string.IsNullOrEmpty(assemblyDir) && assemblyDir.Contains("torchsharp", StringComparison.OrdinalIgnoreCase))
            yield return Path.GetFullPath(Path.Combine(assemblyDir, "..", "..", "..", ".."));
        var configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrEmpty(configured))
            yield return configured;
        yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }

    /// <summary>TorchSharp's compiled-in libtorch package version (a private constant, read without running
    /// <c>torch</c>'s static constructor).</summary>
    private static string? LibTorchPackageVersion() =>
        typeof(TorchSharp.torch).GetField("libtorchPackageVersion", BindingFlags.NonPublic | BindingFlags.Static) is { IsLiteral: true } field
            ? field.GetRawConstantValue() as string
            : null;
}
