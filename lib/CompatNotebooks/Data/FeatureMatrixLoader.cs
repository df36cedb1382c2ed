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
        long recordCount = length / recordSize;
        if (recordCount > Array.MaxLength)
            throw new FeatureFileException(path, null, null, $"{recordCount} records are more than one matrix can index.");
        int records = (int)recordCount;

        var mapping = new FeatureMapping(path, length);
        try
        {
            var scan = Scan(mapping.Base, records, recordSize, dimension, options.ValidateValues);
            return Decide(path, mapping, scan, records, recordSize, dimension, options);
        }
        catch
        {
            mapping.Release();
            throw;
        }
    }

    /// <summary>Checks existence, emptiness and whole-record length (shared with the streaming reader).</summary>
    internal static long CheckLength(string path, long recordSize)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FeatureFileException(path, null, null, "the file does not exist.", new FileNotFoundException(null, path));
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
        var recordOf = new Dictionary<string, int>(records, StringComparer.Ordinal);
        List<int>? kept = null; // created at the first skipped record
        var examples = new List<SkippedFeatureRecord>();
        long duplicates = 0, invalidRows = 0;
        float max = float.NegativeInfinity;

        for (int r = 0; r < records; r++)
        {
            long offset = r * recordSize;
            if (r == firstBadAsin)
                throw new FeatureFileException(path, r, offset, scan.AsinProblems.First(p => p.Record == r).Problem);
            string asin = scan.Asins[r];
            string? skipReason = null;
            int invalidAt = scan.InvalidValueAt[r];
            if (invalidAt >= 0)
            {
                float value = new ReadOnlySpan<float>(mapping.Base + offset + FeatureRecordLayout.AsinBytes, dimension)[invalidAt];
                string what = FeatureRecordLayout.DescribeInvalidAt(offset, invalidAt, value);
                if (options.InvalidValues == InvalidValuePolicy.Throw)
                    throw FeatureRecordLayout.InvalidValueError(path, r, offset, asin, what);
                invalidRows++;
                skipReason = what;
            }
            else if (!recordOf.TryAdd(asin, r))
            {
                int first = recordOf[asin];
                string what = $"duplicate ASIN {asin} (first at record {first}, byte offset {first * recordSize})";
                if (options.Duplicates == DuplicatePolicy.Throw)
                    throw new FeatureFileException(path, r, offset, what + ". Use DuplicatePolicy.KeepFirst to keep the first and count the rest.");
                duplicates++;
                skipReason = what;
            }

            if (skipReason is not null)
            {
                if (kept is null)
                {
                    kept = new List<int>(records);
                    for (int k = 0; k < r; k++) kept.Add(k);
                }
                if (examples.Count < FeatureFileReport.MaxExamples)
                    examples.Add(new SkippedFeatureRecord(r, offset, asin, skipReason));
            }
            else
            {
                kept?.Add(r);
                if (options.ValidateValues) max = MathF.Max(max, scan.RowMax[r]);
            }
        }

        int rows = kept?.Count ?? records;
        float? maxValue = options.ValidateValues && rows > 0 ? max : null;
        float scale = FeatureRecordLayout.ScaleFor(path, options, maxValue);
        var report = new FeatureFileReport
        {
            Path = path, Dimension = dimension, Records = records, Rows = rows, Duplicates = duplicates,
            InvalidValueRows = invalidRows, ValuesValidated = options.ValidateValues, MaxValue = maxValue,
            Scale = scale, Examples = examples,
        };
        return FeatureMatrix.CreateRoot(mapping, path, dimension, scan.Asins, recordOf,
            kept?.ToArray(), report, scale);
    }
}
