using CompatNotebooks.Embedding;

namespace CompatNotebooks.Tests.Embedding;

public class RepulsionTests
{
    /// <summary>Points in five blobs spread over about <paramref name="extent"/> units, like an embedding in progress.</summary>
    internal static double[] Embedding(int n, double extent, int seed)
    {
        var rng = new Random(seed);
        var y = new double[2 * n];
        double blobSize = Math.Min(3, extent);
        for (int i = 0; i < n; i++)
        {
            int blob = i % 5;
            double cx = extent * Math.Cos(blob * 1.3) / 2, cy = extent * Math.Sin(blob * 2.1) / 2;
            y[2 * i] = cx + blobSize * (rng.NextDouble() - 0.5);
            y[2 * i + 1] = cy + blobSize * (rng.NextDouble() - 0.5);
        }
        return y;
    }

    private static double RelativeError(double[] approx, double[] exact)
    {
        double err = 0, norm = 0;
        for (int c = 0; c < exact.Length; c++) { err += (approx[c] - exact[c]) * (approx[c] - exact[c]); norm += exact[c] * exact[c]; }
        return Math.Sqrt(err / norm);
    }

    [Theory]
    [InlineData(0.01, 2.0, 1e-4)]   // early: tiny embedding, fine grid
    [InlineData(20, 2.0, 2e-2)]
    [InlineData(80, 2.0, 2e-2)]     // late: fixed spacing 1/2, grid ≫ minimum
    [InlineData(80, 5.0, 1e-3)]     // finer grid → smaller error (cubic interpolation converges as h⁴)
    public void InterpolatedMatchesExactRepulsionAndZ(double extent, double nodesPerUnit, double tolerance)
    {
        const int n = 400;
        var y = Embedding(n, extent, 7);
        var exact = new double[2 * n];
        var approx = new double[2 * n];
        double zExact = new ExactRepulsion(2).Compute(y, exact);
        var interpolated = new InterpolatedRepulsion(2, nodesPerUnit);
        double zApprox = interpolated.Compute(y, approx);
        Assert.Equal(1, zApprox / zExact, tolerance);
        double err = RelativeError(approx, exact);
        Assert.True(err < tolerance, $"relative error {err} on grid {interpolated.LastGrid}");
    }

    [Theory]
    [InlineData(4, 2e-2)]
    [InlineData(6, 1e-2)]
    [InlineData(10, 1e-2)]   // wider than one SIMD vector: the scalar spreading/gathering path
    public void EveryInterpolationOrderMatchesExact(int points, double tolerance)
    {
        const int n = 500;
        var y = Embedding(n, 60, 5);
        var exact = new double[2 * n];
        var approx = new double[2 * n];
        double zExact = new ExactRepulsion(2).Compute(y, exact);
        double zApprox = new InterpolatedRepulsion(2, 2.0, points).Compute(y, approx);
        Assert.Equal(1, zApprox / zExact, tolerance);
        Assert.True(RelativeError(approx, exact) < tolerance, $"relative error {RelativeError(approx, exact)}");
    }

    /// <summary>
    /// Many grid shapes (so the packed pairs of real columns, x + h, and the Hermitian half of the y-frequencies
    /// fall at every position relative to the parallel chunks) against the exact sums, on a fine grid so that
    /// interpolation error cannot hide a wrong or missing column.
    /// </summary>
    [Theory]
    [InlineData(3.0)]
    [InlineData(7.5)]
    [InlineData(13.0)]
    [InlineData(29.0)]
    [InlineData(41.0)]
    public void ThreeChargeGridsMatchExactForEveryGridShape(double extent)
    {
        const int n = 300;
        var y = Embedding(n, extent, 11);
        for (int c = 1; c < y.Length; c += 2) y[c] *= 0.6;   // unequal sides: nx ≠ ny
        var exact = new double[2 * n];
        var approx = new double[2 * n];
        double zExact = new ExactRepulsion(1).Compute(y, exact);
        var interpolated = new InterpolatedRepulsion(2, 6.0);
        double zApprox = interpolated.Compute(y, approx);
        Assert.Equal(1, zApprox / zExact, 1e-4);
        double err = RelativeError(approx, exact);
        Assert.True(err < 1e-3, $"relative error {err} on grid {interpolated.LastGrid}");
    }

    [Fact]
    public void RepeatedCallsReuseTheCachedKernelCorrectly()
    {
        const int n = 300;
        var interpolated = new InterpolatedRepulsion(1);
        var exact = new ExactRepulsion(1);
        foreach (double extent in new[] { 30.0, 30.0, 10.0, 60.0, 30.0 })
        {
            var y = Embedding(n, extent, (int)extent);
            var a = new double[2 * n]; var e = new double[2 * n];
            interpolated.Compute(y, a);
            exact.Compute(y, e);
            Assert.True(RelativeError(a, e) < 2e-2);
        }
    }

    [Fact]
    public void ResultDoesNotDependOnTheThreadCount()
    {
        var y = Embedding(3000, 50, 1);
        var one = new double[6000]; var two = new double[6000]; var three = new double[6000];
        double z1 = new InterpolatedRepulsion(1).Compute(y, one);
        double z2 = new InterpolatedRepulsion(2).Compute(y, two);
        double z3 = new InterpolatedRepulsion(3).Compute(y, three);
        Assert.Equal(z1, z2);
        Assert.Equal(z1, z3);
        Assert.Equal(one, two);
        Assert.Equal(one, three);
    }
}
