using CompatNotebooks.Embedding;

namespace CompatNotebooks.Tests.Embedding;

public class GradientTests
{
    private static double[] RandomEmbedding(int n, double scale, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, 2 * n).Select(_ => scale * TSneTestData.Normal(rng)).ToArray();
    }

    [Fact]
    public void ExactGradientMatchesFiniteDifferencesOfTheExactKl()
    {
        var (rows, _) = TSneTestData.Blobs(2, 5, 3, seed: 2);
        var p = TSne.Affinities(rows, 3, new TSneOptions { Perplexity = 3, Method = TSneMethod.Exact });
        var objective = new TSneObjective(p, new ExactRepulsion(1), 1);
        var y = RandomEmbedding(10, 1.5, 4);
        var gradient = new double[y.Length];
        double kl = objective.Gradient(y, 1, gradient, computeKl: true);
        Assert.Equal(TSneObjective.ExactKl(p, y, 1), kl, 1e-12);
        const double h = 1e-6;
        for (int c = 0; c < y.Length; c++)
        {
            var plus = (double[])y.Clone(); plus[c] += h;
            var minus = (double[])y.Clone(); minus[c] -= h;
            double numeric = (TSneObjective.ExactKl(p, plus, 1) - TSneObjective.ExactKl(p, minus, 1)) / (2 * h);
            Assert.Equal(numeric, gradient[c], 1e-6);
        }
    }

    [Fact]
    public void ExactKlMatchesADenseComputation()
    {
        var (rows, _) = TSneTestData.Blobs(2, 6, 2, seed: 8);
        var p = TSne.Affinities(rows, 2, new TSneOptions { Perplexity = 4, Method = TSneMethod.Exact });
        var y = RandomEmbedding(12, 2, 1);
        double z = 0;
        for (int i = 0; i < 12; i++)
            for (int j = 0; j < 12; j++)
                if (i != j) z += 1 / (1 + Math.Pow(y[2 * i] - y[2 * j], 2) + Math.Pow(y[2 * i + 1] - y[2 * j + 1], 2));
        double kl = 0;
        for (int i = 0; i < 12; i++)
            for (int j = 0; j < 12; j++)
            {
                double pij = p[i, j];
                if (pij <= 0) continue;
                double q = 1 / (1 + Math.Pow(y[2 * i] - y[2 * j], 2) + Math.Pow(y[2 * i + 1] - y[2 * j + 1], 2)) / z;
                kl += pij * Math.Log(pij / q);
            }
        Assert.Equal(kl, TSne.ExactKullbackLeibler(p, y), 1e-12);
    }

    [Theory]
    [InlineData(0.001)]  // start of the run: all points within a tiny square
    [InlineData(5.0)]
    [InlineData(40.0)]   // late: a spread-out embedding on the fixed-spacing grid
    public void InterpolatedGradientMatchesExactGradient(double extent)
    {
        var (rows, _) = TSneTestData.Blobs(4, 75, 5, seed: 9);
        var p = TSne.Affinities(rows, 5, new TSneOptions { Perplexity = 20 });
        var y = RepulsionTests.Embedding(300, extent, 3);
        var exact = new double[600];
        var approx = new double[600];
        double klExact = new TSneObjective(p, new ExactRepulsion(2), 2).Gradient(y, 12, exact, true);
        double klApprox = new TSneObjective(p, new InterpolatedRepulsion(2), 2).Gradient(y, 12, approx, true);
        double err = 0, norm = 0;
        for (int c = 0; c < 600; c++) { err += (approx[c] - exact[c]) * (approx[c] - exact[c]); norm += exact[c] * exact[c]; }
        Assert.True(Math.Sqrt(err / norm) < 2e-2, $"relative gradient error {Math.Sqrt(err / norm)}");
        Assert.Equal(klExact, klApprox, 5e-3);
    }

    [Fact]
    public void VectorisedAttractivePassAgreesWithTheDoublePrecisionOne()
    {
        var (rows, _) = TSneTestData.Blobs(3, 100, 5, seed: 3);
        var p = TSne.Affinities(rows, 5, new TSneOptions { Perplexity = 15 });
        var y = RepulsionTests.Embedding(300, 30, 2);
        var objective = new TSneObjective(p, new ExactRepulsion(1), 2);
        var fast = new double[600];
        var reference = new double[600];
        objective.Gradient(y, 1, fast, computeKl: false);    // SIMD path where AVX2 is available
        objective.Gradient(y, 1, reference, computeKl: true); // double-precision path
        for (int c = 0; c < 600; c++) Assert.Equal(reference[c], fast[c], 1e-5 * (1 + Math.Abs(reference[c])));
    }
}
