using CompatNotebooks.Data;
using CompatNotebooks.Models;
using CompatNotebooks.Sampling;
using CompatNotebooks.Training;
using TorchSharp;

namespace CompatNotebooks.Tests.Training;

public class FusedGradientTests
{
    public static TheoryData<CompatibilityKind, int, int, int, int> Shapes => new()
    {
        // kind, D, K, batch, threads — D = 37 exercises the scalar tail, K = 7 two padded kernel blocks,
        // batch 13 a partial tile and the one-row projection, threads 2 the per-thread reduction.
        { CompatibilityKind.Euclidean, 64, 5, 32, 1 },
        { CompatibilityKind.InnerProduct, 64, 5, 32, 1 },
        { CompatibilityKind.Euclidean, 37, 7, 13, 2 },
        { CompatibilityKind.InnerProduct, 37, 7, 13, 2 },
        { CompatibilityKind.Euclidean, 4096, 5, 24, 2 },
        { CompatibilityKind.InnerProduct, 4096, 3, 24, 2 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void FusedGradientMatchesTorchAutograd(CompatibilityKind kind, int dimension, int styleDimension, int batch, int threads)
    {
        var (features, pairs) = PlantedPairs.Random(40, dimension, batch, seed: dimension + styleDimension);
        // A wider initialisation than the book's 0.001 so logits are O(1) and every gradient term matters.
        double stddev = 1.0 / Math.Sqrt(dimension * 0.3);
        var initial = CompatibilityParameters.Initial(kind, dimension, styleDimension, seed: 7, stddev: stddev);
        initial.C = 0.3f;
        using var model = CompatibilityModel.Create(initial);

        using var trainer = new FusedTrainer(model, features, new FusedTrainerOptions { Threads = threads });
        var (fusedLoss, fused) = trainer.Gradient(pairs);

        var (torchLoss, e1, e2, c) = TorchGradient(model, features, pairs);
        Assert.True(RelativeError(fused.E1, e1) <= 1e-4, $"E1 relative error {RelativeError(fused.E1, e1):E2}");
        Assert.True(RelativeError(fused.E2, e2) <= 1e-4, $"E2 relative error {RelativeError(fused.E2, e2):E2}");
        Assert.True(Math.Abs(fused.C - c) <= 1e-4 * Math.Max(1e-3, Math.Abs(c)), $"c gradient {fused.C} vs {c}");
        Assert.Equal(torchLoss, fusedLoss, 1e-4 * Math.Max(1, torchLoss));
        Assert.True(e1.Any(v => v != 0) && e2.Any(v => v != 0));
    }

    [Fact]
    public void GradientDoesNotDependOnHowRowsAreStored()
    {
        var (dense, pairs) = PlantedPairs.Random(30, 50, 20, seed: 3);
        var initial = CompatibilityParameters.Initial(CompatibilityKind.Euclidean, 50, 5, seed: 1, stddev: 0.1);
        using var inPlace = new FusedTrainer(initial.Clone(), dense);
        using var copied = new FusedTrainer(initial.Clone(), new WrappedRows(dense));
        var a = inPlace.Gradient(pairs);
        var b = copied.Gradient(pairs);
        Assert.Equal(a.Loss, b.Loss);
        Assert.Equal(a.Gradient.E1, b.Gradient.E1);
        Assert.Equal(a.Gradient.E2, b.Gradient.E2);
    }

    internal static (double Loss, float[] E1, float[] E2, float C) TorchGradient(CompatibilityModel model, IFeatureRows features, IReadOnlyList<CompatPair> pairs)
    {
        using var scope = torch.NewDisposeScope();
        model.zero_grad();
        var x1 = Rows(features, pairs.Select(p => p.Item1));
        var x2 = Rows(features, pairs.Select(p => p.Item2));
        var y = torch.tensor(pairs.Select(p => p.Label).ToArray());
        var loss = model.Loss(x1, x2, y).mean();
        loss.backward();
        return (loss.item<float>(),
            model.Projection1.grad!.data<float>().ToArray(),
            model.Projection2.grad!.data<float>().ToArray(),
            model.Bias.grad!.item<float>());
    }

    internal static torch.Tensor Rows(IFeatureRows features, IEnumerable<int> rows)
    {
        var list = rows.ToList();
        var values = new float[list.Count * features.Dimension];
        for (int i = 0; i < list.Count; i++)
            features.Row(list[i]).CopyTo(values.AsSpan(i * features.Dimension));
        return torch.tensor(values, [list.Count, features.Dimension]);
    }

    internal static double RelativeError(float[] actual, float[] expected)
    {
        double diff = 0, norm = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            diff += Math.Pow(actual[i] - (double)expected[i], 2);
            norm += Math.Pow(expected[i], 2);
        }
        return Math.Sqrt(diff) / Math.Max(Math.Sqrt(norm), 1e-30);
    }

    /// <summary>An <see cref="IFeatureRows"/> the trainer does not know, so it must copy rows per tile.</summary>
    private sealed class WrappedRows(IFeatureRows inner) : IFeatureRows
    {
        public int Count => inner.Count;
        public int Dimension => inner.Dimension;
        public ReadOnlySpan<float> Row(int row) => inner.Row(row);
    }
}
