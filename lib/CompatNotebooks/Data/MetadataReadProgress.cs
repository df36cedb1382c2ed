namespace CompatNotebooks.Data;

/// <summary>How far a <see cref="MetadataReader"/> has got: lines handed out so far and bytes of the file (as stored,
/// so compressed for a <c>.json.gz</c>) read from disk, of all.</summary>
/// <param name="Lines">Lines read and handed out (products, blank and skipped lines).</param>
/// <param name="BytesRead">Bytes of the file read from disk; the reading thread runs a few batches ahead of
/// <paramref name="Lines"/>.</param>
/// <param name="TotalBytes">The file's length on disk.</param>
/// <param name="Elapsed">Time since the enumeration started.</param>
public readonly record struct MetadataReadProgress(long Lines, long BytesRead, long TotalBytes, TimeSpan Elapsed)
{
    /// <summary>Fraction of the file read, 0..1.</summary>
    public double Fraction => TotalBytes <= 0 ? 1 : Math.Clamp((double)BytesRead / TotalBytes, 0, 1);
}
