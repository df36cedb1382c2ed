using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CompatNotebooks.Data;

/// <summary>
/// Writes a feature store from an <c>image_features_&lt;Category&gt;.b</c> file in one sequential pass: batches of
/// records are read (ahead, while earlier ones are encoded on every core and written), checked with the same policies
/// as <see cref="FeatureMatrix.Open"/> (duplicates, NaN/Inf — always checked, since every byte is read anyway),
/// encoded row by row (<see cref="FeatureStoreRowCodec"/>) and appended. Memory stays bounded by the batches in flight plus the
/// per-row tables (about 40 bytes a row with the ASIN index), whatever the file's size. The store is written under a temporary name beside its
/// destination and renamed into place only when complete, so a reader never sees half a store.
/// </summary>
public static class FeatureStoreConverter
{
    private const int BatchRecords = 256;
    private const int BatchesInFlight = 4;

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

        using var input = File.OpenHandle(source, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        using var output = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        // Three stages, so that neither the disk's reads nor its writes wait for the other or for the encoding: a reader
        // fills batches in file order, this thread encodes each on every core and decides its records in order, a writer
        // appends the kept rows. The batches circulate (reader → encoder → writer → reader), which bounds the memory.
        using var stop = new CancellationTokenSource();
        using var free = new BlockingCollection<ConversionBatch>(BatchesInFlight);
        using var read = new BlockingCollection<ConversionBatch>(BatchesInFlight);
        using var encoded = new BlockingCollection<ConversionBatch>(BatchesInFlight);
        for (int b = 0; b < BatchesInFlight; b++) free.Add(new ConversionBatch(BatchRecords, recordSize, dimension));
        var reader = Task.Run(() =>
        {
            try
            {
                for (int first = 0; first < records; first += BatchRecords)
                {
                    var batch = free.Take(stop.Token);
                    batch.First = first;
                    batch.Count = Math.Min(BatchRecords, records - first);
                    ReadFull(input, batch.Input.AsSpan(0, (int)(batch.Count * recordSize)), source, first * recordSize);
                    read.Add(batch, stop.Token);
                }
            }
            finally { read.CompleteAdding(); }
        });
        var writer = Task.Run(() =>
        {
            try
            {
                long at = FeatureStoreHeader.Size;
                foreach (var batch in encoded.GetConsumingEnumerable(stop.Token))
                {
                    if (batch.Kept.Count > 0) RandomAccess.Write(output, batch.Kept, at);
                    at += batch.KeptBytes;
                    batch.Kept.Clear();
                    free.Add(batch, stop.Token);
                }
            }
            catch
            {
                stop.Cancel(); // a failed write (a full disk) must not leave the reader waiting for a batch forever
                throw;
            }
        });
        try
        {
            foreach (var batch in read.GetConsumingEnumerable(stop.Token))
            {
                int keptBefore = asins.Count;
                Parallel.For(0, batch.Count, i =>
                {
                    var recordBytes = batch.Input.AsSpan((int)(i * recordSize), (int)recordSize);
                    batch.RecordChecksum[i] = StoreHash.Of(recordBytes);
                    var values = MemoryMarshal.Cast<byte, float>(recordBytes[FeatureRecordLayout.AsinBytes..]);
                    batch.InvalidAt[i] = FeatureRecordLayout.ScanValues(values, out batch.RowMax[i]);
                    if (batch.InvalidAt[i] >= 0) return;
                    batch.EncodedLength[i] = FeatureStoreRowCodec.Encode(values, batch.Encoded[i], batch.Gathered[i], out batch.RowNonZeros[i]);
                    // The row's checksum is seeded with its row number, which is this one unless an earlier record of
                    // the batch is skipped (then it is computed again below).
                    batch.RowChecksum[i] = (uint)StoreHash.Of(batch.Encoded[i].AsSpan(0, batch.EncodedLength[i]), (ulong)(keptBefore + i));
                });
                batch.KeptBytes = 0;
                for (int i = 0; i < batch.Count; i++)
                {
                    int record = batch.First + i;
                    sourceChecksum = StoreHash.Combine(sourceChecksum, batch.RecordChecksum[i]);
                    var recordBytes = batch.Input.AsSpan((int)(i * recordSize), (int)recordSize);
                    var asinBytes = recordBytes[..FeatureRecordLayout.AsinBytes];
                    string asin = FeatureRecordLayout.DecodeAsin(asinBytes, out var problem)
                                  ?? throw new FeatureFileException(source, record, record * recordSize, problem!);
                    var values = MemoryMarshal.Cast<byte, float>(recordBytes[FeatureRecordLayout.AsinBytes..]);
                    if (!policy.Keep(record, asin, values, batch.InvalidAt[i], batch.RowMax[i])) continue;
                    int row = asins.Count;
                    var bytes = batch.Encoded[i].AsMemory(0, batch.EncodedLength[i]);
                    batch.Kept.Add(bytes);
                    batch.KeptBytes += bytes.Length;
                    dataLength += bytes.Length;
                    offsets.Add(dataLength);
                    rowChecksums.Add(row == keptBefore + i ? batch.RowChecksum[i] : (uint)StoreHash.Of(bytes.Span, (ulong)row));
                    asins.Add(asinBytes.ToArray());
                    nonZeros += batch.RowNonZeros[i];
                    if (FeatureStoreRowCodec.IsSparse(bytes.Length, dimension)) sparseRows++;
                }
                long done = (batch.First + batch.Count) * recordSize;
                encoded.Add(batch, stop.Token);
                progress?.Report(new FeatureStoreProgress(done, length, clock.Elapsed));
            }
            reader.GetAwaiter().GetResult();
            encoded.CompleteAdding();
            writer.GetAwaiter().GetResult();
        }
        catch (Exception error)
        {
            // The first error is the one rethrown: a reader's (the file got shorter) surfaces through the await above,
            // a record's from the loop, a writer's through the cancellation it caused; the other stages are stopped
            // and waited for before the temporary is deleted.
            stop.Cancel();
            encoded.CompleteAdding();
            try { Task.WaitAll(reader, writer); } catch (AggregateException) { }
            if (error is OperationCanceledException && writer.Exception?.InnerException is { } written and not OperationCanceledException)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(written);
            throw;
        }

        int rows = asins.Count;
        long offsetsStart = FeatureStoreHeader.Align8(FeatureStoreHeader.Size + dataLength);
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
        // The padding before the tables is a hole the file system reads as zeros.
        RandomAccess.Write(output, tables, offsetsStart);

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
        var headerBytes = new byte[FeatureStoreHeader.Size];
        header.Write(headerBytes);
        // No fsync: the store is a cache of its source. Were it torn by a crash after the rename, its checksums would
        // fail at the next open with a message naming it (delete it, or convert again).
        RandomAccess.Write(output, headerBytes, 0);
        return header;
    }

    /// <summary>Seed of the checksum over the tables after the row data.</summary>
    internal const ulong TablesSeed = 0x7461626C6573; // "tables"

    private static void ReadFull(SafeFileHandle input, Span<byte> buffer, string path, long offset)
    {
        for (int done = 0; done < buffer.Length;)
        {
            int read = RandomAccess.Read(input, buffer[done..], offset + done);
            if (read == 0)
                throw new FeatureFileException(path, null, null, $"the file became shorter while it was being converted (at byte offset {offset + done}).");
            done += read;
        }
    }
}
