using CompatNotebooks.Evaluation;
using CompatNotebooks.Inference;
using CompatNotebooks.Models;
using CompatNotebooks.Tests.Training;
using CompatNotebooks.Training;

namespace CompatNotebooks.Tests.Evaluation;

public class MetricsTests
{
    [Fact]
    public void AucCountsTiedPositiveNegativePairsAsOneHalf()
    {
        // Positives score {3, 2, 2}, negatives {2, 1}. Positive–negative comparisons: 3>2, 3>1, 2=2 (½), 2>1, 2=2 (½), 2>1
        // → (1 + 1 + ½ + 1 + ½ + 1) / 6 = 5/6.
        float[] scores = [3, 2, 2, 2, 1];
        bool[] labels = [true, true, true, false, false];
        Assert.Equal(5.0 / 6, Metrics.Auc(scores, labels), 12);
        Assert.Equal(1.0, Metrics.Auc([2f, 1f], [true, false]));
        Assert.Equal(0.0, Metrics.Auc([1f, 2f], [true, false]));
        Assert.Equal(0.5, Metrics.Auc([1f, 1f, 1f], [true, false, false]));
        Assert.True(double.IsNaN(Metrics.Auc([1f, 2f], [true, true])));
    }

    [Theory]
    [InlineData(1, 40, 3)]
    [InlineData(2, 300, 7)]
    [InlineData(3, 1000, 1000)]
    [InlineData(4, 500, 2)]
    public void AucEqualsTheQuadraticPairwiseCountOnRandomScoresWithTies(int seed, int count, int distinctScores)
    {
        var random = new Random(seed);
        var scores = Enumerable.Range(0, count).Select(_ => (float)random.Next(distinctScores) - distinctScores / 2).ToArray();
        var labels = Enumerable.Range(0, count).Select(_ => random.NextDouble() < 0.3).ToArray();
        // Every (positive, negative) pair: 1 when the positive scores higher, ½ for a tie.
        double wins = 0;
        long pairs = 0, ties = 0;
        for (int i = 0; i < count; i++)
            for (int j = 0; j < count; j++)
                if (labels[i] && !labels[j])
                {
                    pairs++;
                    if (scores[i] > scores[j]) wins += 1;
                    else if (scores[i] == scores[j]) { wins += 0.5; ties++; }
                }
        Assert.True(distinctScores > count / 2 || ties > 0, "the data has positive-negative ties");
        Assert.Equal(wins / pairs, Metrics.Auc(scores, labels), 12);
    }

    [Fact]
    public void AucEqualsTheAreaUnderTheRocCurve()
    {
        var random = new Random(4);
        var scores = Enumerable.Range(0, 500).Select(_ => (float)Math.Round(random.NextDouble() * 20) / 4).ToArray(); // many ties
        var labels = scores.Select(s => random.NextDouble() < 0.2 + s / 8).ToArray();
        var curve = Metrics.RocCurve(scores, labels);
        double area = 0;
        for (int i = 1; i < curve.Count; i++)
            area += (curve[i].FalsePositiveRate - curve[i - 1].FalsePositiveRate) * (curve[i].TruePositiveRate + curve[i - 1].TruePositiveRate) / 2;
        Assert.Equal(Metrics.Auc(scores, labels), area, 12);
        Assert.Equal((0.0, 0.0), (curve[0].FalsePositiveRate, curve[0].TruePositiveRate));
        Assert.Equal((1.0, 1.0), (curve[^1].FalsePositiveRate, curve[^1].TruePositiveRate));
        var thin = Metrics.RocCurve(scores, labels, maxPoints: 5);
        Assert.Equal(5, thin.Count);
        Assert.Equal(curve[^1], thin[^1]);
    }

    [Fact]
    public void AccuracyLogLossAndTheBooksMisleadingAccuracy()
    {
        float[] logits = [2, -1, 0.2f, -3];
        bool[] labels = [true, false, false, true];
        Assert.Equal(0.5, Metrics.Accuracy(logits, labels));
        double expectedLoss = (Math.Log(1 + Math.Exp(-2)) + Math.Log(1 + Math.Exp(-1)) + Math.Log(1 + Math.Exp(0.2)) + Math.Log(1 + Math.Exp(3))) / 4;
        Assert.Equal(expectedLoss, Metrics.LogLoss(logits, labels), 6);
        // Book: right when (loss > 0.5) == y. Losses: 0.127 (y=1 → wrong), 0.313 (y=0 → right),
        // 0.798 (y=0 → wrong), 3.049 (y=1 → right).
        Assert.Equal(0.5, Metrics.BooksLossThresholdAccuracy(logits, labels));
        // A perfect, confident model scores 0 on the book's measure…
        float[] perfect = [5, 5, -5, -5];
        bool[] truth = [true, true, false, false];
        Assert.Equal(1.0, Metrics.Accuracy(perfect, truth));
        Assert.Equal(0.5, Metrics.BooksLossThresholdAccuracy(perfect, truth));
        // …and an untrained model (p = ½ everywhere, loss log 2 ≈ 0.69) gets every positive "right".
        Assert.Equal(0.5, Metrics.BooksLossThresholdAccuracy([0f, 0f, 0f, 0f], truth));
        Assert.Equal(1.0, Metrics.BooksLossThresholdAccuracy([0f, 0f, 0f, 0f], [true, true, true, true]));
    }

    [Fact]
    public void ExtremeLogitsGiveFiniteLogLoss()
    {
        Assert.Equal(1e30, Metrics.LogLoss([1e30f], [false]), 1e24);
        Assert.Equal(0.0, Metrics.LogLoss([1e30f], [true]));
    }

    [Fact]
    public void FusedLogitsMatchTheModule()
    {
        var (features, pairs) = PlantedPairs.Random(30, 70, 50, seed: 2);
        foreach (var kind in new[] { CompatibilityKind.Euclidean, CompatibilityKind.InnerProduct })
        {
            using var model = CompatibilityModel.Create(CompatibilityParameters.Initial(kind, 70, 6, seed: 5, stddev: 0.1));
            var fused = PairScorer.Logits(model, features, pairs, threads: 2);
            using var x1 = FusedGradientTests.Rows(features, pairs.Select(p => p.Item1));
            using var x2 = FusedGradientTests.Rows(features, pairs.Select(p => p.Item2));
            using var logits = model.Logit(x1, x2);
            var expected = logits.data<float>().ToArray();
            for (int i = 0; i < expected.Length; i++)
                Assert.Equal(expected[i], fused[i], 1e-4 * Math.Max(1, Math.Abs(expected[i])));
        }
    }
}
