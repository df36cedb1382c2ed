namespace CompatNotebooks.Data;

/// <summary>One batch of source records on its way through <see cref="FeatureStoreConverter"/>: the raw records, what
/// encoding found per record, and the encoded rows it kept (slices of <see cref="Encoded"/>, written as they are).</summary>
internal sealed class ConversionBatch
{
    public ConversionBatch(int records, long recordSize, int dimension)
    {
        Input = new byte[records * recordSize];
        Encoded = new byte[records][];
        Gathered = new float[records][];
        for (int i = 0; i < records; i++)
        {
            Encoded[i] = new byte[FeatureStoreRowCodec.MaxBytes(dimension)];
            Gathered[i] = new float[dimension];
        }
        EncodedLength = new int[records];
        RowNonZeros = new int[records];
        InvalidAt = new int[records];
        RowMax = new float[records];
        RecordChecksum = new ulong[records];
        RowChecksum = new uint[records];
    }

    /// <summary>Index of the batch's first record in the source.</summary>
    public int First;

    /// <summary>Records in the batch.</summary>
    public int Count;

    /// <summary>The records as read.</summary>
    public readonly byte[] Input;

    /// <summary>Per record: its encoded row, its length, non-zeros, first NaN/Inf (or -1), largest value, the checksum
    /// of the raw record, and the row's checksum seeded with the row number it gets when nothing before it is skipped.</summary>
    public readonly byte[][] Encoded;
    public readonly float[][] Gathered;
    public readonly int[] EncodedLength, RowNonZeros, InvalidAt;
    public readonly float[] RowMax;
    public readonly ulong[] RecordChecksum;
    public readonly uint[] RowChecksum;

    /// <summary>The kept rows in order, and their bytes in all.</summary>
    public readonly List<ReadOnlyMemory<byte>> Kept = [];
    public long KeptBytes;
}
