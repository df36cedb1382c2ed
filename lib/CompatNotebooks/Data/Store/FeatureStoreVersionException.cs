namespace CompatNotebooks.Data;

/// <summary>A feature store written by another format version: not an error of the data, so the catalog converts
/// the source again instead of stopping.</summary>
internal sealed class FeatureStoreVersionException(string path, int version)
    : IOException($"Feature store '{path}' has format version {version}; this library reads version {FeatureStoreHeader.CurrentVersion}.")
{
    /// <summary>The store file.</summary>
    public string Path { get; } = path;
}
