using System.Diagnostics;
using CompatNotebooks.Data;

namespace CompatNotebooks.Catalog;

public sealed partial class ProductCatalog
{
    /// <summary>
    /// Opens <c>image_features_&lt;category&gt;.b</c> (memory-mapped) and streams <c>meta_&lt;category&gt;.json.gz</c>
    /// from <paramref name="dataDir"/> and joins them. The catalog owns the mapping: dispose it when done.
    /// </summary>
    /// <param name="dataDir">Folder holding the files; null or empty = <see cref="DataLocation.Resolve"/>
    /// (<c>COMPAT_DATA_DIR</c>, else the generated sample).</param>
    /// <param name="category">File-name spelling (<c>Musical_Instruments</c>); spaces are accepted for underscores.</param>
    /// <param name="options">Which items to keep and how to treat bad input.</param>
    /// <exception cref="FileNotFoundException">A file is missing (the message names it).</exception>
    public static ProductCatalog Load(string? dataDir, string category, CatalogOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        options ??= new CatalogOptions();
        var clock = Stopwatch.StartNew();
        string dir = DataLocation.Resolve(dataDir);
        string fileCategory = category.Trim().Replace(' ', '_');
        string featurePath = Path.Combine(dir, SampleData.FeatureFileName(fileCategory));
        string metadataPath = Path.Combine(dir, SampleData.MetadataFileName(fileCategory));
        foreach (var path in new[] { featurePath, metadataPath })
            if (!File.Exists(path))
                throw new FileNotFoundException(
                    $"Data file '{path}' not found for category '{category}'. See data/README.md for the file names and how to download them.", path);

        var matrix = FeatureMatrix.Open(featurePath, options.FeatureFile);
        try
        {
            using var reader = MetadataReader.Read(metadataPath, new MetadataReadOptions
            {
                OnError = options.SkipMalformedMetadata ? MetadataErrorPolicy.SkipAndCount : MetadataErrorPolicy.Throw,
            });
            var catalog = Join(matrix, matrix, reader, options, owned: matrix);
            return catalog.WithElapsed(clock.Elapsed);
        }
        catch
        {
            matrix.Dispose();
            throw;
        }
    }

    private ProductCatalog WithElapsed(TimeSpan elapsed)
    {
        _report = _report with { Elapsed = elapsed };
        return this;
    }
}
