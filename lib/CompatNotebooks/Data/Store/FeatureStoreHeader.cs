using System.Buffers.Binary;

namespace CompatNotebooks.Data;

/// <summary>
/// The fixed 128-byte header of a feature store (<c>image_features_&lt;Category&gt;.compact</c>), little-endian:
/// what the store holds, where its sections are, and the fingerprint of the <c>.b</c> file it was converted from.
/// </summary>
/// <remarks>
/// File layout: header | row data (row after row, see <see cref="FeatureStoreRowCodec"/>) | zero padding to 8 bytes |
/// row offsets ((Rows + 1) × int64, relative to the data start) | row checksums (Rows × uint32) | ASINs (Rows × 10 bytes,
/// padded with spaces as in the <c>.b</c> file) | the first skipped records (see <see cref="SkippedRecordsSection"/>). The sections after the data are written last because the number of
/// kept rows is known only once the source has been streamed.
/// </remarks>
internal sealed record FeatureStoreHeader
{
    /// <summary>Bytes of the header.</summary>
    public const int Size = 128;

    /// <summary>Format version; a store of another version is converted again.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The first 8 bytes of every store.</summary>
    public static ReadOnlySpan<byte> Magic => "CNFSTORE"u8;

    public required int Version { get; init; }
    public required int Dimension { get; init; }
    public required int Rows { get; init; }
    /// <summary>The duplicate and invalid-value policies the rows were chosen with (see <see cref="PolicyBitsOf"/>).</summary>
    public required int PolicyBits { get; init; }
    public required long SourceLength { get; init; }
    public required long SourceModifiedTicks { get; init; }
    /// <summary>Checksum of every byte of the source, computed while converting.</summary>
    public required ulong SourceChecksum { get; init; }
    /// <summary>Checksum of sampled blocks of the source (<see cref="SourceFingerprint"/>), re-checked at every open.</summary>
    public required ulong SourceSampleChecksum { get; init; }
    public required long SourceRecords { get; init; }
    public required long Duplicates { get; init; }
    public required long InvalidValueRows { get; init; }
    /// <summary>The largest value of the kept rows (0 when no row was kept).</summary>
    public required float MaxValue { get; init; }
    public required int SparseRows { get; init; }
    public required long NonZeros { get; init; }
    public required long DataLength { get; init; }
    public required long OffsetsStart { get; init; }
    public required long ChecksumsStart { get; init; }
    public required long AsinsStart { get; init; }
    public required long FileLength { get; init; }
    /// <summary>Checksum of the offset, row-checksum and ASIN sections.</summary>
    public required ulong TablesChecksum { get; init; }

    /// <summary>The policy bits of <paramref name="options"/>: a store serves only the options it was converted with.</summary>
    public static int PolicyBitsOf(FeatureFileOptions options) =>
        (options.Duplicates == DuplicatePolicy.Throw ? 1 : 0) | (options.InvalidValues == InvalidValuePolicy.SkipRow ? 2 : 0);

    public void Write(Span<byte> destination)
    {
        destination[..Size].Clear();
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(destination[12..], Dimension);
        BinaryPrimitives.WriteInt32LittleEndian(destination[16..], Rows);
        BinaryPrimitives.WriteInt32LittleEndian(destination[20..], PolicyBits);
        BinaryPrimitives.WriteInt64LittleEndian(destination[24..], SourceLength);
        BinaryPrimitives.WriteInt64LittleEndian(destination[32..], SourceModifiedTicks);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[40..], SourceChecksum);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[48..], SourceSampleChecksum);
        BinaryPrimitives.WriteInt64LittleEndian(destination[56..], SourceRecords);
        BinaryPrimitives.WriteInt64LittleEndian(destination[64..], Duplicates);
        BinaryPrimitives.WriteInt64LittleEndian(destination[72..], InvalidValueRows);
        BinaryPrimitives.WriteSingleLittleEndian(destination[80..], MaxValue);
        BinaryPrimitives.WriteInt32LittleEndian(destination[84..], SparseRows);
        BinaryPrimitives.WriteInt64LittleEndian(destination[88..], NonZeros);
        BinaryPrimitives.WriteInt64LittleEndian(destination[96..], DataLength);
        BinaryPrimitives.WriteInt64LittleEndian(destination[104..], OffsetsStart);
        BinaryPrimitives.WriteInt64LittleEndian(destination[112..], FileLength);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[120..], TablesChecksum);
        // ChecksumsStart and AsinsStart follow from the others (see Sections) and are not stored.
    }

    /// <summary>Reads and checks a header; <paramref name="path"/> names the store in errors.</summary>
    /// <exception cref="FeatureFileException">Not a store, another version, or sections that do not fit the file.</exception>
    public static FeatureStoreHeader Read(string path, ReadOnlySpan<byte> source, long fileLength)
    {
        if (source.Length < Size)
            throw Corrupt(path, source.Length, $"truncated header: {source.Length} of {Size} bytes.");
        if (!source[..8].SequenceEqual(Magic))
            throw Corrupt(path, 0, "not a feature store (the first 8 bytes are not \"CNFSTORE\").");
        int version = BinaryPrimitives.ReadInt32LittleEndian(source[8..]);
        int dimension = BinaryPrimitives.ReadInt32LittleEndian(source[12..]);
        int rows = BinaryPrimitives.ReadInt32LittleEndian(source[16..]);
        long dataLength = BinaryPrimitives.ReadInt64LittleEndian(source[96..]);
        long offsetsStart = BinaryPrimitives.ReadInt64LittleEndian(source[104..]);
        long recordedLength = BinaryPrimitives.ReadInt64LittleEndian(source[112..]);
        if (version != CurrentVersion)
            throw new FeatureStoreVersionException(path, version);
        if (dimension is <= 0 or > ushort.MaxValue + 1 || rows < 0)
            throw Corrupt(path, 12, $"impossible dimension {dimension} or row count {rows}.");
        var (checksumsStart, asinsStart, end) = Sections(offsetsStart, rows);
        if (dataLength < 0 || offsetsStart != Align8(Size + dataLength) || end + 4 > recordedLength)
            throw Corrupt(path, 96, $"section table does not add up (data {dataLength} B, offsets at {offsetsStart}, end {end}, recorded length {recordedLength}).");
        if (fileLength != recordedLength)
            throw Corrupt(path, Math.Min(fileLength, recordedLength),
                fileLength < recordedLength
                    ? $"truncated: the file has {fileLength} bytes, the header says {recordedLength}."
                    : $"{fileLength - recordedLength} unexpected bytes after the end recorded in the header ({recordedLength}).");
        return new FeatureStoreHeader
        {
            Version = version,
            Dimension = dimension,
            Rows = rows,
            PolicyBits = BinaryPrimitives.ReadInt32LittleEndian(source[20..]),
            SourceLength = BinaryPrimitives.ReadInt64LittleEndian(source[24..]),
            SourceModifiedTicks = BinaryPrimitives.ReadInt64LittleEndian(source[32..]),
            SourceChecksum = BinaryPrimitives.ReadUInt64LittleEndian(source[40..]),
            SourceSampleChecksum = BinaryPrimitives.ReadUInt64LittleEndian(source[48..]),
            SourceRecords = BinaryPrimitives.ReadInt64LittleEndian(source[56..]),
            Duplicates = BinaryPrimitives.ReadInt64LittleEndian(source[64..]),
            InvalidValueRows = BinaryPrimitives.ReadInt64LittleEndian(source[72..]),
            MaxValue = BinaryPrimitives.ReadSingleLittleEndian(source[80..]),
            SparseRows = BinaryPrimitives.ReadInt32LittleEndian(source[84..]),
            NonZeros = BinaryPrimitives.ReadInt64LittleEndian(source[88..]),
            DataLength = dataLength,
            OffsetsStart = offsetsStart,
            ChecksumsStart = checksumsStart,
            AsinsStart = asinsStart,
            FileLength = recordedLength,
            TablesChecksum = BinaryPrimitives.ReadUInt64LittleEndian(source[120..]),
        };
    }

    /// <summary>Where the row-checksum and ASIN sections start, and where the file ends, given the offsets' start.</summary>
    public static (long ChecksumsStart, long AsinsStart, long End) Sections(long offsetsStart, int rows)
    {
        long checksums = offsetsStart + 8L * (rows + 1L);
        long asins = checksums + 4L * rows;
        return (checksums, asins, asins + (long)FeatureRecordLayout.AsinBytes * rows);
    }

    public static long Align8(long value) => (value + 7) & ~7L;

    public static FeatureFileException Corrupt(string path, long offset, string problem) =>
        new(path, null, null, $"corrupt feature store at byte offset {offset}: {problem} " +
                              "Delete the file, or run `compat-notebooks convert` to write it again.");
}
