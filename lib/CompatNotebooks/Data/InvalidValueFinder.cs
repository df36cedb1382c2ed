namespace CompatNotebooks.Data;

/// <summary>
/// Checks feature rows for NaN/±Inf after they were opened without <see cref="FeatureFileOptions.ValidateValues"/>
/// (by <see cref="FeatureMatrix.CheckValues"/> and the trainer's sparse cache, which reads the rows anyway). Rows may be
/// checked from several threads in any order; <see cref="ThrowIfAny"/> then reports the bad value in the earliest
/// record, so a mapped matrix gives the <see cref="FeatureFileException"/> that opening with validation would have.
/// </summary>
internal sealed class InvalidValueFinder(IFeatureRows rows)
{
    private readonly Lock _lock = new();
    private long _position = long.MaxValue; // record index (mapped matrix) or row of the earliest bad value
    private int _row, _valueIndex;
    private float _value;

    /// <summary>Checks <paramref name="values"/>, the raw values of row <paramref name="row"/>; false (and noted)
    /// when they hold NaN/Inf.</summary>
    public bool Check(int row, ReadOnlySpan<float> values)
    {
        int at = FeatureRecordLayout.ScanValues(values, out _);
        if (at < 0) return true;
        long position = rows is FeatureMatrix matrix ? matrix.RecordIndexOf(row) : row;
        lock (_lock)
            if (position < _position) (_position, _row, _valueIndex, _value) = (position, row, at, values[at]);
        return false;
    }

    /// <summary>Throws for the earliest bad value noted: a <see cref="FeatureFileException"/> for a mapped matrix,
    /// an <see cref="InvalidDataException"/> for in-memory rows.</summary>
    public void ThrowIfAny()
    {
        if (_position == long.MaxValue) return;
        if (rows is FeatureMatrix matrix)
        {
            long offset = _position * FeatureRecordLayout.RecordSize(matrix.Dimension);
            throw FeatureRecordLayout.InvalidValueError(matrix.Path, _position, offset, matrix.AsinAt(_row),
                FeatureRecordLayout.DescribeInvalidAt(offset, _valueIndex, _value));
        }
        throw new InvalidDataException($"Feature row {_row} has a non-finite value ({_value}) at feature {_valueIndex}.");
    }
}
