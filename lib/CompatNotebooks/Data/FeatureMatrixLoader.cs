namespace CompatNotebooks.Data;

/// <summary>Opens a feature file as a <see cref="FeatureMatrix"/>: checks the length, maps it, decodes the
/// ASINs and (optionally) scans every value in one parallel pass, then applies the policies in record order
/// so the error reported is always the first one in the file.</summary>
internal static unsafe class FeatureMatrixLoader
{
    public static FeatureMatrix Load(string path, FeatureFileOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        FeatureRecordLayout.CheckOptions(options);
        int dimension = options.Dimension;
        long recordSize = FeatureRecordLayout.RecordSize(dimension);
        long length = CheckLength(path, recordSize);
        int records = (int)(length / recordSize);

        var mapping = new FeatureMapping(path, length);
        try
        {
            var scan = Scan(mapping.Base, records, recordSize, dimension, options.ValidateValues);
            if (mapping.ChangeSinceOpen() is { } change)
                throw new FeatureFileException(path, null, null, $"the file changed while it was being checked ({change}).");
            return Decide(path, mapping, scan, records, recordSize, dimension, options);
        }
        catch
        {
            mapping.Release();
            throw;
        }
    }

    /// <summary>Checks existence (following symbolic links), emptiness and whole-record length (shared with the
    /// streaming reader); returns the length of the file the path finally names.</summary>
    internal static long CheckLength(string path, long recordSize)
    {
        var info = LinkedFile.Resolve(path, out string? problem);
        if (info is null) throw new FeatureFileException(path, null, null, problem!, new FileNotFoundException(null, path));
        long length = info.Length;
        if (length == 0) throw new FeatureFileException(path, null, null, "the file is empty (no records).");
        long remainder = length % recordSize;
        if (remainder != 0)
        {
            long index = length / recordSize;
            throw new FeatureFileException(path, index, index * recordSize,
                $"truncated last record: {remainder} of {recordSize} bytes (file length {length} is not a multiple of " +
                $"the record size {recordSize} = 10-byte ASIN + {(recordSize - 10) / 4} float32).");
        }
        if (length / recordSize > Array.MaxLength)
            throw new FeatureFileException(path, null, null, $"{length / recordSize} records are more than one matrix can index.");
        return length;
    }

    private sealed class ScanResult(int records)
    {
        public readonly string[] Asins = new string[records]; // null where the ASIN is bad
        public readonly int[] InvalidValueAt = new int[records]; // -1 = all finite (or not checked)
        public readonly float[] RowMax = new float[records];
        public readonly List<(int Record, string Problem)> AsinProblems = [];
    }

    private static ScanResult Scan(byte* baseAddress, int records, long recordSize, int dimension, bool validate)
    {
        var result = new ScanResult(records);
        // Chunks of consecutive records keep each worker streaming through memory (page-cache mapped pages).
        const int ChunkRecords = 256;
        int chunks = (records + ChunkRecords - 1) / ChunkRecords;
        Parallel.For(0, chunks, chunk =>
        {
            int end = Math.Min(records, (chunk + 1) * ChunkRecords);
            for (int r = chunk * ChunkRecords; r < end; r++)
            {
                byte* record = baseAddress + r * recordSize;
                string? asin = FeatureRecordLayout.DecodeAsin(new ReadOnlySpan<byte>(record, FeatureRecordLayout.AsinBytes), out var problem);
                result.Asins[r] = asin!;
                if (problem is not null)
                    lock (result.AsinProblems) result.AsinProblems.Add((r, problem));
                if (validate)
                {
                    result.InvalidValueAt[r] = FeatureRecordLayout.ScanValues(
                        new ReadOnlySpan<float>(record + FeatureRecordLayout.AsinBytes, dimension), out result.RowMax[r]);
                }
                else result.InvalidValueAt[r] = -1;
            }
            // The scan touched every page of the chunk; drop them from our resident set (they stay in the page
            // cache) so opening a 1.3 GB file doesn't count 1.3 GB against this process's peak RSS. Rows read
            // later fault back in only as used.
            long first = chunk * ChunkRecords * recordSize;
            MemoryAdvice.ReleaseReadOnlyPages(baseAddress + first, (end - chunk * ChunkRecords) * recordSize);
        });
        return result;
    }

    private static FeatureMatrix Decide(string path, FeatureMapping mapping, ScanResult scan, int records,
        long recordSize, int dimension, FeatureFileOptions options)
    {
        int firstBadAsin = scan.AsinProblems.Count == 0 ? int.MaxValue : scan.AsinProblems.Min(p => p.Record);
        var policy = new FeatureRecordPolicy(path, options, records);
        List<int>? kept = null; // created at the first skipped record
        for (int r = 0; r < records; r++)
        {
            long offset = r * recordSize;
            if (r == firstBadAsin)
                throw new FeatureFileException(path, r, offset, scan.AsinProblems.First(p => p.Record == r).Problem);
            var values = new ReadOnlySpan<float>(mapping.Base + offset + FeatureRecordLayout.AsinBytes, dimension);
            if (policy.Keep(r, scan.Asins[r], values, scan.InvalidValueAt[r], scan.RowMax[r]))
            {
                kept?.Add(r);
            }
            else if (kept is null)
            {
                kept = new List<int>(records);
                for (int k = 0; k < r; k++) kept.Add(k);
            }
        }

        float scale = FeatureRecordLayout.ScaleFor(path, options, policy.MaxValue);
        return FeatureMatrix.CreateRoot(mapping, path, dimension, scan.Asins, policy.RecordOf,
            kept?.ToArray(), policy.Report(scale), scale);
    }
}
