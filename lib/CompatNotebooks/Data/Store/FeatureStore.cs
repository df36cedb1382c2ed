using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace CompatNotebooks.Data;

/// <summary>
/// A feature store (<c>image_features_&lt;Category&gt;.compact</c>, written by <see cref="FeatureStoreConverter"/>)
/// held in memory (read, or mapped when larger than memory allows: <see cref="Residency"/>): the features of a category in a fraction of the <c>.b</c> file's size (sparse rows of
/// uint16 positions and float32 values, or float16 for dense rows; see <see cref="FeatureStoreRowCodec"/>). Rows are
/// decoded on request — <see cref="Row(int, Span{float})"/> into the caller's buffer — and sparse rows are handed to
/// the sparse trainer in place (<see cref="TryGetNonZeros"/>: native memory that never moves); an ASIN finds its row in O(1). Every row's checksum is verified when the store is opened.
/// </summary>
/// <remarks>Values come back multiplied by <see cref="Scale"/> (1 unless <see cref="FeatureFileOptions.ScaleByMax"/>):
/// unlike the mapped <see cref="FeatureMatrix"/>, whose rows are raw spans into the file, a decoded copy can carry the
/// scale. Reading is thread-safe; reading a disposed store throws <see cref="ObjectDisposedException"/>.</remarks>
public sealed unsafe class FeatureStore : ISparseFeatureRows, IAsinIndex, IRowPrefetch, IDisposable
{
    private readonly FeatureStoreHeader _header;
    private readonly StoreBytes _memory;
    private byte* _bytes;
    private readonly long* _offsets; // into _bytes: (Rows + 1) offsets relative to the data start
    private readonly string[] _asins;
    private readonly AsinRowTable _rowOf;

    private FeatureStore(string path, string sourcePath, FeatureStoreHeader header, StoreBytes memory, string[] asins,
        AsinRowTable rowOf, float scale, SkippedFeatureRecord[] skipped)
    {
        Path = path;
        SourcePath = sourcePath;
        _header = header;
        _memory = memory;
        _bytes = memory.Base;
        _offsets = (long*)(_bytes + header.OffsetsStart);
        _asins = asins;
        _rowOf = rowOf;
        Scale = scale;
        Report = new FeatureFileReport
        {
            Path = sourcePath,
            Dimension = header.Dimension,
            Records = header.SourceRecords,
            Rows = header.Rows,
            Duplicates = header.Duplicates,
            InvalidValueRows = header.InvalidValueRows,
            ValuesValidated = true,
            MaxValue = header.Rows > 0 ? header.MaxValue : null,
            Scale = scale,
            Examples = skipped,
        };
    }

    /// <summary>The store file.</summary>
    public string Path { get; }

    /// <summary>How the store's bytes are held: <see cref="FeatureStoreResidency.Read"/> or <see cref="FeatureStoreResidency.Map"/>.</summary>
    public FeatureStoreResidency Residency => _memory.Mapped ? FeatureStoreResidency.Map : FeatureStoreResidency.Read;

    /// <summary>The <c>.b</c> file it was converted from (as given to <see cref="Open"/>).</summary>
    public string SourcePath { get; }

    /// <inheritdoc />
    public int Count => _header.Rows;

    /// <inheritdoc />
    public int Dimension => _header.Dimension;

    /// <summary>Factor every returned value has been multiplied by (1 unless opened with
    /// <see cref="FeatureFileOptions.ScaleByMax"/>).</summary>
    public float Scale { get; }

    /// <summary>The source's counts as opening the <c>.b</c> file would report them (skipped records are counted;
    /// their examples are not kept in the store).</summary>
    public FeatureFileReport Report { get; }

    /// <summary>What the store holds (sizes, density, how many rows are sparse).</summary>
    public FeatureStoreSummary Summary => new(SourcePath, Path, _header.SourceRecords, _header.Rows, _header.Duplicates,
        _header.InvalidValueRows, _header.SparseRows, _header.NonZeros, _header.Dimension, _header.SourceLength,
        _header.FileLength, TimeSpan.Zero);

    /// <summary>Opens the store at <paramref name="path"/> (read into memory, or mapped when it would take more than half
    /// the memory available) and verifies it.</summary>
    /// <param name="path">The store file.</param>
    /// <param name="sourcePath">The <c>.b</c> file it stands for (named in reports; not read).</param>
    /// <param name="options">Must have the dimension and duplicate / NaN policies the store was converted with;
    /// <see cref="FeatureFileOptions.ScaleByMax"/> sets <see cref="Scale"/>.</param>
    /// <exception cref="FeatureFileException">A truncated or corrupt store (naming the file and the byte offset of the
    /// first bad section or row), or one converted with other options.</exception>
    /// <param name="residency">Read into memory or mapped (<see cref="FeatureStoreResidency.Automatic"/>: by the memory available).</param>
    public static FeatureStore Open(string path, string sourcePath, FeatureFileOptions? options = null,
        FeatureStoreResidency residency = FeatureStoreResidency.Automatic)
    {
        options ??= FeatureFileOptions.Default;
        FeatureStoreHeader header;
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            var first = new byte[FeatureStoreHeader.Size];
            int headerRead = RandomAccess.Read(handle, first, 0);
            header = FeatureStoreHeader.Read(path, first.AsSpan(0, headerRead), RandomAccess.GetLength(handle));
        }
        if (header.Dimension != options.Dimension || header.PolicyBits != FeatureStoreHeader.PolicyBitsOf(options))
            throw new FeatureFileException(path, null, null,
                $"the store was converted with dimension {header.Dimension} and other duplicate / NaN policies than asked " +
                $"(dimension {options.Dimension}); convert the source again with these options.");
        var memory = StoreBytes.Open(path, header.FileLength, residency);
        try
        {
            byte* bytes = memory.Base;
            if (memory.Mapped) MemoryAdvice.WillNeed(bytes, header.FileLength);
            Verify(path, header, bytes);
            var asins = new string[header.Rows];
            var rowOf = new AsinRowTable(header.Rows);
            for (int r = 0; r < header.Rows; r++)
            {
                long at = header.AsinsStart + (long)FeatureRecordLayout.AsinBytes * r;
                asins[r] = FeatureRecordLayout.DecodeAsin(new ReadOnlySpan<byte>(bytes + at, FeatureRecordLayout.AsinBytes), out var problem)
                           ?? throw FeatureStoreHeader.Corrupt(path, at, $"row {r}: {problem}.");
                if (!rowOf.TryAdd(asins[r], r, out int first))
                    throw FeatureStoreHeader.Corrupt(path, at, $"row {r}: ASIN {asins[r]} repeats row {first}.");
            }
            long skippedAt = header.AsinsStart + (long)FeatureRecordLayout.AsinBytes * header.Rows;
            var skipped = SkippedRecordsSection.Decode(path, new ReadOnlySpan<byte>(bytes + skippedAt, (int)(header.FileLength - skippedAt)), skippedAt);
            float scale = FeatureRecordLayout.ScaleFor(sourcePath, options, header.Rows > 0 ? header.MaxValue : null);
            return new FeatureStore(path, sourcePath, header, memory, asins, rowOf, scale, skipped);
        }
        catch
        {
            memory.Dispose();
            throw;
        }
    }

    /// <summary>Checks the tables' checksum, that the offsets climb through the data with row lengths the codec
    /// knows, and every row's checksum (in parallel); names the first bad place.</summary>
    private static void Verify(string path, FeatureStoreHeader header, byte* bytes)
    {
        var tables = new ReadOnlySpan<byte>(bytes + header.OffsetsStart, (int)(header.FileLength - header.OffsetsStart));
        if (StoreHash.Of(tables, FeatureStoreConverter.TablesSeed) != header.TablesChecksum)
            throw FeatureStoreHeader.Corrupt(path, header.OffsetsStart, "the checksum of the offset, row-checksum and ASIN tables does not match.");
        long* offsets = (long*)(bytes + header.OffsetsStart);
        int d = header.Dimension;
        if (offsets[0] != 0 || offsets[header.Rows] != header.DataLength)
            throw FeatureStoreHeader.Corrupt(path, header.OffsetsStart, "the row offsets do not span the data section.");
        for (int r = 0; r < header.Rows; r++)
        {
            long rowLength = offsets[r + 1] - offsets[r];
            bool known = rowLength == 4L * d || rowLength == FeatureStoreRowCodec.HalfBytes(d)
                         || (rowLength >= 0 && rowLength < 2L * d && FeatureStoreRowCodec.SparseBytes((int)rowLength / 6) == rowLength);
            if (!known)
                throw FeatureStoreHeader.Corrupt(path, header.OffsetsStart + 8L * (r + 1), $"row {r} has an impossible length of {rowLength} bytes.");
        }
        uint* checksums = (uint*)(bytes + header.ChecksumsStart);
        int bad = int.MaxValue;
        Parallel.For(0, header.Rows, () => int.MaxValue, (r, _, firstBad) =>
        {
            var row = new ReadOnlySpan<byte>(bytes + FeatureStoreHeader.Size + offsets[r], (int)(offsets[r + 1] - offsets[r]));
            uint expected = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(checksums + r, 4));
            return (uint)StoreHash.Of(row, (ulong)r) == expected ? firstBad : Math.Min(firstBad, r);
        }, firstBad => InterlockedMin(ref bad, firstBad));
        if (bad != int.MaxValue)
            throw FeatureStoreHeader.Corrupt(path, FeatureStoreHeader.Size + offsets[bad], $"row {bad}: checksum mismatch.");
    }

    private static void InterlockedMin(ref int target, int value)
    {
        int seen;
        while (value < (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    /// <summary>The store's fingerprint of its source and options, compared by <see cref="FeatureStoreFiles"/>.</summary>
    internal static FeatureStoreHeader ReadHeader(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var first = new byte[FeatureStoreHeader.Size];
        int read = RandomAccess.Read(handle, first, 0);
        return FeatureStoreHeader.Read(path, first.AsSpan(0, read), RandomAccess.GetLength(handle));
    }

    /// <inheritdoc />
    /// <remarks>A fresh decoded copy per call.</remarks>
    public ReadOnlySpan<float> Row(int row)
    {
        var copy = new float[Dimension];
        return Row(row, copy);
    }

    /// <inheritdoc />
    /// <remarks>Always decodes into <paramref name="scratch"/>.</remarks>
    public ReadOnlySpan<float> Row(int row, Span<float> scratch)
    {
        var destination = scratch[..Dimension];
        FeatureStoreRowCodec.Decode(Encoded(row), destination);
        if (Scale != 1f) System.Numerics.Tensors.TensorPrimitives.Multiply(destination, Scale, destination);
        return destination;
    }

    /// <inheritdoc />
    public bool TryGetNonZeros(int row, out ReadOnlySpan<ushort> indices, out ReadOnlySpan<float> values)
    {
        var encoded = Encoded(row);
        if (Scale != 1f || !FeatureStoreRowCodec.IsSparse(encoded.Length, Dimension))
        {
            indices = default;
            values = default;
            return false;
        }
        FeatureStoreRowCodec.Sparse(encoded, out indices, out values);
        return true;
    }

    /// <inheritdoc />
    public int CopyNonZeros(int row, Span<ushort> indices, Span<float> values) =>
        FeatureStoreRowCodec.NonZeros(Encoded(row), Dimension, Scale, indices, values);

    /// <inheritdoc />
    public string AsinAt(int row)
    {
        if ((uint)row >= (uint)Count) ThrowRow(row);
        return _asins[row];
    }

    /// <inheritdoc />
    bool IRowPrefetch.InMapping => _memory.Mapped;

    /// <inheritdoc />
    long IRowPrefetch.BytesPerRow => Count == 0 ? 0 : _header.DataLength / Count;

    /// <inheritdoc />
    bool IRowPrefetch.WillNeed(int firstRow, int rowCount)
    {
        ObjectDisposedException.ThrowIf(_bytes is null, this);
        int first = Math.Clamp(firstRow, 0, Count), end = Math.Clamp(firstRow + Math.Max(0, rowCount), 0, Count);
        if (end <= first || !_memory.Mapped) return false;
        return MemoryAdvice.WillNeed(_bytes + FeatureStoreHeader.Size + _offsets[first], _offsets[end] - _offsets[first]);
    }

    /// <inheritdoc />
    public bool TryGetRow(string asin, out int row) => _rowOf.TryGetRow(asin, out row);

    private ReadOnlySpan<byte> Encoded(int row)
    {
        ObjectDisposedException.ThrowIf(_bytes is null, this);
        if ((uint)row >= (uint)Count) ThrowRow(row);
        long start = _offsets[row];
        return new ReadOnlySpan<byte>(_bytes + FeatureStoreHeader.Size + start, (int)(_offsets[row + 1] - start));
    }

    /// <summary>Frees the memory (rows read afterwards throw).</summary>
    public void Dispose()
    {
        if (_bytes is null) return;
        _bytes = null;
        _memory.Dispose();
    }

    private void ThrowRow(int row) =>
        throw new ArgumentOutOfRangeException(nameof(row), row, $"Row {row} is outside 0..{Count - 1}.");
}
