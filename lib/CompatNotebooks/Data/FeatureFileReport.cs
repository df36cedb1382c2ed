namespace CompatNotebooks.Data;

/// <summary>A record that was left out of the rows, with where it is in the file.</summary>
/// <param name="RecordIndex">Zero-based record index in the file.</param>
/// <param name="ByteOffset">Byte offset of the record (its ASIN) in the file.</param>
/// <param name="Asin">The record's ASIN.</param>
/// <param name="Reason">Why it was left out.</param>
public sealed record SkippedFeatureRecord(long RecordIndex, long ByteOffset, string Asin, string Reason);

/// <summary>What opening or streaming a feature file found and did: counts, the skipped records (first few
/// listed), the largest value and the scale applied.</summary>
public sealed record FeatureFileReport
{
    /// <summary>How many skipped records are listed in <see cref="Examples"/> at most.</summary>
    public const int MaxExamples = 10;

    /// <summary>The feature file.</summary>
    public required string Path { get; init; }

    /// <summary>Floats per record.</summary>
    public required int Dimension { get; init; }

    /// <summary>Records in the file.</summary>
    public required long Records { get; init; }

    /// <summary>Records kept as rows.</summary>
    public required long Rows { get; init; }

    /// <summary>Records left out because their ASIN was already seen (policy <see cref="DuplicatePolicy.KeepFirst"/>).</summary>
    public required long Duplicates { get; init; }

    /// <summary>Records holding NaN/Inf (left out under <see cref="InvalidValuePolicy.SkipRow"/>).</summary>
    public required long InvalidValueRows { get; init; }

    /// <summary>Whether every value was checked.</summary>
    public required bool ValuesValidated { get; init; }

    /// <summary>The largest finite value among kept rows, when values were checked.</summary>
    public float? MaxValue { get; init; }

    /// <summary>The factor consumers multiply values by (1 unless <see cref="FeatureFileOptions.ScaleByMax"/>).</summary>
    public float Scale { get; init; } = 1f;

    /// <summary>The first <see cref="MaxExamples"/> skipped records.</summary>
    public IReadOnlyList<SkippedFeatureRecord> Examples { get; init; } = [];

    /// <summary>A one-line human summary.</summary>
    public override string ToString() =>
        $"{System.IO.Path.GetFileName(Path)}: {Records:N0} records × {Dimension}, {Rows:N0} rows kept, " +
        $"{Duplicates:N0} duplicate ASINs skipped (first kept), {InvalidValueRows:N0} NaN/Inf rows skipped, " +
        (ValuesValidated ? $"values checked, max {MaxValue}" : "values not checked") +
        (Scale != 1f ? $", scale 1/{1 / Scale}" : "");
}
