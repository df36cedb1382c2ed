namespace CompatNotebooks.Data;

/// <summary>
/// Where the store of a <c>.b</c> file lives and when it must be written again. <c>image_features_X.b</c> →
/// <c>image_features_X.compact</c> beside it when its folder is writable, else in the cache folder
/// (<c>$XDG_CACHE_HOME/compat-notebooks</c>, else <c>~/.cache/compat-notebooks</c>), under a sub-folder named after a
/// checksum of the source's full path so two categories or two copies never share a store. A store is current when
/// its header records the source's length, modification time and sampled-block checksum (<see cref="SourceFingerprint"/>)
/// and the options' dimension and policies; otherwise (or when it is of another format version) it is converted again.
/// </summary>
public static class FeatureStoreFiles
{
    /// <summary>The store's file extension.</summary>
    public const string Extension = ".compact";

    /// <summary>The store's file name for <paramref name="sourcePath"/>.</summary>
    public static string FileName(string sourcePath) => System.IO.Path.ChangeExtension(System.IO.Path.GetFileName(sourcePath), Extension);

    /// <summary>The cache folder used when the data folder is not writable.</summary>
    public static string CacheFolder()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = !string.IsNullOrWhiteSpace(xdg) && System.IO.Path.IsPathRooted(xdg)
            ? xdg
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return System.IO.Path.Combine(root, "compat-notebooks");
    }

    /// <summary>The store path in the cache folder for <paramref name="sourcePath"/>.</summary>
    public static string CachePath(string sourcePath)
    {
        string full = System.IO.Path.GetFullPath(sourcePath);
        ulong key = StoreHash.Of(System.Text.Encoding.UTF8.GetBytes(full));
        return System.IO.Path.Combine(CacheFolder(), key.ToString("x16"), FileName(full));
    }

    /// <summary>The store path beside <paramref name="sourcePath"/>.</summary>
    public static string BesidePath(string sourcePath)
    {
        string full = System.IO.Path.GetFullPath(sourcePath);
        return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full)!, FileName(full));
    }

    /// <summary>Where a new store for <paramref name="sourcePath"/> goes: beside it when that folder is writable,
    /// else the cache path.</summary>
    public static string DefaultPath(string sourcePath) =>
        IsWritable(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(sourcePath))!) ? BesidePath(sourcePath) : CachePath(sourcePath);

    /// <summary>An existing store for <paramref name="sourcePath"/> (beside it, then in the cache), current or not; null if none.</summary>
    public static string? Find(string sourcePath) =>
        new[] { BesidePath(sourcePath), CachePath(sourcePath) }.FirstOrDefault(File.Exists);

    /// <summary>Whether the store at <paramref name="storePath"/> was converted from <paramref name="sourcePath"/> as
    /// it is now, with <paramref name="options"/>; <paramref name="reason"/> says why not. A store that cannot be read
    /// as one at all is not current either (its reason names the problem).</summary>
    public static bool IsCurrent(string storePath, string sourcePath, FeatureFileOptions options, out string reason)
    {
        FeatureStoreHeader header;
        try
        {
            header = FeatureStore.ReadHeader(storePath);
        }
        catch (FeatureStoreVersionException e)
        {
            reason = e.Message;
            return false;
        }
        var source = SourceFingerprint.Of(sourcePath);
        reason = header.SourceLength != source.Length ? $"the source's length changed ({header.SourceLength} → {source.Length} bytes)"
            : header.SourceModifiedTicks != source.ModifiedTicks ? "the source's modification time changed"
            : header.SourceSampleChecksum != source.SampleChecksum ? "the source's contents changed (sampled blocks differ)"
            : header.Dimension != options.Dimension ? $"it holds dimension {header.Dimension}, not {options.Dimension}"
            : header.PolicyBits != FeatureStoreHeader.PolicyBitsOf(options) ? "it was converted with other duplicate / NaN policies"
            : "";
        return reason.Length == 0;
    }

    /// <summary>Opens the current store of <paramref name="sourcePath"/>, converting it first (reporting progress)
    /// when there is none or it is stale. A corrupt or truncated current store is an error, not silently replaced.</summary>
    /// <param name="sourcePath">The <c>.b</c> file.</param>
    /// <param name="options">Dimension and policies (null: defaults).</param>
    /// <param name="progress">Told during a conversion.</param>
    /// <param name="conversion">What was converted, or null when a current store was found.</param>
    /// <exception cref="FeatureFileException">A bad source record, or a corrupt store (naming the file and byte offset).</exception>
    public static FeatureStore OpenOrConvert(string sourcePath, FeatureFileOptions? options, IProgress<FeatureStoreProgress>? progress,
        out FeatureStoreSummary? conversion)
    {
        options ??= FeatureFileOptions.Default;
        conversion = null;
        // A current store beside the source or in the cache (a stale one beside a read-only source stays stale, so the
        // cache is looked at too); else a new one where DefaultPath says.
        string? current = new[] { BesidePath(sourcePath), CachePath(sourcePath) }
            .FirstOrDefault(path => File.Exists(path) && IsCurrent(path, sourcePath, options, out _));
        if (current is null)
        {
            current = DefaultPath(sourcePath);
            conversion = FeatureStoreConverter.Convert(sourcePath, current, options, progress);
        }
        return FeatureStore.Open(current, sourcePath, options);
    }

    private static bool IsWritable(string folder)
    {
        try
        {
            string probe = System.IO.Path.Combine(folder, $".compat-notebooks-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }
}
