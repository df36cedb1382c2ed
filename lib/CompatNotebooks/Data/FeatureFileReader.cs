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
            int records = (int)(_length / _recordSize);
            var policy = new FeatureRecordPolicy(Path, _options, records);
            for (int r = 0; r < records; r++)
            {
                long offset = r * _recordSize;
                stream.ReadExactly(buffer);
                string asin = FeatureRecordLayout.DecodeAsin(buffer.AsSpan(0, FeatureRecordLayout.AsinBytes), out var problem)
                              ?? throw new FeatureFileException(Path, r, offset, problem!);
                var features = new float[dimension];
                buffer.AsSpan(FeatureRecordLayout.AsinBytes).CopyTo(MemoryMarshal.AsBytes(features.AsSpan()));
                if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Feature files are little-endian.");

                float rowMax = 0;
                int invalidAt = _options.ValidateValues ? FeatureRecordLayout.ScanValues(features, out rowMax) : -1;
                if (!policy.Keep(r, asin, features, invalidAt, rowMax)) continue;
                if (scale != 1f) FeatureRecordLayout.CopyScaled(features, scale, features);
                yield return (asin, features);
            }
            Report = policy.Report(scale);
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
