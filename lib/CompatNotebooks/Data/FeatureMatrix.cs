namespace CompatNotebooks.Data;

/// <summary>
/// The image features of an <c>image_features_&lt;Category&gt;.b</c> file, memory-mapped: row i = item i,
/// <see cref="Row"/> is a span straight into the mapping (no copy), and an ASIN finds its row in O(1).
/// <see cref="Subset"/> and <see cref="Where"/> make views over some rows that share the mapping.
/// </summary>
/// <remarks>
/// <para>Records are <c>10 + 4·Dimension</c> bytes (16,394 for 4096-d), so rows are only 2-byte aligned in the
/// mapping. Unaligned float loads are fine on x64 and arm64 (what .NET runs on), and the vectorised code here
/// and in <c>System.Numerics.Tensors</c> uses unaligned loads; code that needs aligned data should copy with
/// <see cref="CopyRows"/>.</para>
/// <para>The mapping stays alive until this matrix and every view made from it are disposed; a disposed
/// matrix throws <see cref="ObjectDisposedException"/> from <see cref="Row"/>. Reading is thread-safe.</para>
/// <para>Rows hold the raw file values even when <see cref="FeatureFileOptions.ScaleByMax"/> is on (a scaled
/// zero-copy view cannot exist); apply <see cref="Scale"/>, or use the copying members, which apply it.</para>
/// </remarks>
public sealed unsafe class FeatureMatrix : IFeatureRows, IAsinIndex, IDisposable
{
    private readonly FeatureMapping _mapping;
    private readonly long _recordSize;
    private readonly string[] _recordAsins;            // ASIN of each file record (shared by views)
    private readonly Dictionary<string, int> _recordOf; // ASIN → kept record (shared by views)
    private readonly int[]? _rowToRecord;                // null: row i = record i
    private readonly int[]? _recordToRow;                // null: identity; -1 = not in this view
    private bool _disposed;

    private FeatureMatrix(FeatureMapping mapping, string path, int dimension, string[] recordAsins,
        Dictionary<string, int> recordOf, int[]? rowToRecord, int[]? recordToRow, FeatureFileReport report, float scale)
    {
        _mapping = mapping;
        Path = path;
        Dimension = dimension;
        _recordSize = FeatureRecordLayout.RecordSize(dimension);
        _recordAsins = recordAsins;
        _recordOf = recordOf;
        _rowToRecord = rowToRecord;
        _recordToRow = recordToRow;
        Report = report;
        Scale = scale;
        Count = rowToRecord?.Length ?? recordAsins.Length;
    }

    /// <summary>The feature file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public int Count { get; }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <summary>What opening found and did (counts of duplicates, NaN/Inf rows, the largest value).</summary>
    public FeatureFileReport Report { get; }

    /// <summary>Factor to multiply raw values by: <c>1 / max</c> with <see cref="FeatureFileOptions.ScaleByMax"/>,
    /// otherwise 1. <see cref="Row"/> is not scaled; <see cref="CopyRow"/>, <see cref="CopyRows"/> and
    /// <see cref="ToDense"/> are.</summary>
    public float Scale { get; }

    /// <summary>Maps <paramref name="path"/> and indexes its ASINs; checks every value unless
    /// <see cref="FeatureFileOptions.ValidateValues"/> is off.</summary>
    /// <exception cref="FeatureFileException">Missing, empty or truncated file, a bad ASIN, a duplicate ASIN or a
    /// NaN/Inf value under the Throw policies — naming the record and byte offset.</exception>
    public static FeatureMatrix Open(string path, FeatureFileOptions? options = null) =>
        FeatureMatrixLoader.Load(path, options ?? FeatureFileOptions.Default);

    internal static FeatureMatrix CreateRoot(FeatureMapping mapping, string path, int dimension, string[] recordAsins,
        Dictionary<string, int> recordOf, int[]? keptRecords, FeatureFileReport report, float scale)
    {
        int[]? recordToRow = null;
        if (keptRecords is not null)
        {
            recordToRow = new int[recordAsins.Length];
            Array.Fill(recordToRow, -1);
            for (int row = 0; row < keptRecords.Length; row++) recordToRow[keptRecords[row]] = row;
        }
        return new FeatureMatrix(mapping, path, dimension, recordAsins, recordOf, keptRecords, recordToRow, report, scale);
    }

    /// <inheritdoc />
    /// <remarks>A span into the mapping (raw values, see <see cref="Scale"/>); valid until disposal.</remarks>
    public ReadOnlySpan<float> Row(int row)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)row >= (uint)Count) ThrowRow(row);
        long record = _rowToRecord is null ? row : _rowToRecord[row];
        return new ReadOnlySpan<float>(_mapping.Base + record * _recordSize + FeatureRecordLayout.AsinBytes, Dimension);
    }

    /// <inheritdoc />
    public string AsinAt(int row)
    {
        if ((uint)row >= (uint)Count) ThrowRow(row);
        return _recordAsins[_rowToRecord is null ? row : _rowToRecord[row]];
    }

    /// <inheritdoc />
    public bool TryGetRow(string asin, out int row)
    {
        if (_recordOf.TryGetValue(asin, out int record))
        {
            row = _recordToRow is null ? record : _recordToRow[record];
            if (row >= 0) return true;
        }
        row = -1;
        return false;
    }

    /// <summary>The zero-based index in the file of the record behind <paramref name="row"/>.</summary>
    public int RecordIndexOf(int row)
    {
        if ((uint)row >= (uint)Count) ThrowRow(row);
        return _rowToRecord is null ? row : _rowToRecord[row];
    }

    /// <summary>Copies row <paramref name="row"/> into <paramref name="destination"/>, multiplied by <see cref="Scale"/>.</summary>
    public void CopyRow(int row, Span<float> destination)
    {
        FeatureRecordLayout.CopyScaled(Row(row), Scale, destination);
    }

    /// <summary>Gathers <paramref name="rows"/> into <paramref name="destination"/> (row-major,
    /// <c>rows.Length × Dimension</c>), multiplied by <see cref="Scale"/> — e.g. a training batch.</summary>
    public void CopyRows(ReadOnlySpan<int> rows, Span<float> destination)
    {
        if (destination.Length < (long)rows.Length * Dimension)
            throw new ArgumentException($"Need {(long)rows.Length * Dimension} floats, got {destination.Length}.", nameof(destination));
        for (int i = 0; i < rows.Length; i++) CopyRow(rows[i], destination.Slice(i * Dimension, Dimension));
    }

    /// <summary>Copies every row into managed memory (scaled by <see cref="Scale"/> when
    /// <paramref name="applyScale"/>) — for small subsets only: a full file is ~1.3 GB.</summary>
    public DenseFeatureRows ToDense(bool applyScale = true)
    {
        ThrowIfChanged();
        var values = new float[(long)Count * Dimension];
        var asins = new string[Count];
        for (int row = 0; row < Count; row++)
        {
            var destination = values.AsSpan(row * Dimension, Dimension);
            if (applyScale) CopyRow(row, destination);
            else Row(row).CopyTo(destination);
            asins[row] = AsinAt(row);
        }
        return new DenseFeatureRows(values, Dimension, asins);
    }

    /// <summary>Checks every row for NaN/±Inf when opening did not (<see cref="FeatureFileOptions.ValidateValues"/> off;
    /// otherwise a no-op), on up to <paramref name="threads"/> threads, for consumers that read the rows in place.</summary>
    /// <exception cref="FeatureFileException">The error opening with validation would have thrown (earliest bad record).</exception>
    internal void CheckValues(int threads)
    {
        ThrowIfChanged();
        if (Report.ValuesValidated) return;
        var finder = new InvalidValueFinder(this);
        Parallel.For(0, Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, row => finder.Check(row, Row(row)));
        finder.ThrowIfAny();
    }

    /// <summary>Stops with an error when the mapped file was modified or resized since it was opened (the rows in
    /// memory would no longer be the rows that were checked; a shortened file makes reading its lost pages a fatal
    /// SIGBUS). Called by <see cref="Subset"/>, <see cref="Where"/>, <see cref="ToDense"/> and the value check;
    /// long-running readers of <see cref="Row"/> (a trainer, once per epoch) call it too. A file replaced by a new
    /// one under the same name (a rename) leaves the mapped file intact and is not reported.</summary>
    /// <exception cref="FeatureFileException">The file changed since it was opened.</exception>
    public void ThrowIfChanged()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_mapping.ChangeSinceOpen() is { } change)
            throw new FeatureFileException(Path, null, null,
                $"the file changed while it was in use ({change}). Do not modify a feature file while it is open; " +
                "open it again to read the new contents.");
    }

    /// <summary>A view of <paramref name="rows"/> (rows of this matrix, in the given order; no repeats): row i of
    /// the view is row <c>rows[i]</c> here. Shares the mapping — no feature is copied; only a row map is built.</summary>
    public FeatureMatrix Subset(IEnumerable<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ThrowIfChanged();
        var records = new List<int>();
        var recordToRow = new int[_recordAsins.Length];
        Array.Fill(recordToRow, -1);
        foreach (int row in rows)
        {
            if ((uint)row >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(rows), row, $"Row {row} is outside 0..{Count - 1}.");
            int record = _rowToRecord is null ? row : _rowToRecord[row];
            if (recordToRow[record] >= 0)
                throw new ArgumentException($"Row {row} (ASIN {_recordAsins[record]}) appears twice in the subset.", nameof(rows));
            recordToRow[record] = records.Count;
            records.Add(record);
        }
        var report = Report with { Rows = records.Count };
        return new FeatureMatrix(_mapping.AddLease(), Path, Dimension, _recordAsins, _recordOf,
            records.ToArray(), recordToRow, report, Scale);
    }

    /// <summary>A view of the rows whose ASIN satisfies <paramref name="keepAsin"/>, in row order (the seed keeps
    /// only items that have a category). Shares the mapping.</summary>
    public FeatureMatrix Where(Func<string, bool> keepAsin)
    {
        ArgumentNullException.ThrowIfNull(keepAsin);
        ThrowIfChanged();
        var rows = new List<int>();
        for (int row = 0; row < Count; row++)
            if (keepAsin(AsinAt(row))) rows.Add(row);
        return Subset(rows);
    }

    /// <summary>Releases this matrix's hold on the mapping (unmapped when the last view is disposed too).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _mapping.Release();
    }

    private void ThrowRow(int row) =>
        throw new ArgumentOutOfRangeException(nameof(row), row, $"Row {row} is outside 0..{Count - 1}.");
}
