using CompatNotebooks.Data;

namespace CompatNotebooks.Tests.Data;

/// <summary>Bad feature files: each rejected with the file, record index and byte offset in the message, by both
/// the mapped matrix and the streaming reader.</summary>
public class FeatureFileTests : IDisposable
{
    private const int Dim = 12;
    private static readonly long RecordSize = 10 + 4 * Dim;
    private static readonly FeatureFileOptions Options = new() { Dimension = Dim };
    private readonly DataTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static float[] Row(float value) => Enumerable.Repeat(value, Dim).ToArray();

    /// <summary>Opens with the matrix and streams with the reader; both must throw the same problem.</summary>
    private static FeatureFileException BothThrow(string path, FeatureFileOptions options)
    {
        var fromMatrix = Assert.Throws<FeatureFileException>(() => FeatureMatrix.Open(path, options).Dispose());
        var fromReader = Assert.Throws<FeatureFileException>(() =>
        {
            using var reader = new FeatureFileReader(path, options);
            foreach (var _ in reader) { }
        });
        Assert.Equal(fromMatrix.Message, fromReader.Message);
        Assert.Contains(path, fromMatrix.Message);
        return fromMatrix;
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        string path = _files.PathOf("image_features_Nothing.b");
        var error = BothThrow(path, Options);
        Assert.Contains("does not exist", error.Message);
        Assert.Null(error.RecordIndex);
    }

    [Fact]
    public void EmptyFileIsRejected()
    {
        string path = _files.WriteBytes("empty.b", []);
        var error = BothThrow(path, Options);
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void TruncatedLastRecordNamesItsIndexAndOffset()
    {
        string path = _files.WriteFeatures("t.b", [("A1", Row(1)), ("A2", Row(2)), ("A3", Row(3))]);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]);
        var error = BothThrow(path, Options);
        Assert.Equal(2, error.RecordIndex);
        Assert.Equal(2 * RecordSize, error.ByteOffset);
        Assert.Contains($"record 2 (byte offset {2 * RecordSize})", error.Message);
        Assert.Contains($"{RecordSize - 5} of {RecordSize} bytes", error.Message);
    }

    [Fact]
    public void NonAsciiAsinIsRejected()
    {
        string path = _files.WriteFeatures("n.b", [("A1", Row(1)), ("ÄBC", Row(2))]);
        var error = BothThrow(path, Options);
        Assert.Equal(1, error.RecordIndex);
        Assert.Contains($"record 1 (byte offset {RecordSize})", error.Message);
        Assert.Contains("printable ASCII", error.Message);
    }

    [Fact]
    public void ControlByteInAsinIsRejected()
    {
        string path = _files.WriteFeatures("c.b", [("A\t1", Row(1))]);
        var error = BothThrow(path, Options);
        Assert.Equal(0, error.RecordIndex);
        Assert.Contains("0x09", error.Message);
    }

    [Fact]
    public void EmptyAsinIsRejected()
    {
        string path = _files.WriteFeatures("e.b", [("A1", Row(1)), ("A2", Row(1)), ("", Row(2))]);
        var error = BothThrow(path, Options);
        Assert.Equal(2, error.RecordIndex);
        Assert.Contains($"byte offset {2 * RecordSize}", error.Message);
        Assert.Contains("empty ASIN", error.Message);
    }

    [Fact]
    public void DuplicateAsinThrowsUnderThrowPolicy()
    {
        string path = _files.WriteFeatures("d.b", [("A1", Row(1)), ("A2", Row(2)), ("A1", Row(3))]);
        var error = BothThrow(path, Options with { Duplicates = DuplicatePolicy.Throw });
        Assert.Equal(2, error.RecordIndex);
        Assert.Contains($"record 2 (byte offset {2 * RecordSize})", error.Message);
        Assert.Contains("duplicate ASIN A1 (first at record 0, byte offset 0)", error.Message);
    }

    [Fact]
    public void DuplicateAsinKeepsTheFirstAndCountsByDefault()
    {
        string path = _files.WriteFeatures("d.b", [("A1", Row(1)), ("A2", Row(2)), ("A1", Row(3)), ("A3", Row(4))]);
        using var matrix = FeatureMatrix.Open(path, Options);
        Assert.Equal(3, matrix.Count);
        Assert.Equal(1, matrix.Report.Duplicates);
        Assert.Equal(4, matrix.Report.Records);
        var skipped = Assert.Single(matrix.Report.Examples);
        Assert.Equal((2L, 2 * RecordSize, "A1"), (skipped.RecordIndex, skipped.ByteOffset, skipped.Asin));
        Assert.True(matrix.TryGetRow("A1", out int row));
        Assert.Equal(0, row);
        Assert.Equal(1f, matrix.Row(row)[0]);
        Assert.True(matrix.TryGetRow("A3", out row));
        Assert.Equal(2, row);
        Assert.Equal(3, matrix.RecordIndexOf(row));
        Assert.Equal(4f, matrix.Row(row)[5]);

        using var reader = new FeatureFileReader(path, Options);
        Assert.Equal(["A1", "A2", "A3"], reader.Select(r => r.Asin).ToArray());
        Assert.Equal(1, reader.Report!.Duplicates);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "+Inf")]
    [InlineData(float.NegativeInfinity, "-Inf")]
    public void NonFiniteValueThrowsWithTheValueOffset(float bad, string shown)
    {
        var row = Row(2);
        row[Dim - 1] = bad; // the last value also exercises the scalar tail after the vector loop
        string path = _files.WriteFeatures("nan.b", [("A1", Row(1)), ("A2", row)]);
        var error = BothThrow(path, Options);
        Assert.Equal(1, error.RecordIndex);
        Assert.Equal(RecordSize, error.ByteOffset);
        Assert.Contains($"{shown} at value {Dim - 1} (byte offset {RecordSize + 10 + 4 * (Dim - 1)})", error.Message);
    }

    [Fact]
    public void NonFiniteValueInAVectorWidthRowIsFound()
    {
        var options = new FeatureFileOptions { Dimension = 4096 };
        var records = DataTestFiles.RandomRecords(3, 4096, seed: 5);
        records[1].Values[1000] = float.NaN;
        string path = _files.WriteFeatures("big.b", records);
        var error = BothThrow(path, options);
        Assert.Equal(1, error.RecordIndex);
        Assert.Contains("NaN at value 1000", error.Message);
    }

    [Fact]
    public void NonFiniteRowsAreSkippedAndCountedUnderSkipRow()
    {
        var bad = Row(2);
        bad[3] = float.NaN;
        string path = _files.WriteFeatures("nan.b", [("A1", Row(1)), ("A2", bad), ("A3", Row(3))]);
        var options = Options with { InvalidValues = InvalidValuePolicy.SkipRow };
        using var matrix = FeatureMatrix.Open(path, options);
        Assert.Equal(2, matrix.Count);
        Assert.Equal(1, matrix.Report.InvalidValueRows);
        Assert.False(matrix.TryGetRow("A2", out _));
        Assert.Equal("A3", matrix.AsinAt(1));
        Assert.Equal(3f, matrix.Report.MaxValue);
        using var reader = new FeatureFileReader(path, options);
        Assert.Equal(["A1", "A3"], reader.Select(r => r.Asin).ToArray());
        Assert.Equal(1, reader.Report!.InvalidValueRows);
    }

    [Fact]
    public void WithoutValidationValuesAreNotChecked()
    {
        var bad = Row(2);
        bad[3] = float.NaN;
        string path = _files.WriteFeatures("nan.b", [("A1", bad)]);
        using var matrix = FeatureMatrix.Open(path, Options with { ValidateValues = false });
        Assert.False(matrix.Report.ValuesValidated);
        Assert.Null(matrix.Report.MaxValue);
        Assert.True(float.IsNaN(matrix.Row(0)[3]));
    }

    [Fact]
    public void ScaleByMaxLeavesRowsRawAndScalesCopies()
    {
        var rows = new[] { Row(1), Row(2) };
        rows[1][4] = 8f;
        string path = _files.WriteFeatures("s.b", [("A1", rows[0]), ("A2", rows[1])]);
        using var matrix = FeatureMatrix.Open(path, Options with { ScaleByMax = true });
        Assert.Equal(8f, matrix.Report.MaxValue);
        Assert.Equal(1f / 8, matrix.Scale);
        Assert.Equal(8f, matrix.Row(1)[4]);
        var copy = new float[2 * Dim];
        matrix.CopyRows([1, 0], copy);
        Assert.Equal(1f, copy[4]);
        Assert.Equal(0.25f, copy[0]);
        Assert.Equal(0.125f, copy[Dim]);
        var dense = matrix.ToDense();
        Assert.Equal(1f, dense.Row(1)[4]);
        Assert.Equal(["A1", "A2"], new[] { dense.AsinAt(0), dense.AsinAt(1) });
    }

    [Fact]
    public void StreamingScalesByMaxExactlyAsTheMatrixCopies()
    {
        var records = DataTestFiles.RandomRecords(40, Dim, seed: 3);
        var duplicate = Row(1000f); // skipped (KeepFirst), so its value must not be the max
        var bad = Row(2);
        bad[5] = float.NaN;
        records.Insert(7, (records[2].Asin, duplicate));
        records.Insert(11, ("NAN0000001", bad));
        string path = _files.WriteFeatures("scaled.b", records);
        var options = Options with { ScaleByMax = true, InvalidValues = InvalidValuePolicy.SkipRow };

        using var matrix = FeatureMatrix.Open(path, options);
        var dense = matrix.ToDense();
        using var reader = new FeatureFileReader(path, options);
        var streamed = reader.ToList();

        Assert.InRange(matrix.Report.MaxValue!.Value, 40f, 50f); // the skipped duplicate's 1000 does not count
        Assert.Equal(1f / matrix.Report.MaxValue.Value, matrix.Scale);
        Assert.Equal(matrix.Count, streamed.Count);
        for (int row = 0; row < matrix.Count; row++)
        {
            Assert.Equal(dense.AsinAt(row), streamed[row].Asin);
            Assert.Equal(dense.Row(row).ToArray(), streamed[row].Features.ToArray());
        }
        Assert.Equal(matrix.Report, reader.Report! with { Examples = matrix.Report.Examples });
        Assert.Equal(matrix.Report.Examples, reader.Report!.Examples);
    }

    [Fact]
    public void ScaleByMaxOfAnAllZeroFileIsRejectedByBoth()
    {
        string path = _files.WriteFeatures("zeros.b", [("A1", Row(0))]);
        Assert.Contains("cannot scale by the largest value 0", BothThrow(path, Options with { ScaleByMax = true }).Message);
    }

    [Fact]
    public void CheckingAfterAnUnvalidatedOpenThrowsWhatOpeningWouldHave()
    {
        var records = DataTestFiles.RandomRecords(300, Dim, seed: 4);
        records[250].Values[6] = float.PositiveInfinity;
        records[120].Values[2] = float.NaN; // the earliest bad record is the one reported
        string path = _files.WriteFeatures("late-nan.b", records);
        var expected = Assert.Throws<FeatureFileException>(() => FeatureMatrix.Open(path, Options).Dispose());

        using var matrix = FeatureMatrix.Open(path, Options with { ValidateValues = false });
        var error = Assert.Throws<FeatureFileException>(() => matrix.CheckValues(threads: 2));
        Assert.Equal(expected.Message, error.Message);
        Assert.Equal(120, error.RecordIndex);
        Assert.Equal(120 * RecordSize, error.ByteOffset);
        using var view = matrix.Subset(Enumerable.Range(0, 100)); // views check only their own rows
        view.CheckValues(threads: 2);
    }

    [Fact]
    public void ScaleByMaxWithoutValidationIsRefused() =>
        Assert.Throws<ArgumentException>(() => FeatureMatrix.Open(_files.PathOf("x.b"), Options with { ScaleByMax = true, ValidateValues = false }));

    /// <summary>One feature-record policy (issue 9): under every combination of policies the matrix and the reader
    /// keep the same rows in the same order and report the same counts and skipped records, or fail alike.</summary>
    [Theory]
    [InlineData(DuplicatePolicy.KeepFirst, InvalidValuePolicy.SkipRow)]
    [InlineData(DuplicatePolicy.KeepFirst, InvalidValuePolicy.Throw)]
    [InlineData(DuplicatePolicy.Throw, InvalidValuePolicy.SkipRow)]
    [InlineData(DuplicatePolicy.Throw, InvalidValuePolicy.Throw)]
    public void MatrixAndReaderApplyTheSamePolicy(DuplicatePolicy duplicates, InvalidValuePolicy invalid)
    {
        var nan = Row(1);
        nan[3] = float.NaN;
        string path = _files.WriteFeatures("policy.b",
            [("A1", Row(1)), ("A2", nan), ("A1", Row(3)), ("A2", Row(4)), ("A3", Row(5)), ("A3", Row(6))]);
        var options = Options with { Duplicates = duplicates, InvalidValues = invalid };
        if (duplicates == DuplicatePolicy.Throw || invalid == InvalidValuePolicy.Throw)
        {
            var error = BothThrow(path, options);
            Assert.Equal(invalid == InvalidValuePolicy.Throw ? 1 : 2, error.RecordIndex);
            return;
        }
        using var matrix = FeatureMatrix.Open(path, options);
        using var reader = new FeatureFileReader(path, options);
        var streamed = reader.ToList();
        Assert.Equal(["A1", "A2", "A3"], streamed.Select(r => r.Asin));
        Assert.Equal(streamed.Select(r => r.Asin), Enumerable.Range(0, matrix.Count).Select(matrix.AsinAt));
        Assert.Equal([0, 3, 4], Enumerable.Range(0, matrix.Count).Select(matrix.RecordIndexOf));
        for (int row = 0; row < matrix.Count; row++) Assert.Equal(streamed[row].Features.ToArray(), matrix.Row(row).ToArray());
        Assert.Equal(matrix.Report with { Examples = [] }, reader.Report! with { Examples = [] });
        Assert.Equal(matrix.Report.Examples, reader.Report!.Examples);
        Assert.Equal(2, matrix.Report.Duplicates);
        Assert.Equal(1, matrix.Report.InvalidValueRows);
    }
}
