using CompatNotebooks.Catalog;
using CompatNotebooks.Data;

namespace CompatNotebooks.Tests.Data.Store;

/// <summary>The compact feature store on small files: round trip within float16's precision, the three row kinds,
/// the source's policies, invalidation by a changed source, and truncated or corrupt stores.</summary>
public sealed class FeatureStoreTests : IDisposable
{
    private const int Dimension = 64;
    private static readonly FeatureFileOptions Options = FeatureFileOptions.Default with { Dimension = Dimension };
    private readonly DataTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>Sparse rows, denser rows (stored as float16), a dense row beyond float16's range and an all-zero row.</summary>
    private static List<(string Asin, float[] Values)> MixedRecords()
    {
        var records = DataTestFiles.RandomRecords(40, Dimension, seed: 5);
        var dense = new float[Dimension];
        for (int j = 0; j < Dimension; j++) dense[j] = 0.001f + j * 0.37f;
        records.Add(("DENSE00001", dense));
        var huge = (float[])dense.Clone();
        huge[3] = 1e6f;
        records.Add(("HUGE000001", huge));
        records.Add(("ZERO000001", new float[Dimension]));
        return records;
    }

    private string Store(string source) => Path.ChangeExtension(source, ".compact");

    [Fact]
    public void Round_trip_keeps_sparse_rows_exact_and_denser_rows_within_float16_precision()
    {
        var records = MixedRecords();
        string source = _files.WriteFeatures("image_features_T.b", records);
        var summary = FeatureStoreConverter.Convert(source, Store(source), Options);
        using var store = FeatureStore.Open(Store(source), source, Options);

        Assert.Equal(records.Count, store.Count);
        int maxSparse = FeatureStoreRowCodec.MaxSparse(Dimension);
        Assert.Equal(20, maxSparse); // 20 non-zeros take 40 + 80 bytes < 2 bytes × 64; 21 take 44 + 84 = 128
        bool IsSparse(float[] values) => values.Count(v => v != 0) <= maxSparse;
        Assert.Equal(records.Count(r => IsSparse(r.Values)), summary.SparseRows);
        Assert.InRange(summary.SparseRows, 5, records.Count - 5); // the random rows fall on both sides of the limit
        var scratch = new float[Dimension];
        var indices = new ushort[Dimension];
        var values = new float[Dimension];
        for (int r = 0; r < records.Count; r++)
        {
            Assert.Equal(records[r].Asin, store.AsinAt(r));
            Assert.True(store.TryGetRow(records[r].Asin, out int found));
            Assert.Equal(r, found);
            var row = store.Row(r, scratch);
            var expected = records[r].Values;
            bool exact = records[r].Asin == "HUGE000001" || IsSparse(expected); // float32 as stored
            for (int j = 0; j < Dimension; j++)
            {
                if (exact) Assert.Equal(expected[j], row[j]);
                else Assert.True(Math.Abs(row[j] - expected[j]) <= Math.Abs(expected[j]) / 2048 + 1e-7,
                    $"row {r} value {j}: {row[j]} vs {expected[j]}");
                Assert.Equal(expected[j] == 0, row[j] == 0);
            }
            int n = store.CopyNonZeros(r, indices, values);
            Assert.Equal(expected.Count(v => v != 0), n);
            for (int k = 0; k < n; k++) Assert.Equal(row[indices[k]], values[k]);
            // Sparse rows are handed out in place, exactly as copied.
            Assert.Equal(IsSparse(expected), store.TryGetNonZeros(r, out var inPlaceIndices, out var inPlaceValues));
            if (IsSparse(expected))
            {
                Assert.Equal(indices.AsSpan(0, n).ToArray(), inPlaceIndices.ToArray());
                Assert.Equal(values.AsSpan(0, n).ToArray(), inPlaceValues.ToArray());
            }
        }
        Assert.False(store.TryGetRow("NOPE", out _));
        Assert.Empty(Directory.GetFiles(_files.Directory, "*.tmp-*"));
    }

    [Fact]
    public void Two_rows_decoded_into_two_buffers_stay_valid_together()
    {
        string source = _files.WriteFeatures("image_features_T.b", MixedRecords());
        FeatureStoreConverter.Convert(source, Store(source), Options);
        using var store = FeatureStore.Open(Store(source), source, Options);
        var first = store.Row(0, new float[Dimension]).ToArray();
        var a = new float[Dimension];
        var b = new float[Dimension];
        var rowA = store.Row(0, a);
        var rowB = store.Row(1, b);
        Assert.Equal(first, rowA.ToArray());
        Assert.NotEqual(rowA.ToArray(), rowB.ToArray());
    }

    [Fact]
    public void Skipped_records_are_counted_and_named_as_the_mapped_file_names_them()
    {
        var records = DataTestFiles.RandomRecords(12, Dimension, seed: 9);
        records.Add((records[2].Asin, records[5].Values)); // a duplicate
        var nan = (float[])records[7].Values.Clone();
        nan[4] = float.NaN;
        records.Add(("NANROW0001", nan));
        string source = _files.WriteFeatures("image_features_T.b", records);
        var options = Options with { InvalidValues = InvalidValuePolicy.SkipRow };
        FeatureStoreConverter.Convert(source, Store(source), options);
        using var store = FeatureStore.Open(Store(source), source, options);
        using var matrix = FeatureMatrix.Open(source, options);
        Assert.Equal(matrix.Report with { Examples = [] }, store.Report with { Examples = [] });
        Assert.Equal(matrix.Report.Examples, store.Report.Examples);
        Assert.Equal(1, store.Report.Duplicates);
        Assert.Equal(1, store.Report.InvalidValueRows);
        Assert.Equal(matrix.Count, store.Count);

        // Under the default Throw policy the conversion stops with the mapped file's error and leaves nothing behind.
        string strictStore = Path.Combine(_files.Directory, "strict.compact");
        var thrown = Assert.Throws<FeatureFileException>(() => FeatureStoreConverter.Convert(source, strictStore, Options));
        var expected = Assert.Throws<FeatureFileException>(() => FeatureMatrix.Open(source, Options));
        Assert.Equal(expected.Message, thrown.Message);
        Assert.False(File.Exists(strictStore));
        Assert.Empty(Directory.GetFiles(_files.Directory, "*.tmp-*"));
    }

    [Fact]
    public void A_store_read_into_memory_and_a_mapped_one_give_the_same_rows()
    {
        string source = _files.WriteFeatures("image_features_T.b", MixedRecords());
        FeatureStoreConverter.Convert(source, Store(source), Options);
        using var read = FeatureStore.Open(Store(source), source, Options, FeatureStoreResidency.Read);
        using var mapped = FeatureStore.Open(Store(source), source, Options, FeatureStoreResidency.Map);
        using var automatic = FeatureStore.Open(Store(source), source, Options);
        Assert.Equal(FeatureStoreResidency.Read, read.Residency);
        Assert.Equal(FeatureStoreResidency.Map, mapped.Residency);
        Assert.Equal(FeatureStoreResidency.Read, automatic.Residency); // a few kB: far below half the memory available
        for (int r = 0; r < read.Count; r++)
        {
            Assert.Equal(read.Row(r).ToArray(), mapped.Row(r).ToArray());
            Assert.Equal(read.TryGetNonZeros(r, out var readIndices, out var readValues), mapped.TryGetNonZeros(r, out var mappedIndices, out var mappedValues));
            Assert.Equal(readIndices.ToArray(), mappedIndices.ToArray());
            Assert.Equal(readValues.ToArray(), mappedValues.ToArray());
        }
        mapped.Dispose();
        Assert.Throws<ObjectDisposedException>(() => mapped.Row(0, new float[Dimension]));
    }

    [Fact]
    public void Rows_after_a_skipped_record_keep_their_numbers_across_batches()
    {
        // Several conversion batches, with skips early in the first and in the middle of the second: every later row
        // moves up, so its checksum (seeded with its row number) and offset must follow.
        var records = DataTestFiles.RandomRecords(700, Dimension, seed: 11);
        records[3] = (records[1].Asin, records[3].Values);
        var nan = (float[])records[300].Values.Clone();
        nan[0] = float.NaN;
        records[300] = (records[300].Asin, nan);
        string source = _files.WriteFeatures("image_features_T.b", records);
        var options = Options with { InvalidValues = InvalidValuePolicy.SkipRow };
        FeatureStoreConverter.Convert(source, Store(source), options);
        using var store = FeatureStore.Open(Store(source), source, options); // verifies every row's checksum
        using var matrix = FeatureMatrix.Open(source, options);
        Assert.Equal(698, store.Count);
        Assert.Equal(matrix.Count, store.Count);
        var scratch = new float[Dimension];
        for (int r = 0; r < store.Count; r++)
        {
            Assert.Equal(matrix.AsinAt(r), store.AsinAt(r));
            var expected = matrix.Row(r).ToArray();
            var row = store.Row(r, scratch);
            for (int j = 0; j < Dimension; j++)
                Assert.True(Math.Abs(row[j] - expected[j]) <= Math.Abs(expected[j]) / 2048 + 1e-7, $"row {r} value {j}");
        }
    }

    [Fact]
    public void A_changed_source_invalidates_the_store_even_at_the_same_length_and_time()
    {
        var records = DataTestFiles.RandomRecords(30, Dimension, seed: 2);
        string source = _files.WriteFeatures("image_features_T.b", records);
        using (var first = FeatureStoreFiles.OpenOrConvert(source, Options, null, out var converted))
            Assert.NotNull(converted);
        using (var again = FeatureStoreFiles.OpenOrConvert(source, Options, null, out var converted))
            Assert.Null(converted); // current: read, not converted
        var time = File.GetLastWriteTimeUtc(source);
        records[17].Values[5] = 123.5f;
        _files.WriteFeatures("image_features_T.b", records);
        File.SetLastWriteTimeUtc(source, time);
        Assert.False(FeatureStoreFiles.IsCurrent(Store(source), source, Options, out string reason));
        Assert.Contains("contents changed", reason);
        var progress = new List<FeatureStoreProgress>();
        using var store = FeatureStoreFiles.OpenOrConvert(source, Options, new SyncProgress(progress), out var reconverted);
        Assert.NotNull(reconverted);
        Assert.Equal(123.5f, store.Row(17, new float[Dimension])[5]);
        Assert.Equal(new FileInfo(source).Length, progress[^1].BytesRead);
        // Other policies are another store too.
        Assert.False(FeatureStoreFiles.IsCurrent(Store(source), source, Options with { Duplicates = DuplicatePolicy.Throw }, out _));
    }

    [Fact]
    public void A_truncated_store_is_an_error_naming_the_file_and_byte_offset()
    {
        string source = _files.WriteFeatures("image_features_T.b", MixedRecords());
        string path = Store(source);
        FeatureStoreConverter.Convert(source, path, Options);
        long length = new FileInfo(path).Length;
        using (var file = File.OpenWrite(path)) file.SetLength(length - 100);
        var e = Assert.Throws<FeatureFileException>(() => FeatureStore.Open(path, source, Options));
        Assert.Contains(path, e.Message);
        Assert.Contains($"byte offset {length - 100}", e.Message);
        Assert.Contains("truncated", e.Message);
        // The catalog's path does not silently replace it either.
        Assert.Throws<FeatureFileException>(() => FeatureStoreFiles.OpenOrConvert(source, Options, null, out _));
    }

    [Fact]
    public void A_corrupt_row_is_an_error_naming_its_byte_offset()
    {
        string source = _files.WriteFeatures("image_features_T.b", MixedRecords());
        string path = Store(source);
        FeatureStoreConverter.Convert(source, path, Options);
        // Row 0 starts right after the 128-byte header: flip a bit of its first stored byte.
        const int rowStart = 128;
        var bytes = File.ReadAllBytes(path);
        bytes[rowStart] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<FeatureFileException>(() => FeatureStore.Open(path, source, Options));
        Assert.Contains($"byte offset {rowStart}", e.Message);
        Assert.Contains("row 0: checksum mismatch", e.Message);
    }

    [Fact]
    public void A_current_store_in_the_cache_folder_is_used_when_none_is_beside_the_source()
    {
        string source = _files.WriteFeatures("image_features_T.b", MixedRecords());
        string? before = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        Environment.SetEnvironmentVariable("XDG_CACHE_HOME", Path.Combine(_files.Directory, "cache"));
        try
        {
            string cached = FeatureStoreFiles.CachePath(source);
            Assert.StartsWith(Path.Combine(_files.Directory, "cache", "compat-notebooks") + Path.DirectorySeparatorChar, cached);
            FeatureStoreConverter.Convert(source, cached, Options);
            using var store = FeatureStoreFiles.OpenOrConvert(source, Options, null, out var conversion);
            Assert.Null(conversion);
            Assert.Equal(cached, store.Path);
            Assert.False(File.Exists(Store(source)));
        }
        finally
        {
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", before);
        }
    }

    [Fact]
    public void The_store_never_overwrites_its_source()
    {
        string source = _files.WriteFeatures("image_features_T.b", MixedRecords());
        Assert.Throws<ArgumentException>(() => FeatureStoreConverter.Convert(source, source, Options));
    }

    [Fact]
    public void The_catalog_reads_the_store_by_default_and_the_mapped_file_when_asked()
    {
        string dir = GeneratedSample.Directory;
        using (var catalog = ProductCatalog.Load(dir, "Baby"))
            Assert.IsType<FeatureStore>(catalog.Features);
        Assert.True(File.Exists(Path.Combine(dir, "image_features_Baby.compact")));
        using (var catalog = ProductCatalog.Load(dir, "Baby", new CatalogOptions { UseFeatureStore = false }))
            Assert.IsType<FeatureMatrix>(catalog.Features);
    }

    /// <summary>Collects reports synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class SyncProgress(List<FeatureStoreProgress> into) : IProgress<FeatureStoreProgress>
    {
        public void Report(FeatureStoreProgress value) => into.Add(value);
    }
}
