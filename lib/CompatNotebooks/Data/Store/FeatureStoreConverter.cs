using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CompatNotebooks.Data;

/// <summary>
/// Writes a feature store from an <c>image_features_&lt;Category&gt;.b</c> file in one sequential pass: batches of
/// records are read (the next batch while the current one is encoded on every core), checked with the same policies
/// as <see cref="FeatureMatrix.Open"/> (duplicates, NaN/Inf — always checked, since every byte is read anyway),
/// encoded row by row (<see cref="FeatureStoreRowCodec"/>) and appended. Memory stays bounded by two batches plus the
/// per-row tables (about 40 bytes a row with the ASIN index), whatever the file's size. The store is written under a temporary name beside its
/// destination and renamed into place only when complete, so a reader never sees half a store.
/// </summary>
public static class FeatureStoreConverter
{
    private const int BatchRecords = 256;

    /// <summary>Converts <paramref name="sourcePath"/> into a store at <paramref name="storePath"/> (replacing any).</summary>
    /// <param name="sourcePath">The <c>.b</c> file.</param>
    /// <param name="storePath">The store to write; must not be the source.</param>
    /// <param name="options">Dimension and the duplicate / NaN policies (ValidateValues and ScaleByMax do not apply:
    /// values are always checked, and the raw values are stored with their maximum).</param>
    /// <param name="progress">Told after each batch.</param>
    /// <exception cref="FeatureFileException">A bad source record (naming the file, record and byte offset) or a source
    /// that changed while it was being converted.</exception>
    public static FeatureStoreSummary Convert(string sourcePath, string storePath, FeatureFileOptions? options = null,
        IProgress<FeatureStoreProgress>? progress = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourcePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(storePath);
        options ??= FeatureFileOptions.Default;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Dimension);
        if (options.Dimension > ushort.MaxValue + 1)
            throw new NotSupportedException($"The store indexes features with 16 bits; {options.Dimension} dimensions is too many.");
        string source = Path.GetFullPath(sourcePath), store = Path.GetFullPath(storePath);
        if (string.Equals(source, store, StringComparison.Ordinal))
            throw new ArgumentException($"The store would overwrite its source '{source}'.", nameof(storePath));
        var clock = Stopwatch.StartNew();
        int dimension = options.Dimension;
        long recordSize = FeatureRecordLayout.RecordSize(dimension);
        long length = FeatureMatrixLoader.CheckLength(source, recordSize);
        var before = SourceFingerprint.Of(source);
        int records = (int)(length / recordSize);

        Directory.CreateDirectory(Path.GetDirectoryName(store)!);
        string temporary = $"{store}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            var header = Write(source, temporary, options, records, recordSize, length, before, clock, progress);
            var after = SourceFingerprint.Of(source);
            if (after != before)
                throw new FeatureFileException(source, null, null,
                    "the file changed while it was being converted to a feature store; convert it again once it is complete.");
            File.Move(temporary, store, overwrite: true);
            return new FeatureStoreSummary(source, store, records, header.Rows, header.Duplicates, header.InvalidValueRows,
                header.SparseRows, header.NonZeros, dimension, length, header.FileLength, clock.Elapsed);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static FeatureStoreHeader Write(string source, string temporary, FeatureFileOptions options, int records,
        long recordSize, long length, SourceFingerprint fingerprint, Stopwatch clock, IProgress<FeatureStoreProgress>? progress)
    {
        int dimension = options.Dimension;
        var policy = new FeatureRecordPolicy(source, options with { ValidateValues = true, ScaleByMax = false }, records);
        var offsets = new List<long>(records + 1) { 0 };
        var rowChecksums = new List<uint>(records);
        var asins = new List<byte[]>(records);
        long dataLength = 0, nonZeros = 0;
        int sparseRows = 0;
        ulong sourceChecksum = (ulong)length;

        var buffers = new[] { new byte[BatchRecords * recordSize], new byte[BatchRecords * recordSize] };
        var encoded = new byte[BatchRecords][];
        for (int i = 0; i < BatchRecords; i++) encoded[i] = new byte[FeatureStoreRowCodec.MaxBytes(dimension)];
        var gathered = new float[BatchRecords][];
        for (int i = 0; i < BatchRecords; i++) gathered[i] = new float[dimension];
        var encodedLength = new int[BatchRecords];
        var rowNonZeros = new int[BatchRecords];
        var invalidAt = new int[BatchRecords];
        var rowMax = new float[BatchRecords];
        var recordChecksum = new ulong[BatchRecords];
        var headerBytes = new byte[FeatureStoreHeader.Size];

        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
        using var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        output.Write(headerBytes);
        int ReadBatch(byte[] buffer, int first) =>
            Math.Min(BatchRecords, records - first) is var n && n > 0 ? ReadFull(input, buffer.AsSpan(0, (int)(n * recordSize)), source, first * recordSize) / (int)recordSize : 0;

        int current = 0, batchStart = 0;
        int count = ReadBatch(buffers[0], 0);
        while (count > 0)
        {
            var batch = buffers[current];
            int nextStart = batchStart + count;
            var spare = buffers[1 - current];
            var next = Task.Run(() => ReadBatch(spare, nextStart));
            Parallel.For(0, count, i =>
            {
                var recordBytes = batch.AsSpan((int)(i * recordSize), (int)recordSize);
                recordChecksum[i] = StoreHash.Of(recordBytes);
                var values = MemoryMarshal.Cast<byte, float>(recordBytes[FeatureRecordLayout.AsinBytes..]);
                invalidAt[i] = FeatureRecordLayout.ScanValues(values, out rowMax[i]);
                if (invalidAt[i] < 0) encodedLength[i] = FeatureStoreRowCodec.Encode(values, encoded[i], gathered[i], out rowNonZeros[i]);
            });
            for (int i = 0; i < count; i++)
            {
                int record = batchStart + i;
                sourceChecksum = StoreHash.Combine(sourceChecksum, recordChecksum[i]);
                var recordBytes = batch.AsSpan((int)(i * recordSize), (int)recordSize);
                var asinBytes = recordBytes[..FeatureRecordLayout.AsinBytes];
                string asin = FeatureRecordLayout.DecodeAsin(asinBytes, out var problem)
                              ?? throw new FeatureFileException(source, record, record * recordSize, problem!);
                var values = MemoryMarshal.Cast<byte, float>(recordBytes[FeatureRecordLayout.AsinBytes..]);
                if (!policy.Keep(record, asin, values, invalidAt[i], rowMax[i])) continue;
                var row = encoded[i].AsSpan(0, encodedLength[i]);
                output.Write(row);
                dataLength += row.Length;
                offsets.Add(dataLength);
                rowChecksums.Add((uint)StoreHash.Of(row, (ulong)(offsets.Count - 2)));
                asins.Add(asinBytes.ToArray());
                nonZeros += rowNonZeros[i];
                if (FeatureStoreRowCodec.IsSparse(row.Length, dimension)) sparseRows++;
            }
            batchStart = nextStart;
            count = next.GetAwaiter().GetResult();
            current = 1 - current;
            progress?.Report(new FeatureStoreProgress(batchStart * recordSize, length, clock.Elapsed));
        }

        int rows = asins.Count;
        long offsetsStart = FeatureStoreHeader.Align8(FeatureStoreHeader.Size + dataLength);
        output.Write(new byte[offsetsStart - FeatureStoreHeader.Size - dataLength]);
        var report = policy.Report(1f);
        var skipped = SkippedRecordsSection.Encode(report.Examples);
        long asinsEnd = FeatureStoreHeader.Sections(offsetsStart, rows).End;
        var tables = new byte[asinsEnd - offsetsStart + skipped.Length];
        var span = tables.AsSpan();
        for (int r = 0; r <= rows; r++) BinaryPrimitives.WriteInt64LittleEndian(span[(8 * r)..], offsets[r]);
        span = span[(8 * (rows + 1))..];
        for (int r = 0; r < rows; r++) BinaryPrimitives.WriteUInt32LittleEndian(span[(4 * r)..], rowChecksums[r]);
        span = span[(4 * rows)..];
        for (int r = 0; r < rows; r++) asins[r].CopyTo(span[(FeatureRecordLayout.AsinBytes * r)..]);
        skipped.CopyTo(span[(FeatureRecordLayout.AsinBytes * rows)..]);
        output.Write(tables);

        var header = new FeatureStoreHeader
        {
            Version = FeatureStoreHeader.CurrentVersion,
            Dimension = dimension,
            Rows = rows,
            PolicyBits = FeatureStoreHeader.PolicyBitsOf(options),
            SourceLength = length,
            SourceModifiedTicks = fingerprint.ModifiedTicks,
            SourceChecksum = sourceChecksum,
            SourceSampleChecksum = fingerprint.SampleChecksum,
            SourceRecords = records,
            Duplicates = report.Duplicates,
            InvalidValueRows = report.InvalidValueRows,
            MaxValue = report.MaxValue ?? 0f,
            SparseRows = sparseRows,
            NonZeros = nonZeros,
            DataLength = dataLength,
            OffsetsStart = offsetsStart,
            ChecksumsStart = FeatureStoreHeader.Sections(offsetsStart, rows).ChecksumsStart,
            AsinsStart = FeatureStoreHeader.Sections(offsetsStart, rows).AsinsStart,
            FileLength = offsetsStart + tables.Length,
            TablesChecksum = StoreHash.Of(tables, TablesSeed),
        };
        header.Write(headerBytes);
        output.Position = 0;
        output.Write(headerBytes);
        // No fsync: the store is a cache of its source. Were it torn by a crash after the rename, its checksums would
        // fail at the next open with a message naming it (delete it, or convert again).
        output.Flush();
        return header;
    }

    /// <summary>Seed of the checksum over the tables after the row data.</summary>
    internal const ulong TablesSeed = 0x7461626C6573; // "tables"

    private static int ReadFull(FileStream input, Span<byte> buffer, string path, long offset)
    {
        int read = input.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read != buffer.Length)
            throw new FeatureFileException(path, null, null, $"the file became shorter while it was being converted (at byte offset {offset + read}).");
        return read;
    }
}
