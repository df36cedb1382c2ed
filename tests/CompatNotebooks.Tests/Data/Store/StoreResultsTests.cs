using CompatNotebooks.Catalog;
using CompatNotebooks.Data;
using CompatNotebooks.Evaluation;
using CompatNotebooks.Inference;
using CompatNotebooks.Models;
using CompatNotebooks.Recommendation;
using CompatNotebooks.Sampling;
using CompatNotebooks.Training;

namespace CompatNotebooks.Tests.Data.Store;

/// <summary>What the consumers compute from the store equals what they compute from the float32 file, within
/// float16's precision, on the generated sample.</summary>
public sealed class StoreResultsTests
{
    private static ProductCatalog Load(bool store) =>
        ProductCatalog.Load(GeneratedSample.Directory, "Musical_Instruments", new CatalogOptions { UseFeatureStore = store });

    [Theory]
    [InlineData(FeatureKernels.Sparse)]
    [InlineData(FeatureKernels.Dense)]
    public void Training_and_style_vectors_match_float32_within_tolerance(FeatureKernels kernels)
    {
        using var mapped = Load(store: false);
        using var compact = Load(store: true);
        Assert.IsType<FeatureMatrix>(mapped.Features);
        Assert.IsType<FeatureStore>(compact.Features);
        var (train, test) = PairSampler.Sample(mapped, new PairSamplingOptions { Seed = 3 }).Split(0.2, 3);
        var options = new FusedTrainerOptions { Kernels = kernels, Threads = 2 };
        var results = new List<(double Auc, DenseFeatureRows Styles)>();
        foreach (var catalog in new[] { mapped, compact })
        {
            var parameters = CompatibilityParameters.Initial(CompatibilityKind.Euclidean, catalog.Features.Dimension, 5, 3);
            using var trainer = new FusedTrainer(parameters, catalog.Features, options);
            Assert.Equal(kernels, trainer.Kernels);
            trainer.Train(train.Pairs, 2);
            results.Add((Metrics.Evaluate(trainer, test.Pairs).Auc, StyleVectors.Project(trainer.Parameters, catalog.Features)));
        }
        Assert.InRange(Math.Abs(results[0].Auc - results[1].Auc), 0, 0.003);
        // The generated rows are stored sparse with float32 values: the same numbers, summed in the same order.
        Assert.Equal(results[0].Auc, results[1].Auc);
        var (a, b) = (results[0].Styles, results[1].Styles);
        double worst = 0, scale = 0;
        for (int i = 0; i < a.Count; i++)
            for (int k = 0; k < a.Dimension; k++)
            {
                worst = Math.Max(worst, Math.Abs(a.Row(i)[k] - b.Row(i)[k]));
                scale = Math.Max(scale, Math.Abs(a.Row(i)[k]));
            }
        Assert.True(worst <= 1e-5 * scale, $"style vectors differ by {worst} (largest {scale})");
    }

    [Fact]
    public void The_sparse_trainer_reads_the_store_in_place()
    {
        using var compact = Load(store: true);
        using var mapped = Load(store: false);
        using var inPlace = SparseFeatureCache.Build(compact.Features, 2);
        using var copied = SparseFeatureCache.Build(mapped.Features, 2);
        Assert.Equal(0, inPlace.CopiedNonZeros);
        Assert.Equal(copied.NonZeros, inPlace.NonZeros);
        Assert.Equal(copied.CopiedNonZeros, copied.NonZeros);
        Assert.True(inPlace.Bytes < copied.Bytes / 10);
    }

    [Fact]
    public void Raw_feature_neighbours_match_float32()
    {
        using var mapped = Load(store: false);
        using var compact = Load(store: true);
        var links = Enumerable.Range(0, 60).Select(i => (i, (i * 7 + 1) % mapped.Count)).ToArray();
        var expected = FeatureNeighbours.Evaluate(mapped.Features, links, k: 10);
        var actual = FeatureNeighbours.Evaluate(compact.Features, links, k: 10);
        Assert.Equal(expected.Hits, actual.Hits);
    }
}
