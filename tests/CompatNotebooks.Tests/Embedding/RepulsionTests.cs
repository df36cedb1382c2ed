using CompatNotebooks.Embedding;

namespace CompatNotebooks.Tests.Embedding;

public class RepulsionTests
{
    /// <summary>Points in a few blobs spread over about <paramref name="extent"/> units, like a late embedding.</summary>
    internal static double[] Embedding(int n, double extent, int seed)
    {
        var rng = new Random(seed);
        var y = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            int blob = i % 5;
            double cx = extent * Math.Cos(blob * 1.3) / 2, cy = extent * Math.Sin(blob * 2.1) / 2;
            y[2 * i] = cx + 3 * (rng.NextDouble() - 0.5);
            y[2 * i + 1] = cy + 3 * (rng.NextDouble() - 0.5);
        }
        return y;
    }

    [Theory]
    [InlineData(0.01)]   // early: tiny embedding, fine grid
    [InlineData(20)]
    [InlineData(80)]     // late: fixed spacing, grid ≫ minimum
    public void InterpolatedMatchesExactRepulsionAndZ(double extent)
    {
        const int n = 400;
        var y = Embedding(n, extent, 7);
        var exact = new double[2 * n];
        var approx = new double[2 * n];
        double zExact = new ExactRepulsion(2).Compute(y, exact);
        var interpolated = new InterpolatedRepulsion(2);
        double zApprox = interpolated.Compute(y, approx);
        Assert.Equal(1, zApprox / zExact, 1e-3);
        double err = 0, norm = 0;
        for (int c = 0; c < 2 * n; c++) { err += (approx[c] - exact[c]) * (approx[c] - exact[c]); norm += exact[c] * exact[c]; }
        Assert.True(Math.Sqrt(err / norm) < 5e-3, $"relative error {Math.Sqrt(err / norm)} on grid {interpolated.LastGrid}");
    }
}
