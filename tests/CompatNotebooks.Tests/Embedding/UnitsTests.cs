using CompatNotebooks.Embedding;

namespace CompatNotebooks.Tests.Embedding;

/// <summary>Issue 13 item 7: the result must not depend on the input's units, however large or small.</summary>
public class UnitsTests
{
    private const int Dim = 4;

    private static float[] Scaled(float[] rows, double factor) => rows.Select(v => (float)(v * factor)).ToArray();

    [Theory]
    [InlineData(-66)] // 2^-66 ≈ 1.4e-20: squared distances ≈ 1e-38
    [InlineData(66)]  // 2^66 ≈ 7.4e19: squared distances ≈ 1e41
    public void PowerOfTwoUnitsGiveBitIdenticalAffinitiesAndEmbedding(int exponent)
    {
        var (rows, _) = TSneTestData.Blobs(3, 100, Dim, seed: 8);
        var options = new TSneOptions { Perplexity = 15, Iterations = 250 };
        var reference = TSne.Embed(rows, Dim, options);
        var scaled = TSne.Embed(Scaled(rows, Math.ScaleB(1.0, exponent)), Dim, options);
        Assert.Equal(reference.Affinities.Columns.ToArray(), scaled.Affinities.Columns.ToArray());
        Assert.Equal(reference.Affinities.Values.ToArray(), scaled.Affinities.Values.ToArray());
        Assert.Equal(reference.Coordinates.ToArray(), scaled.Coordinates.ToArray());
    }

    [Theory]
    [InlineData(1e-20)]
    [InlineData(1e20)]
    public void DecimalUnitsGiveTheSameAffinitiesUpToInputRounding(double factor)
    {
        var (rows, _) = TSneTestData.Blobs(3, 100, Dim, seed: 9);
        var options = new TSneOptions { Perplexity = 15 };
        var reference = TSne.Affinities(rows, Dim, options);
        var scaled = TSne.Affinities(Scaled(rows, factor), Dim, options);
        // Same neighbour graph, and each p_ij within float rounding of the rescaled input (relative ~1e-7 on distances).
        Assert.Equal(reference.Columns.ToArray(), scaled.Columns.ToArray());
        var a = reference.Values.ToArray();
        var b = scaled.Values.ToArray();
        double worst = 0;
        for (int t = 0; t < a.Length; t++) worst = Math.Max(worst, Math.Abs(a[t] - b[t]) / a[t]);
        Assert.True(worst < 1e-3, $"largest relative difference of p_ij {worst:E2}");
        // Every point keeps its perplexity-sized neighbourhood: no row collapses onto one neighbour.
        for (int i = 0; i < scaled.Count; i++)
        {
            double row = 0, max = 0;
            for (int t = scaled.RowStart[i]; t < scaled.RowStart[i + 1]; t++) { row += b[t]; max = Math.Max(max, b[t]); }
            Assert.True(max < 0.5 * row, $"row {i}: largest p_ij {max:E2} of row sum {row:E2}");
        }
    }
}
