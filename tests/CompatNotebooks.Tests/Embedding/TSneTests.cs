using CompatNotebooks.Data;
using CompatNotebooks.Embedding;

namespace CompatNotebooks.Tests.Embedding;

public class TSneTests
{
    [Fact]
    public void SeparatedClustersStaySeparated()
    {
        var (rows, labels) = TSneTestData.Blobs(4, 100, 5, seed: 21);
        var result = TSne.Embed(rows, 5);
        Assert.Equal(400, result.Count);
        Assert.Equal(1000, result.Iterations);
        Assert.Equal(50, result.LearningRate); // auto: max(400 / 12 / 4, 50)
        Assert.True(TSneTestData.KnnLabelAccuracy(result.Coordinates, labels, 10) >= 0.99);
        Assert.InRange(result.KullbackLeibler, 0.01, 3);
        // Self-reported KL (interpolated Z) agrees with the exact evaluation.
        Assert.Equal(TSne.ExactKullbackLeibler(result.Affinities, result.Coordinates), result.KullbackLeibler, 0.01);
    }

    [Fact]
    public void ExactAndInterpolatedMethodsReachSimilarKl()
    {
        var (rows, labels) = TSneTestData.Blobs(3, 50, 4, seed: 4);
        var options = new TSneOptions { Perplexity = 10, Iterations = 500 };
        var exact = TSne.Embed(rows, 4, options with { Method = TSneMethod.Exact });
        var fast = TSne.Embed(rows, 4, options);
        Assert.Equal(TSneMethod.Exact, exact.Method);
        Assert.Equal(1.0, TSneTestData.KnnLabelAccuracy(exact.Coordinates, labels, 10));
        // Different P (dense vs 31-NN), so compare each against its own exact KL and loosely against each other.
        Assert.Equal(TSne.ExactKullbackLeibler(exact.Affinities, exact.Coordinates), exact.KullbackLeibler, 2e-3);
        Assert.Equal(exact.KullbackLeibler, fast.KullbackLeibler, 0.15);
    }

    [Fact]
    public void SameInputGivesIdenticalOutputWhateverTheThreadCount()
    {
        var (rows, _) = TSneTestData.Blobs(3, 120, 5, seed: 13);
        var options = new TSneOptions { Iterations = 300 };
        var one = TSne.Embed(rows, 5, options with { Threads = 1 });
        var two = TSne.Embed(rows, 5, options with { Threads = 2 });
        var again = TSne.Embed(rows, 5, options with { Threads = 2 });
        Assert.Equal(one.Coordinates.ToArray(), two.Coordinates.ToArray());
        Assert.Equal(two.Coordinates.ToArray(), again.Coordinates.ToArray());
        Assert.Equal(one.KullbackLeibler, two.KullbackLeibler);
    }

    [Fact]
    public void RandomInitialisationIsSeeded()
    {
        var (rows, _) = TSneTestData.Blobs(2, 40, 3, seed: 13);
        var options = new TSneOptions { Iterations = 100, Perplexity = 10, Initialization = TSneInitialization.Random };
        var a = TSne.Embed(rows, 3, options with { Seed = 1 });
        var b = TSne.Embed(rows, 3, options with { Seed = 1 });
        var c = TSne.Embed(rows, 3, options with { Seed = 2 });
        Assert.Equal(a.Coordinates.ToArray(), b.Coordinates.ToArray());
        Assert.NotEqual(a.Coordinates.ToArray(), c.Coordinates.ToArray());
    }

    [Fact]
    public void BothInputShapesGiveTheSameEmbeddingInInputOrder()
    {
        var (rows, _) = TSneTestData.Blobs(2, 30, 3, seed: 6);
        var options = new TSneOptions { Iterations = 100, Perplexity = 10 };
        int n = 60;
        var expected = TSne.Embed(rows, 3, options).Coordinates.ToArray();
        Assert.Equal(expected, TSne.Embed(new DenseFeatureRows(rows, 3, Enumerable.Range(0, n).Select(i => $"A{i}").ToArray()), options).Coordinates.ToArray());
        var array = TSne.Embed(rows, 3, options).ToArray();
        Assert.Equal(n, array.GetLength(0));
        Assert.Equal((float)expected[2 * 7 + 1], array[7, 1]);
    }

    [Fact]
    public void ProgressReportsEveryCheckIntervalWithFiniteKl()
    {
        var (rows, _) = TSneTestData.Blobs(2, 40, 3, seed: 3);
        var all = new List<TSneProgress>();
        var result = TSne.Embed(rows, 3, new TSneOptions { Iterations = 300, Perplexity = 10 }, new SynchronousProgress(all.Add));
        var reports = all.Where(r => r.Phase == TSnePhase.Optimization).ToList();
        Assert.Equal([50, 100, 150, 200, 250, 300], reports.Select(r => r.Iteration));
        Assert.Equal([50L, 100, 150, 200, 250, 300], reports.Select(r => r.Completed));
        Assert.All(reports, r => Assert.Equal(300, r.Total));
        Assert.All(reports, r => Assert.True(double.IsFinite(r.KullbackLeibler) && r.KullbackLeibler > 0));
        Assert.True(reports[0].Exaggerating);
        Assert.False(reports[^1].Exaggerating);
        Assert.Equal(result.KullbackLeibler, reports[^1].KullbackLeibler);
    }

    [Theory]
    [InlineData(4)]     // the input is smaller than P: the result computes P again from it
    [InlineData(200)]   // P is smaller: the result keeps the run's P and renumbers it
    public void ResultAffinitiesAreThoseOfTheInputOrder(int dim)
    {
        // The run builds and optimises P in the k-d tree's order; the result hands it back in the input's numbering.
        var (rows, labels) = TSneTestData.Blobs(3, 50, dim, seed: 8);
        var options = new TSneOptions { Iterations = 10, Perplexity = 8 };
        var expected = TSne.Affinities(rows, dim, options);
        var actual = TSne.Embed(rows, dim, options).Affinities;
        Assert.Equal(expected.RowStart.ToArray(), actual.RowStart.ToArray());
        Assert.Equal(expected.Columns.ToArray(), actual.Columns.ToArray());
        Assert.Equal(expected.Values.ToArray(), actual.Values.ToArray());
        // and the numbering is the input's: every row's largest affinity is to a point of its own blob
        for (int i = 0; i < labels.Length; i++)
        {
            int best = actual.Columns[actual.RowStart[i]];
            for (int t = actual.RowStart[i]; t < actual.RowStart[i + 1]; t++)
                if (actual.Values[t] > actual[i, best]) best = actual.Columns[t];
            Assert.Equal(labels[i], labels[best]);
        }
    }

    [Fact]
    public void PreparationPhasesAreReportedBeforeTheFirstIteration()
    {
        // 70,000 points: more than one neighbour-search chunk (65,536), so the points done are reported twice.
        const int n = 70_000;
        var rng = new Random(5);
        var rows = new float[n * 2];
        for (int c = 0; c < rows.Length; c++) rows[c] = (float)rng.NextDouble();
        var all = new List<TSneProgress>();
        TSne.Embed(rows, 2, new TSneOptions { Iterations = 1, Perplexity = 5 }, new SynchronousProgress(all.Add));
        Assert.Equal(
            [(TSnePhase.Neighbours, 0L, (long)n), (TSnePhase.Neighbours, 65_536L, n), (TSnePhase.Neighbours, n, n),
             (TSnePhase.Affinities, 0, 1), (TSnePhase.Affinities, 1, 1),
             (TSnePhase.Initialization, 0, 1), (TSnePhase.Initialization, 1, 1), (TSnePhase.Optimization, 1, 1)],
            all.Select(r => (r.Phase, r.Completed, r.Total)));
        Assert.All(all.SkipLast(1), r => Assert.True(r.Iteration == 0 && double.IsNaN(r.KullbackLeibler)));
        Assert.Equal("neighbours and perplexity calibration: 65,536/70,000 points", all[1].Describe());
        Assert.StartsWith("iteration 1/1: KL ", all[^1].Describe());
    }

    [Fact]
    public void CancellationStopsTheRun()
    {
        var (rows, _) = TSneTestData.Blobs(2, 40, 3, seed: 3);
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress(p => { if (p.Iteration >= 100) cts.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            TSne.Embed(rows, 3, new TSneOptions { Perplexity = 10 }, progress, cts.Token));
    }

    [Fact]
    public void DuplicatePointsAreEmbeddedWithoutNaN()
    {
        // 50 copies of one point, 50 of another, plus 20 distinct points: many zero distances in the search.
        var rng = new Random(1);
        var rows = new List<float>();
        for (int i = 0; i < 50; i++) rows.AddRange([1, 2, 3]);
        for (int i = 0; i < 50; i++) rows.AddRange([-4, 0, 8]);
        for (int i = 0; i < 20; i++) rows.AddRange([(float)rng.NextDouble() * 10, (float)rng.NextDouble() * 10, (float)rng.NextDouble() * 10]);
        var result = TSne.Embed(rows.ToArray(), 3, new TSneOptions { Perplexity = 10, Iterations = 300 });
        Assert.All(result.Coordinates.ToArray(), v => Assert.True(double.IsFinite(v)));
        Assert.True(double.IsFinite(result.KullbackLeibler));
        // Duplicates end up together: the copies of point 0 are much closer to each other than to the other group.
        double within = Math.Abs(result.X(0) - result.X(49)) + Math.Abs(result.Y(0) - result.Y(49));
        double between = Math.Abs(result.X(0) - result.X(50)) + Math.Abs(result.Y(0) - result.Y(50));
        Assert.True(within < between);
    }

    [Fact]
    public void TwoPointsAreTheSmallestInput()
    {
        var result = TSne.Embed(new float[] { 0, 0, 1, 1 }, 2, new TSneOptions { Perplexity = 1, Iterations = 50 });
        Assert.Equal(2, result.Count);
        Assert.All(result.Coordinates.ToArray(), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void BadInputIsRejectedWithAClearMessage()
    {
        Assert.Contains("at least 2 rows", Assert.Throws<ArgumentException>(() => TSne.Embed(new float[] { 1, 2 }, 2)).Message);
        Assert.Contains("at least 2 rows", Assert.Throws<ArgumentException>(() => TSne.Embed(new DenseFeatureRows([], 2, []))).Message);
        var nan = new float[] { 0, 0, 1, 1, 2, float.NaN, 3, 3 };
        Assert.Contains("row 2", Assert.Throws<ArgumentException>(() => TSne.Embed(nan, 2, new TSneOptions { Perplexity = 1 })).Message);
        var inf = new float[] { 0, 0, float.PositiveInfinity, 1, 2, 2 };
        Assert.Contains("row 1", Assert.Throws<ArgumentException>(() => TSne.Embed(inf, 2, new TSneOptions { Perplexity = 1 })).Message);
        var four = new float[] { 0, 0, 1, 1, 2, 5, 3, 3 };
        Assert.Contains("perplexity", Assert.Throws<ArgumentException>(() => TSne.Embed(four, 2, new TSneOptions { Perplexity = 4 })).Message);
        Assert.Contains("perplexity", Assert.Throws<ArgumentException>(() => TSne.Embed(four, 2)).Message); // default 30 ≥ 4
        var same = new float[] { 1, 2, 1, 2, 1, 2 };
        Assert.Contains("identical", Assert.Throws<ArgumentException>(() => TSne.Embed(same, 2, new TSneOptions { Perplexity = 1 })).Message);
        Assert.Throws<ArgumentException>(() => TSne.Embed(new float[] { 1, 2, 3 }, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => TSne.Embed(new float[] { 1, 2, 3 }, 0));
    }

    [Fact]
    public void InvalidOptionsAreNamed()
    {
        var rows = new float[] { 0, 0, 1, 1, 2, 5, 3, 3 };
        Assert.Contains("Perplexity", Assert.Throws<ArgumentException>(() => TSne.Embed(rows, 2, new TSneOptions { Perplexity = -1 })).Message);
        Assert.Contains("LearningRate", Assert.Throws<ArgumentException>(() => TSne.Embed(rows, 2, new TSneOptions { Perplexity = 1, LearningRate = 0 })).Message);
        Assert.Contains("Iterations", Assert.Throws<ArgumentException>(() => TSne.Embed(rows, 2, new TSneOptions { Perplexity = 1, Iterations = 0 })).Message);
    }

    [Fact]
    public void PcaInitialisationFollowsTheMainAxisWithStd1e4()
    {
        // Points along (1, 1, 0) with small noise: PC1 scores are proportional to the position on that line.
        var rng = new Random(2);
        int n = 200;
        var rows = new float[n * 3];
        var t = new double[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = rng.NextDouble() * 10 - 5;
            rows[3 * i] = (float)(t[i] + 0.01 * TSneTestData.Normal(rng));
            rows[3 * i + 1] = (float)(t[i] + 0.01 * TSneTestData.Normal(rng));
            rows[3 * i + 2] = (float)(0.5 * TSneTestData.Normal(rng));
        }
        var y = new PcaInitialization().Compute(rows, n, 3, 1);
        var x = Enumerable.Range(0, n).Select(i => y[2 * i]).ToArray();
        double mean = x.Average();
        Assert.Equal(1e-4, Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / n), 1e-10);
        double corr = Correlation(x, t);
        Assert.True(Math.Abs(corr) > 0.999, $"correlation {corr}");
    }

    [Theory]
    [InlineData(12)]
    [InlineData(300)]
    public void PcaInitialisationFindsThePlantedPlaneOnBothPaths(int dim)
    {
        // Scores along two orthogonal directions with std 5 and 2, plus isotropic noise of std 0.1: PC1 and PC2 are
        // those directions. The covariance path (MathNet EVD) and the subspace iteration must agree.
        var rng = new Random(dim);
        int n = 1500;
        var u = new double[dim]; var v = new double[dim];
        for (int d = 0; d < dim; d++) { u[d] = TSneTestData.Normal(rng); v[d] = TSneTestData.Normal(rng); }
        double uu = u.Sum(x => x * x), uv = u.Zip(v, (a, b) => a * b).Sum();
        for (int d = 0; d < dim; d++) v[d] -= uv / uu * u[d];
        double nu = Math.Sqrt(u.Sum(x => x * x)), nv = Math.Sqrt(v.Sum(x => x * x));
        var s = new double[n]; var t = new double[n];
        var rows = new float[n * dim];
        for (int i = 0; i < n; i++)
        {
            s[i] = 5 * TSneTestData.Normal(rng); t[i] = 2 * TSneTestData.Normal(rng);
            for (int d = 0; d < dim; d++) rows[i * dim + d] = (float)(3 + s[i] * u[d] / nu + t[i] * v[d] / nv + 0.1 * TSneTestData.Normal(rng));
        }
        var covariance = new PcaInitialization().Compute(rows, n, dim, 2);
        var subspace = new PcaInitialization(maxCovarianceDimension: 0).Compute(rows, n, dim, 2);
        var x1 = Enumerable.Range(0, n).Select(i => covariance[2 * i]).ToArray();
        var x2 = Enumerable.Range(0, n).Select(i => covariance[2 * i + 1]).ToArray();
        Assert.True(Math.Abs(Correlation(x1, s)) > 0.999, $"PC1 correlation {Correlation(x1, s)}");
        Assert.True(Math.Abs(Correlation(x2, t)) > 0.99, $"PC2 correlation {Correlation(x2, t)}");
        // Same signs (fixed by the largest score) and scale on both paths.
        for (int c = 0; c < 2 * n; c++) Assert.Equal(covariance[c], subspace[c], 1e-9);
        // Deterministic whatever the thread count.
        Assert.Equal(covariance, new PcaInitialization().Compute(rows, n, dim, 1));
    }

    private static double Correlation(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb); }
        return sab / Math.Sqrt(saa * sbb);
    }

    /// <summary>IProgress that calls back on the reporting thread (Progress&lt;T&gt; posts asynchronously).</summary>
    private sealed class SynchronousProgress(Action<TSneProgress> report) : IProgress<TSneProgress>
    {
        public void Report(TSneProgress value) => report(value);
    }
}
