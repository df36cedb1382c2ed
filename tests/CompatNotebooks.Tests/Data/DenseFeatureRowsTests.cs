using CompatNotebooks.Data;

namespace CompatNotebooks.Tests.Data;

public class DenseFeatureRowsTests
{
    [Fact]
    public void RowsAndAsinsRoundTrip()
    {
        var rows = new DenseFeatureRows([1, 2, 3, 4, 5, 6], 3, ["A", "B"]);
        Assert.Equal(2, rows.Count);
        Assert.Equal([4f, 5f, 6f], rows.Row(1).ToArray());
        Assert.True(rows.TryGetRow("B", out var r));
        Assert.Equal(1, r);
        Assert.Equal("A", rows.AsinAt(0));
    }

    [Fact]
    public void DuplicateAsinIsRejected() =>
        Assert.Throws<ArgumentException>(() => new DenseFeatureRows([1, 2], 1, ["A", "A"]));
}
