namespace CompatNotebooks.Data;

/// <summary>How far a conversion to a feature store has got: bytes of the <c>.b</c> file read so far, of all.</summary>
/// <param name="BytesRead">Bytes of the source read and converted.</param>
/// <param name="TotalBytes">The source's length.</param>
/// <param name="Elapsed">Time since the conversion started.</param>
public readonly record struct FeatureStoreProgress(long BytesRead, long TotalBytes, TimeSpan Elapsed)
{
    /// <summary>Fraction done, 0..1.</summary>
    public double Fraction => TotalBytes == 0 ? 1 : (double)BytesRead / TotalBytes;
}
