namespace CompatNotebooks.Data;

/// <summary>What <see cref="MetadataReader"/> does with a bad line.</summary>
public enum MetadataErrorPolicy
{
    /// <summary>Stop with a <see cref="MetadataFormatException"/> (file, line, column).</summary>
    Throw,

    /// <summary>Skip the line, count it by reason and keep the first few messages in the report.</summary>
    SkipAndCount,
}

/// <summary>Options for <see cref="MetadataReader.Read"/>.</summary>
public sealed record MetadataReadOptions
{
    /// <summary>Stop at the first bad line (default) or skip and count.</summary>
    public MetadataErrorPolicy OnError { get; init; } = MetadataErrorPolicy.Throw;

    /// <summary>Share one string instance per distinct short string (ASINs in the related lists, category
    /// names): less memory when every product is kept, but the span-keyed pool currently costs ~4× the parse
    /// time on a full category (measured: 1.9 s vs 0.38 s for 84,000 lines), so it is off by default.</summary>
    public bool PoolStrings { get; init; }

    /// <summary>Read the known keys straight into the record (default); off = always parse the line into a
    /// generic dict first and map it (same results, slower; kept for checking the fast path).</summary>
    public bool TypedFastPath { get; init; } = true;

    /// <summary>How many error messages the report keeps (counts are always complete).</summary>
    public int MaxErrorMessages { get; init; } = 10;

    /// <summary>Told after each batch of lines (about a thousand) how far the read has got, from the thread that
    /// enumerates the reader; null (default) = not told.</summary>
    public IProgress<MetadataReadProgress>? Progress { get; init; }
}
