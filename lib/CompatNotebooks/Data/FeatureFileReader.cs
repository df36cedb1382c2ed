using System.Collections;
using System.Runtime.InteropServices;

namespace CompatNotebooks.Data;

/// <summary>
/// Streams the records of an <c>image_features_&lt;Category&gt;.b</c> file in file order, the seed's
/// <c>readImageFeatures</c> done safely: each item is <c>(Asin, Features)</c> with a fresh array per record.
/// Applies the same checks and policies as <see cref="FeatureMatrix.Open"/>, so the records it yields are
/// exactly the rows of the matrix, in the same order — scaled as <see cref="FeatureMatrix.CopyRow"/> scales them
/// when <see cref="FeatureFileOptions.ScaleByMax"/> is on (the largest value is then found by a first pass over the
/// file, which also raises any record error before a row is yielded). For real work prefer the mapped matrix (no copies).
/// </summary>
/// <remarks>Length problems (missing, empty, truncated file) are raised by the constructor; record problems
/// when enumeration reaches them. Each enumeration reopens the file; <see cref="Report"/> describes the last
/// completed enumeration.</remarks>
public sealed class FeatureFileReader : IEnumerable<(string Asin, ReadOnlyMemory<float> Features)>, IDisposable
{
    private readonly FeatureFileOptions _options;
    private readonly long _recordSize;
    private readonly long _length;
    private FileStream? _stream;

    /// <summary>Checks the file's length and prepares to stream it.</summary>
    /// <exception cref="FeatureFileException">Missing, empty or truncated file.</exception>
    public FeatureFileReader(string path, FeatureFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        _options = options ?? FeatureFileOptions.Default;
        FeatureRecordLayout.CheckOptions(_options);
        Path = path;
        _recordSize = FeatureRecordLayout.RecordSize(_options.Dimension);
        _length = FeatureMatrixLoader.CheckLength(path, _recordSize);
    }

    /// <summary>The feature file.</summary>
    public string Path { get; }

    /// <summary>Counts of the last completed enumeration (null before one completes).</summary>
    public FeatureFileReport? Report { get; private set; }

    /// <summary>Streams the kept records.</summary>
    public IEnumerator<(string Asin, ReadOnlyMemory<float> Features)> GetEnumerator()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Scaled().GetEnumerator();
    }

    private IEnumerable<(string Asin, ReadOnlyMemory<float> Features)> Scaled()
    {
        float scale = 1f;
        if (_options.ScaleByMax)
        {
            // The scale is 1 / the largest kept value, known only once every record has been read.
            foreach (var _ in Records(1f)) { }
            scale = FeatureRecordLayout.ScaleFor(Path, _options, Report!.MaxValue);
        }
        foreach (var record in Records(scale)) yield return record;
    }

    private IEnumerable<(string Asin, ReadOnlyMemory<float> Features)> Records(float scale)
    {
        int dimension = _options.Dimension;
        var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        _stream = stream;
        try
        {
            var buffer = new byte[_recordSize];
            var firstRecord = new Dictionary<string, long>(StringComparer.Ordinal);
            var examples = new List<SkippedFeatureRecord>();
            long records = _length / _recordSize, rows = 0, duplicates = 0, invalidRows = 0;
            float max = float.NegativeInfinity;
            for (long r = 0; r < records; r++)
            {
                long offset = r * _recordSize;
                stream.ReadExactly(buffer);
                string asin = FeatureRecordLayout.DecodeAsin(buffer.AsSpan(0, FeatureRecordLayout.AsinBytes), out var problem)
                              ?? throw new FeatureFileException(Path, r, offset, problem!);
                var features = new float[dimension];
                buffer.AsSpan(FeatureRecordLayout.AsinBytes).CopyTo(MemoryMarshal.AsBytes(features.AsSpan()));
                if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Feature files are little-endian.");

                string? skipReason = null;
                float rowMax = 0;
                int invalidAt = _options.ValidateValues ? FeatureRecordLayout.ScanValues(features, out rowMax) : -1;
                if (invalidAt >= 0)
                {
                    string what = FeatureRecordLayout.DescribeInvalidAt(offset, invalidAt, features[invalidAt]);
                    if (_options.InvalidValues == InvalidValuePolicy.Throw)
                        throw FeatureRecordLayout.InvalidValueError(Path, r, offset, asin, what);
                    invalidRows++;
                    skipReason = what;
                }
                else if (!firstRecord.TryAdd(asin, r))
                {
                    long first = firstRecord[asin];
                    string what = $"duplicate ASIN {asin} (first at record {first}, byte offset {first * _recordSize})";
                    if (_options.Duplicates == DuplicatePolicy.Throw)
                        throw new FeatureFileException(Path, r, offset, what + ". Use DuplicatePolicy.KeepFirst to keep the first and count the rest.");
                    duplicates++;
                    skipReason = what;
                }
                else if (_options.ValidateValues) max = MathF.Max(max, rowMax);

                if (skipReason is not null)
                {
                    if (examples.Count < FeatureFileReport.MaxExamples)
                        examples.Add(new SkippedFeatureRecord(r, offset, asin, skipReason));
                    continue;
                }
                rows++;
                if (scale != 1f) FeatureRecordLayout.CopyScaled(features, scale, features);
                yield return (asin, features);
            }
            float? maxValue = _options.ValidateValues && rows > 0 ? max : null;
            Report = new FeatureFileReport
            {
                Path = Path, Dimension = dimension, Records = records, Rows = rows, Duplicates = duplicates,
                InvalidValueRows = invalidRows, ValuesValidated = _options.ValidateValues, MaxValue = maxValue,
                Scale = scale, Examples = examples,
            };
        }
        finally
        {
            stream.Dispose();
            if (ReferenceEquals(_stream, stream)) _stream = null;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private bool _disposed;

    /// <summary>Closes the file of an enumeration still in progress.</summary>
    public void Dispose()
    {
        _disposed = true;
        _stream?.Dispose();
    }
}
