namespace CompatNotebooks.Data;

/// <summary>What to do when an ASIN occurs more than once in a feature file.</summary>
public enum DuplicatePolicy
{
    /// <summary>Keep the first record of each ASIN, leave later ones out of the rows, and count them in the report.</summary>
    KeepFirst,

    /// <summary>Stop with a <see cref="FeatureFileException"/> at the first repeated ASIN.</summary>
    Throw,
}

/// <summary>What to do with a record holding a NaN or ±Inf value.</summary>
public enum InvalidValuePolicy
{
    /// <summary>Stop with a <see cref="FeatureFileException"/> naming the record and the byte offset of the value.</summary>
    Throw,

    /// <summary>Leave the record out of the rows and count it in the report.</summary>
    SkipRow,
}

/// <summary>How <see cref="FeatureMatrix.Open"/> and <see cref="FeatureFileReader"/> read and check an
/// <c>image_features_&lt;Category&gt;.b</c> file.</summary>
/// <remarks>
/// Defaults: duplicates <see cref="DuplicatePolicy.KeepFirst"/> (counted and listed in the report — real
/// files may repeat an ASIN; the book's <c>asinPos[asin] = len(X)</c> silently let the <em>last</em> record win
/// and left the earlier row orphaned in X), invalid values <see cref="InvalidValuePolicy.Throw"/> (CNN
/// activations are finite; a NaN means a damaged file), every value checked at open.
/// </remarks>
public sealed record FeatureFileOptions
{
    /// <summary>The defaults described on the type.</summary>
    public static FeatureFileOptions Default { get; } = new();

    /// <summary>Floats per record (4096 for the Amazon CNN features).</summary>
    public int Dimension { get; init; } = FeatureRecordLayout.DefaultDimension;

    /// <summary>Policy for repeated ASINs.</summary>
    public DuplicatePolicy Duplicates { get; init; } = DuplicatePolicy.KeepFirst;

    /// <summary>Policy for records holding NaN or ±Inf.</summary>
    public InvalidValuePolicy InvalidValues { get; init; } = InvalidValuePolicy.Throw;

    /// <summary>Check every value for NaN/Inf (and find the largest value) at open. A vectorised parallel pass
    /// over the whole file; turning it off makes open touch only the 10-byte ASINs.</summary>
    public bool ValidateValues { get; init; } = true;

    /// <summary>The paper's normalisation: divide every value by the largest one in the file (58.388599 for the
    /// 2014 features). Off by default, as in the book. When on, <see cref="FeatureMatrix.Scale"/> is
    /// <c>1 / max</c>; <see cref="FeatureMatrix.Row"/> still returns the raw mapped values (zero copy) and the
    /// scaled copies come from <see cref="FeatureMatrix.CopyRow"/>, <see cref="FeatureMatrix.CopyRows"/> and
    /// <see cref="FeatureMatrix.ToDense"/>. Requires <see cref="ValidateValues"/> (the max is found in that pass).</summary>
    public bool ScaleByMax { get; init; }

    // Set by the catalog's strict mode, which forces the Throw policies: the errors then name strict mode as the way
    // out instead of a policy the caller did not choose. Nothing else reads it.
    internal bool Strict { get; init; }
}
