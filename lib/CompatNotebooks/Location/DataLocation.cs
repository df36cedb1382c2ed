using CompatNotebooks.Synthetic;

namespace CompatNotebooks.Location;

/// <summary>
/// Decides which folder holds the data files: an explicit folder (a notebook's <c>dataDir</c> parameter, the
/// CLI's <c>--data</c>), else the <c>COMPAT_DATA_DIR</c> environment variable, else the generated sample in
/// <c>&lt;repo&gt;/data/sample/</c> (or a per-user cache folder outside a checkout), generated on first use.
/// </summary>
public static class DataLocation
{
    /// <summary>Environment variable that points everything at a data folder (e.g. the real 2014 files).</summary>
    public const string EnvironmentVariable = "COMPAT_DATA_DIR";

    /// <summary>Name of the file whose content marks a complete sample folder (see <see cref="SampleData.Stamp"/>).</summary>
    public const string StampFileName = SampleData.StampFileName;

    /// <summary>
    /// Returns the data folder to use. An explicit or environment folder must exist (no generation there);
    /// the default sample folder is generated when its stamp is missing or was made with other options.
    /// </summary>
    /// <param name="dataDir">Explicit folder, or null/empty for the environment variable or the sample.</param>
    /// <param name="sample">Options of the default sample (default size and seed when null).</param>
    /// <exception cref="DirectoryNotFoundException">An explicit or environment folder does not exist.</exception>
    public static string Resolve(string? dataDir = null, SampleDataOptions? sample = null)
    {
        if (!string.IsNullOrWhiteSpace(dataDir))
            return Existing(dataDir, "the dataDir parameter / --data option");
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return Existing(fromEnvironment, $"the {EnvironmentVariable} environment variable");
        return EnsureSample(DefaultSampleDirectory(), sample ?? new SampleDataOptions());
    }

    /// <summary><c>&lt;repo&gt;/data/sample</c> when running inside a checkout (found by walking up to the folder
    /// holding <c>CompatNotebooks.sln</c> from the current directory or the application's), else a per-user cache.</summary>
    public static string DefaultSampleDirectory()
    {
        string? root = FindRepositoryRoot(Environment.CurrentDirectory) ?? FindRepositoryRoot(AppContext.BaseDirectory);
        if (root is not null) return Path.Combine(root, "data", "sample");
        string cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        if (string.IsNullOrEmpty(cache)) cache = Path.GetTempPath();
        return Path.Combine(cache, "CompatNotebooks", "sample");
    }

    /// <summary>
    /// Makes sure <paramref name="directory"/> holds a complete sample for <paramref name="options"/>: if the stamp
    /// matches, nothing is done; otherwise one process at a time (a lock file) generates the files (staged, moved into
    /// place, stamp written last: see <see cref="SampleData.Generate"/>) — so concurrent test processes never read
    /// half files or a mix of two generations.
    /// </summary>
    public static string EnsureSample(string directory, SampleDataOptions options)
    {
        directory = Path.GetFullPath(directory);
        string stamp = SampleData.Stamp(options);
        string stampPath = Path.Combine(directory, StampFileName);
        if (IsStamped(stampPath, stamp)) return directory;
        Directory.CreateDirectory(directory);
        using var gate = AcquireLock(Path.Combine(directory, ".sample.lock"));
        if (IsStamped(stampPath, stamp)) return directory; // another process finished while we waited
        SampleData.Generate(directory, options); // writes the stamp last
        return directory;
    }

    private static bool IsStamped(string stampPath, string stamp)
    {
        try { return File.Exists(stampPath) && File.ReadAllText(stampPath).Trim() == stamp; }
        catch (IOException) { return false; }
    }

    private static FileStream AcquireLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); } // left in place: deleting it would let two processes lock different inodes
            catch (IOException) when (DateTime.UtcNow < deadline) { Thread.Sleep(100); }
        }
    }

    private static string Existing(string dir, string source)
    {
        string full = Path.GetFullPath(dir);
        return Directory.Exists(full) ? full : throw new DirectoryNotFoundException($"Data folder '{full}' (from {source}) does not exist.");
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CompatNotebooks.sln"))) return dir.FullName;
        return null;
    }
}
