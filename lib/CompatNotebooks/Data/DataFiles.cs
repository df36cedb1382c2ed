namespace CompatNotebooks.Data;

/// <summary>
/// The file names of the 2014 Amazon product data (McAuley et al.), one pair per category:
/// <c>image_features_&lt;Category&gt;.b</c> and <c>meta_&lt;Category&gt;.json.gz</c>.
/// </summary>
public static class DataFiles
{
    /// <summary>The feature file name of <paramref name="category"/> (file-name spelling, e.g. <c>Musical_Instruments</c>).</summary>
    public static string FeatureFileName(string category) => $"image_features_{FileCategory(category)}.b";

    /// <summary>The metadata file name of <paramref name="category"/> (file-name spelling).</summary>
    public static string MetadataFileName(string category) => $"meta_{FileCategory(category)}.json.gz";

    /// <summary>The file-name spelling of a category: spaces become underscores (<c>Musical Instruments</c> →
    /// <c>Musical_Instruments</c>).</summary>
    public static string FileCategory(string category)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        return category.Trim().Replace(' ', '_');
    }
}
