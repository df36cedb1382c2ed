namespace CompatNotebooks.Data;

/// <summary>What a conversion wrote (or, from <see cref="FeatureStore.Summary"/>, what a store holds).</summary>
/// <param name="SourcePath">The <c>.b</c> file.</param>
/// <param name="StorePath">The store file.</param>
/// <param name="Records">Records in the source.</param>
/// <param name="Rows">Rows kept (records less skipped duplicates and NaN/Inf rows).</param>
/// <param name="Duplicates">Records skipped as repeated ASINs.</param>
/// <param name="InvalidValueRows">Records skipped for holding NaN/Inf.</param>
/// <param name="SparseRows">Rows stored sparse (the others dense float16, or float32 when a value exceeds float16).</param>
/// <param name="NonZeros">Non-zero values of all rows.</param>
/// <param name="Dimension">Values per row.</param>
/// <param name="SourceBytes">Length of the source.</param>
/// <param name="StoreBytes">Length of the store.</param>
/// <param name="Elapsed">Conversion time (zero for a store only opened).</param>
public sealed record FeatureStoreSummary(string SourcePath, string StorePath, long Records, long Rows, long Duplicates,
    long InvalidValueRows, long SparseRows, long NonZeros, int Dimension, long SourceBytes, long StoreBytes, TimeSpan Elapsed)
{
    /// <summary>Fraction of values that are non-zero.</summary>
    public double Density => Rows == 0 ? 0 : (double)NonZeros / (Rows * (double)Dimension);

    /// <summary>One line for people.</summary>
    public override string ToString() =>
        $"{Path.GetFileName(StorePath)}: {Rows:N0} rows × {Dimension} from {Records:N0} records " +
        $"({Duplicates:N0} duplicates, {InvalidValueRows:N0} NaN/Inf rows skipped), {Density:P1} non-zero, " +
        $"{SparseRows:N0} rows sparse, {StoreBytes / 1e6:N1} MB from {SourceBytes / 1e6:N1} MB ({(double)StoreBytes / Math.Max(1, SourceBytes):P1})";
}
