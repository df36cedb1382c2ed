using CompatNotebooks.Embedding;

namespace CompatNotebooks.Tests.Embedding;

public class AffinityTests
{
    [Theory]
    [InlineData(5.0)]
    [InlineData(30.0)]
    public void CalibratedEntropyIsLogPerplexity(double perplexity)
    {
        var rng = new Random(3);
        var d = Enumerable.Range(0, 91).Select(_ => 100 * rng.NextDouble()).Order().ToArray();
        var p = new double[d.Length];
        double reported = PerplexityCalibration.Calibrate(d, perplexity, p);
        double entropy = -p.Where(v => v > 0).Sum(v => v * Math.Log(v));
        Assert.Equal(Math.Log(perplexity), entropy, 1e-4);
        Assert.Equal(entropy, reported, 1e-9);
        Assert.Equal(1, p.Sum(), 1e-12);
    }

    [Fact]
    public void EveryRowOfTheAffinitiesMatchesThePerplexity()
    {
        var (rows, _) = TSneTestData.Blobs(3, 60, 4, seed: 1);
        const double perplexity = 10;
        int n = rows.Length / 4, k = 31;
        var nbr = new int[n * k];
        var dist = new double[k];
        var tree = new KdTree(rows, n, 4);
        for (int i = 0; i < n; i++)
        {
            tree.Query(rows.AsSpan(i * 4, 4), i, k, nbr.AsSpan(i * k, k), dist);
            var p = new double[k];
            PerplexityCalibration.Calibrate(dist, perplexity, p);
            double h = -p.Where(v => v > 0).Sum(v => v * Math.Log(v));
            Assert.Equal(Math.Log(perplexity), h, 1e-4);
        }
    }

    [Fact]
    public void DuplicateNeighboursGetUniformProbabilities()
    {
        var p = new double[10];
        double h = PerplexityCalibration.Calibrate(new double[10], 5, p);
        Assert.All(p, v => Assert.Equal(0.1, v, 1e-15));
        Assert.Equal(Math.Log(10), h, 1e-12);
        // Many duplicates at distance 0 plus a few farther points: finite, normalised, duplicates share equally.
        var d = new double[] { 0, 0, 0, 0, 0, 0, 4, 9, 16, 25 };
        PerplexityCalibration.Calibrate(d, 3, p);
        Assert.All(p, v => Assert.True(double.IsFinite(v) && v >= 0));
        Assert.Equal(1, p.Sum(), 1e-12);
        Assert.All(p.Take(6), v => Assert.Equal(p[0], v));
    }

    [Fact]
    public void KdTreeFindsTheSameNeighboursAsBruteForceIncludingTies()
    {
        var rng = new Random(11);
        int n = 500, dim = 3, k = 12;
        // Integer grid coordinates: many exact ties and duplicates.
        var rows = Enumerable.Range(0, n * dim).Select(_ => (float)rng.Next(0, 6)).ToArray();
        var tree = new KdTree(rows, n, dim);
        var nbr = new int[k];
        var dist = new double[k];
        for (int i = 0; i < n; i++)
        {
            tree.Query(rows.AsSpan(i * dim, dim), i, k, nbr, dist);
            var expected = Enumerable.Range(0, n).Where(j => j != i)
                .Select(j => (D: Enumerable.Range(0, dim).Sum(c => (double)(rows[i * dim + c] - rows[j * dim + c]) * (rows[i * dim + c] - rows[j * dim + c])), J: j))
                .OrderBy(t => t.D).ThenBy(t => t.J).Take(k).ToArray();
            Assert.Equal(expected.Select(t => t.J), nbr);
            Assert.Equal(expected.Select(t => t.D), dist);
        }
    }

    [Fact]
    public void JointProbabilitiesAreSymmetricAndSumToOne()
    {
        var (rows, _) = TSneTestData.Blobs(2, 50, 3, seed: 5);
        var p = TSne.Affinities(rows, 3, new TSneOptions { Perplexity = 8 });
        Assert.Equal(100, p.Count);
        Assert.Equal(25, p.Neighbours);
        Assert.Equal(1, p.Values.ToArray().Sum(v => (double)v), 1e-6);
        for (int i = 0; i < p.Count; i++)
            for (int t = p.RowStart[i]; t < p.RowStart[i + 1]; t++)
            {
                int j = p.Columns[t];
                Assert.NotEqual(i, j);
                Assert.Equal(p.Values[t], p[j, i]);
            }
    }

    [Fact]
    public void ExactMethodUsesAllOtherPoints()
    {
        var (rows, _) = TSneTestData.Blobs(2, 10, 3, seed: 5);
        var p = TSne.Affinities(rows, 3, new TSneOptions { Perplexity = 5, Method = TSneMethod.Exact });
        Assert.Equal(19, p.Neighbours);
        Assert.Equal(20 * 19, p.NonZeros);
    }

    [Theory]
    [InlineData(12, 3, 1)]
    [InlineData(40, 7, 2)]
    [InlineData(90, 20, 3)]
    public void SymmetrisationEqualsTheDenseNaiveFormula(int n, int k, int seed)
    {
        // Random neighbour lists (distinct, never the point itself, in random order) and random conditional
        // probabilities; the reference is the dense (P + Pᵀ) / Σ, which is (P + Pᵀ) / 2N when every row sums to 1.
        var rng = new Random(seed);
        var nbr = new int[n * k];
        var cond = new float[n * k];
        var dense = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            var others = Enumerable.Range(0, n).Where(j => j != i).OrderBy(_ => rng.Next()).Take(k).ToArray();
            var raw = others.Select(_ => rng.NextDouble() + 1e-3).ToArray();
            double rowSum = raw.Sum();
            for (int t = 0; t < k; t++)
            {
                nbr[i * k + t] = others[t];
                cond[i * k + t] = (float)(raw[t] / rowSum);
                dense[i, others[t]] += cond[i * k + t];
                dense[others[t], i] += cond[i * k + t];
            }
        }
        var p = TSneAffinities.Symmetrize(n, k, nbr, cond, 5, threads: 2);
        int nonZero = 0;
        for (int i = 0; i < n; i++)
        {
            for (int t = p.RowStart[i] + 1; t < p.RowStart[i + 1]; t++) Assert.True(p.Columns[t - 1] < p.Columns[t]);
            for (int j = 0; j < n; j++)
            {
                double expected = dense[i, j] / (2.0 * n);
                if (expected > 0) nonZero++;
                Assert.Equal(expected, p[i, j], 1e-7 * Math.Max(expected, 1e-3));
            }
        }
        Assert.Equal(nonZero, p.NonZeros);
    }

    [Fact]
    public void AffinitiesOfTheLibraryEqualANaiveAllPairsComputation()
    {
        // Brute-force neighbours (ties by index), the library's calibration, dense symmetrisation: the same P.
        var (rows, _) = TSneTestData.Blobs(3, 20, 3, seed: 11);
        int n = 60, k = 16;
        var p = TSne.Affinities(rows, 3, new TSneOptions { Perplexity = 5, Neighbours = k });
        var dense = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            var d2 = Enumerable.Range(0, n).Where(j => j != i)
                .Select(j => (j, d: Enumerable.Range(0, 3).Sum(c => Math.Pow((double)rows[i * 3 + c] - rows[j * 3 + c], 2))))
                .OrderBy(x => x.d).ThenBy(x => x.j).Take(k).ToArray();
            var cond = new double[k];
            PerplexityCalibration.Calibrate(d2.Select(x => x.d).ToArray(), 5, cond);
            for (int t = 0; t < k; t++) { dense[i, d2[t].j] += cond[t]; dense[d2[t].j, i] += cond[t]; }
        }
        double total = 0;
        foreach (double v in dense) total += v;
        // Two roundings to single precision (the conditional probabilities, then P), each within 2^-24 relative.
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) Assert.Equal(dense[i, j] / total, p[i, j], 2.5e-7 * Math.Max(dense[i, j] / total, 1e-3));
    }
}
