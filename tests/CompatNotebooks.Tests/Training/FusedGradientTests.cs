using CompatNotebooks.Data;
using CompatNotebooks.Models;
using CompatNotebooks.Sampling;
using CompatNotebooks.Training;
using TorchSharp;

namespace CompatNotebooks.Tests.Training;

public class FusedGradientTests
{
    public static TheoryData<CompatibilityKind, int, int, int, int, FeatureKernels> Shapes()
    {
        // kind, D, K, batch, threads — D = 37 exercises the dense scalar tail, K = 7 two padded dense blocks and
        // K = 11 two sparse blocks, batch 13 a partial tile and the one-row projection, threads 2 the reduction.
        var data = new TheoryData<CompatibilityKind, int, int, int, int, FeatureKernels>();
        foreach (var kernels in new[] { FeatureKernels.Dense, FeatureKernels.Sparse })
        {
            data.Add(CompatibilityKind.Euclidean, 64, 5, 32, 1, kernels);
            data.Add(CompatibilityKind.InnerProduct, 64, 5, 32, 1, kernels);
            data.Add(CompatibilityKind.Euclidean, 37, 7, 13, 2, kernels);
            data.Add(CompatibilityKind.InnerProduct, 37, 11, 13, 2, kernels);
            data.Add(CompatibilityKind.Euclidean, 4096, 5, 24, 2, kernels);
            data.Add(CompatibilityKind.InnerProduct, 4096, 3, 24, 2, kernels);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void FusedGradientMatchesTorchAutograd(CompatibilityKind kind, int dimension, int styleDimension, int batch, int threads, FeatureKernels kernels)
    {
        var (features, pairs) = PlantedPairs.Random(40, dimension, batch, seed: dimension + styleDimension);
        // A wider initialisation than the book's 0.001 so logits are O(1) and every gradient term matters.
        double stddev = 1.0 / Math.Sqrt(dimension * 0.3);
        var initial = CompatibilityParameters.Initial(kind, dimension, styleDimension, seed: 7, stddev: stddev);
        initial.C = 0.3f;
        using var model = CompatibilityModel.Create(initial);

        using var trainer = new FusedTrainer(model, features, new FusedTrainerOptions { Threads = threads, Kernels = kernels });
        Assert.Equal(kernels, trainer.Kernels);
        var (fusedLoss, fused) = trainer.Gradient(pairs);

        var (torchLoss, e1, e2, c) = TorchGradient(model, features, pairs);
        Assert.True(RelativeError(fused.E1, e1) <= 1e-4, $"E1 relative error {RelativeError(fused.E1, e1):E2}");
        Assert.True(RelativeError(fused.E2, e2) <= 1e-4, $"E2 relative error {RelativeError(fused.E2, e2):E2}");
        Assert.True(Math.Abs(fused.C - c) <= 1e-4 * Math.Max(1e-3, Math.Abs(c)), $"c gradient {fused.C} vs {c}");
        Assert.Equal(torchLoss, fusedLoss, 1e-4 * Math.Max(1, torchLoss));
        Assert.True(e1.Any(v => v != 0) && e2.Any(v => v != 0));
    }

    [Theory]
    [InlineData(CompatibilityKind.Euclidean, FeatureKernels.Sparse)]
    [InlineData(CompatibilityKind.InnerProduct, FeatureKernels.Sparse)]
    [InlineData(CompatibilityKind.Euclidean, FeatureKernels.Dense)]
    public void PairsSharingTheirFirstItemAgreeWithAutograd(CompatibilityKind kind, FeatureKernels kernels)
    {
        // Runs of pairs with the same first item: the sparse kernels project and back-propagate that row once per run.
        var (features, random) = PlantedPairs.Random(12, 80, 40, seed: 31);
        var pairs = random.OrderBy(p => p.Item1 % 4).ThenBy(p => p.Item2).Select(p => p with { Item1 = p.Item1 % 4 }).ToArray();
        var initial = CompatibilityParameters.Initial(kind, 80, 5, seed: 8, stddev: 0.1);
        using var model = CompatibilityModel.Create(initial);
        using var trainer = new FusedTrainer(model, features, new FusedTrainerOptions { Threads = 2, Kernels = kernels });
        var (loss, fused) = trainer.Gradient(pairs);
        var (torchLoss, e1, e2, c) = TorchGradient(model, features, pairs);
        Assert.True(RelativeError(fused.E1, e1) <= 1e-4, $"E1 relative error {RelativeError(fused.E1, e1):E2}");
        Assert.True(RelativeError(fused.E2, e2) <= 1e-4, $"E2 relative error {RelativeError(fused.E2, e2):E2}");
        Assert.Equal(c, fused.C, 1e-5);
        Assert.Equal(torchLoss, loss, 1e-4);
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

    [Fact]
    public void SparseKernelsReadAMemoryMappedFileLikeTheArray()
    {
        var (dense, pairs) = PlantedPairs.Random(25, 40, 30, seed: 12);
        var path = Path.Combine(Path.GetTempPath(), $"features-{Guid.NewGuid():N}.b");
        try
        {
            using (var file = File.Create(path))
                for (int r = 0; r < dense.Count; r++)
                {
                    file.Write(System.Text.Encoding.ASCII.GetBytes($"B{r:D9}"));
                    file.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(dense.Row(r)));
                }
            using var matrix = FeatureMatrix.Open(path, new FeatureFileOptions { Dimension = 40 });
            var reversed = matrix.Subset(Enumerable.Range(0, dense.Count).Reverse()); // rows ≠ records
            var remapped = pairs.Select(p => new CompatPair(dense.Count - 1 - p.Item1, dense.Count - 1 - p.Item2, p.Compatible)).ToArray();
            var initial = CompatibilityParameters.Initial(CompatibilityKind.InnerProduct, 40, 5, seed: 2, stddev: 0.1);
            var options = new FusedTrainerOptions { Kernels = FeatureKernels.Sparse, Threads = 1 };
            using var fromArray = new FusedTrainer(initial.Clone(), dense, options);
            using var fromFile = new FusedTrainer(initial.Clone(), reversed, options);
            var a = fromArray.Gradient(pairs);
            var b = fromFile.Gradient(remapped);
            Assert.Equal(a.Loss, b.Loss, 12);
            Assert.Equal(a.Gradient.E1, b.Gradient.E1);
            Assert.Equal(a.Gradient.E2, b.Gradient.E2);
            Assert.InRange(fromFile.SparseDensity!.Value, 0.5, 0.7); // 40 % zeros planted
        }
        finally
        {
            File.Delete(path);
        }
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
