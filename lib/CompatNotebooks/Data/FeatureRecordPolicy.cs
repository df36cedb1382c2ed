namespace CompatNotebooks.Data;

/// <summary>
/// The one place that decides, record by record in file order, what happens to a feature record with a NaN/±Inf
/// value or an ASIN already seen — throw or skip and count, with the same messages — and that builds the
/// <see cref="FeatureFileReport"/>. Used by the mapped matrix and by the streaming reader, so both keep exactly the
/// same rows and fail with exactly the same error.
/// </summary>
internal sealed class FeatureRecordPolicy(string path, FeatureFileOptions options, int records)
{
    private readonly long _recordSize = FeatureRecordLayout.RecordSize(options.Dimension);
    private readonly List<SkippedFeatureRecord> _examples = [];
    private long _rows, _duplicates, _invalidRows;
    private float _max = float.NegativeInfinity;

    /// <summary>ASIN → index of its kept record.</summary>
    public Dictionary<string, int> RecordOf { get; } = new(records, StringComparer.Ordinal);

    /// <summary>Decides record <paramref name="record"/>: true to keep it as a row, false when the policies skip it
    /// (counted, listed among the first examples).</summary>
    /// <param name="record">Zero-based record index; records must come in file order.</param>
    /// <param name="asin">The decoded ASIN.</param>
    /// <param name="values">The raw values, read only to describe an invalid one.</param>
    /// <param name="invalidAt">Index of the first NaN/Inf value, or -1 (all finite, or not checked).</param>
    /// <param name="rowMax">The largest value of the row (used when values are checked).</param>
    /// <exception cref="FeatureFileException">A NaN/Inf value or a repeated ASIN under the Throw policies.</exception>
    public bool Keep(int record, string asin, ReadOnlySpan<float> values, int invalidAt, float rowMax)
    {
        long offset = record * _recordSize;
        string? skipReason = null;
        if (invalidAt >= 0)
        {
            string what = FeatureRecordLayout.DescribeInvalidAt(offset, invalidAt, values[invalidAt]);
            if (options.InvalidValues == InvalidValuePolicy.Throw)
                throw FeatureRecordLayout.InvalidValueError(path, record, offset, asin, what, options.Strict);
            _invalidRows++;
            skipReason = what;
        }
        else if (!RecordOf.TryAdd(asin, record))
        {
            int first = RecordOf[asin];
            string what = $"duplicate ASIN {asin} (first at record {first}, byte offset {first * _recordSize})";
            if (options.Duplicates == DuplicatePolicy.Throw)
                throw new FeatureFileException(path, record, offset, what + "." +
                    (options.Strict ? FeatureFileHints.StrictDuplicate : FeatureFileHints.KeepFirst));
            _duplicates++;
            skipReason = what;
        }

        if (skipReason is not null)
        {
            if (_examples.Count < FeatureFileReport.MaxExamples)
                _examples.Add(new SkippedFeatureRecord(record, offset, asin, skipReason));
            return false;
        }
        _rows++;
        if (options.ValidateValues) _max = MathF.Max(_max, rowMax);
        return true;
    }

    /// <summary>The largest value of the kept rows, when values were checked and a row was kept.</summary>
    public float? MaxValue => options.ValidateValues && _rows > 0 ? _max : null;

    /// <summary>The report once every record was decided.</summary>
    public FeatureFileReport Report(float scale) => new()
    {
        Path = path,
        Dimension = options.Dimension,
        Records = records,
        Rows = _rows,
        Duplicates = _duplicates,
        InvalidValueRows = _invalidRows,
        ValuesValidated = options.ValidateValues,
        MaxValue = MaxValue,
        Scale = scale,
        Examples = _examples,
    };
}
