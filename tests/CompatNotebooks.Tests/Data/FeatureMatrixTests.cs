using CompatNotebooks.Data;

namespace CompatNotebooks.Tests.Data;

/// <summary>The mapped matrix: agrees with the streaming reader, O(1) ASIN lookup, subset views.</summary>
public class FeatureMatrixTests : IDisposable
{
    private readonly DataTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(37, 300)]   // odd dimension: vector loop + scalar tail, unaligned rows
    [InlineData(4096, 40)]  // the real dimension
    public void StreamingReaderAndMappedMatrixAgree(int dimension, int count)
    {
        var records = DataTestFiles.RandomRecords(count, dimension, seed: dimension);
        string path = _files.WriteFeatures("image_features_Test.b", records);
        var options = new FeatureFileOptions { Dimension = dimension };
        using var matrix = FeatureMatrix.Open(path, options);
        using var reader = new FeatureFileReader(path, options);
        int row = 0;
        foreach (var (asin, features) in reader)
        {
            Assert.Equal(records[row].Asin, asin);        // padding trimmed
            Assert.Equal(asin, matrix.AsinAt(row));
            Assert.True(matrix.TryGetRow(asin, out int found));
            Assert.Equal(row, found);
            Assert.True(features.Span.SequenceEqual(matrix.Row(row)));
            Assert.True(features.Span.SequenceEqual(records[row].Values));
            row++;
        }
        Assert.Equal(count, row);
        Assert.Equal(count, matrix.Count);
        Assert.Equal(dimension, matrix.Dimension);
        float max = records.Max(r => r.Values.Max());
        Assert.Equal(max, matrix.Report.MaxValue);
        Assert.Equal(max, reader.Report!.MaxValue);
        Assert.Equal(0, matrix.Report.Duplicates + matrix.Report.InvalidValueRows);
        Assert.False(matrix.TryGetRow("NOPE", out _));
    }

    [Fact]
    public void SubsetIsAViewWithItsOwnRowsAndIndex()
    {
        var records = DataTestFiles.RandomRecords(20, 16, seed: 1);
        string path = _files.WriteFeatures("f.b", records);
        using var matrix = FeatureMatrix.Open(path, new FeatureFileOptions { Dimension = 16 });
        using var subset = matrix.Subset([7, 2, 15]);
        Assert.Equal(3, subset.Count);
        Assert.Equal(16, subset.Dimension);
        Assert.Equal(records[7].Asin, subset.AsinAt(0));
        Assert.Equal(records[15].Asin, subset.AsinAt(2));
        Assert.True(subset.Row(1).SequenceEqual(records[2].Values));
        Assert.True(subset.TryGetRow(records[15].Asin, out int row));
        Assert.Equal(2, row);
        Assert.False(subset.TryGetRow(records[3].Asin, out _)); // in the file, not in the view
        Assert.Equal(15, subset.RecordIndexOf(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => subset.Row(3));

        // A subset of a subset maps through both.
        using var inner = subset.Subset([2]);
        Assert.Equal(records[15].Asin, inner.AsinAt(0));
        Assert.True(inner.Row(0).SequenceEqual(records[15].Values));

        // The view shares the mapping: the span points into the same memory as the parent's row.
        unsafe
        {
            fixed (float* a = matrix.Row(7)) fixed (float* b = subset.Row(0)) Assert.True(a == b);
        }
    }

    [Fact]
    public void SubsetRejectsBadRows()
    {
        string path = _files.WriteFeatures("f.b", DataTestFiles.RandomRecords(5, 8, seed: 2));
        using var matrix = FeatureMatrix.Open(path, new FeatureFileOptions { Dimension = 8 });
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Subset([0, 5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Subset([-1]));
        Assert.Throws<ArgumentException>(() => matrix.Subset([1, 1]));
    }

    [Fact]
    public void WhereKeepsRowOrderAndAViewOutlivesItsParent()
    {
        var records = DataTestFiles.RandomRecords(30, 8, seed: 3);
        string path = _files.WriteFeatures("f.b", records);
        var matrix = FeatureMatrix.Open(path, new FeatureFileOptions { Dimension = 8 });
        var keep = records.Where((_, i) => i % 3 == 0).Select(r => r.Asin).ToHashSet();
        using var view = matrix.Where(keep.Contains);
        matrix.Dispose();
        Assert.Throws<ObjectDisposedException>(() => matrix.Row(0));
        Assert.Equal(10, view.Count);
        for (int row = 0; row < view.Count; row++)
        {
            Assert.Equal(records[3 * row].Asin, view.AsinAt(row));
            Assert.True(view.Row(row).SequenceEqual(records[3 * row].Values)); // mapping still alive
        }
    }

    [Fact]
    public void MatrixServesAsTheSharedInterfaces()
    {
        string path = _files.WriteFeatures("f.b", DataTestFiles.RandomRecords(4, 8, seed: 4));
        using var matrix = FeatureMatrix.Open(path, new FeatureFileOptions { Dimension = 8 });
        IFeatureRows rows = matrix;
        IAsinIndex index = matrix;
        Assert.Equal(4, rows.Count);
        Assert.True(index.TryGetRow(index.AsinAt(3), out int row));
        Assert.Equal(3, row);
    }

    [Fact]
    public void ReaderCanBeEnumeratedTwiceAndReportsAfterwards()
    {
        string path = _files.WriteFeatures("f.b", DataTestFiles.RandomRecords(6, 8, seed: 6));
        using var reader = new FeatureFileReader(path, new FeatureFileOptions { Dimension = 8 });
        Assert.Null(reader.Report);
        Assert.Equal(6, reader.Count());
        Assert.Equal(6, reader.Count());
        Assert.Equal(6, reader.Report!.Rows);
    }
}
