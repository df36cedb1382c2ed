using CompatNotebooks.Catalog;
using CompatNotebooks.Evaluation;
using CompatNotebooks.Models;
using CompatNotebooks.Sampling;
using CompatNotebooks.Synthetic;
using CompatNotebooks.Training;

namespace CompatNotebooks.Tests.Training;

/// <summary>
/// The offset c must learn: with default options on the generated sample, held-out accuracy at p = 0.5 keeps pace with
/// the ranking quality, accuracy ≥ 0.5 + 0.5 × (AUC − 0.5), for both models and both kinds of negatives. With the
/// book's handling of c (starting at 0, stepping at the projections' learning rate) the Euclidean model misses it.
/// </summary>
[Collection(TorchOptimizerCollection.Name)]
public sealed class OffsetLearningTests : IClassFixture<OffsetLearningTests.DefaultSample>
{
    private readonly DefaultSample _sample;

    public OffsetLearningTests(DefaultSample sample) => _sample = sample;

    private static double Target(EvaluationResult r) => 0.5 + 0.5 * (r.Auc - 0.5);

    [Theory]
    [InlineData(CompatibilityKind.Euclidean, NegativeSampling.Random)]
    [InlineData(CompatibilityKind.Euclidean, NegativeSampling.SameSubcategory)]
    [InlineData(CompatibilityKind.InnerProduct, NegativeSampling.Random)]
    [InlineData(CompatibilityKind.InnerProduct, NegativeSampling.SameSubcategory)]
    public void FusedTrainerAccuracyKeepsPaceWithAuc(CompatibilityKind kind, NegativeSampling negatives)
    {
        var (train, test) = _sample.Split(negatives);
        using var model = CompatibilityModel.Create(kind, _sample.Catalog.Features.Dimension);
        var result = FusedTrainer.Train(model, _sample.Catalog.Features, train.Pairs, epochs: 5);
        var held = Metrics.Evaluate(model, _sample.Catalog.Features, test.Pairs);

        Assert.True(held.Auc > 0.6, $"{kind}, {negatives}: AUC {held.Auc:F3}");
        Assert.True(held.Accuracy >= Target(held), $"{kind}, {negatives}: accuracy {held.Accuracy:F3} < {Target(held):F3} (AUC {held.Auc:F3}, c {result.Bias:F3})");
        Assert.Equal(model.Bias.item<float>(), result.Bias);
    }

    [Fact]
    public void TheBooksOffsetHandlingMissesTheTarget()
    {
        // Shows the test above can fail: c from 0 at the projections' pace leaves nearly every pair below p = 0.5.
        var (train, test) = _sample.Split(NegativeSampling.Random);
        using var model = CompatibilityModel.Create(CompatibilityKind.Euclidean, _sample.Catalog.Features.Dimension);
        var book = new FusedTrainerOptions { InitializeBias = false, BiasLearningRate = new FusedTrainerOptions().LearningRate };
        FusedTrainer.Train(model, _sample.Catalog.Features, train.Pairs, 5, book);
        var held = Metrics.Evaluate(model, _sample.Catalog.Features, test.Pairs);
        Assert.True(held.Accuracy < Target(held), $"accuracy {held.Accuracy:F3}, AUC {held.Auc:F3}");
    }

    [Theory]
    [InlineData(CompatibilityKind.Euclidean)]
    [InlineData(CompatibilityKind.InnerProduct)]
    public void BookLoopAccuracyKeepsPaceWithAuc(CompatibilityKind kind)
    {
        var (train, test) = _sample.Split(NegativeSampling.Random);
        using var model = CompatibilityModel.Create(kind, _sample.Catalog.Features.Dimension);
        var result = BookLoop.Run(model, _sample.Catalog.Features, train.Pairs, new BookLoopOptions { Iterations = 1000, ReportEvery = 500 });
        var held = Metrics.Evaluate(model, _sample.Catalog.Features, test.Pairs);
        Assert.True(held.Auc > 0.6, $"{kind}: AUC {held.Auc:F3}");
        Assert.True(held.Accuracy >= Target(held), $"{kind}: accuracy {held.Accuracy:F3} < {Target(held):F3} (AUC {held.Auc:F3}, c {result.Bias:F3})");
        Assert.Equal(model.Bias.item<float>(), result.Bias);

        // The book's setting (c from 0, lr 1e-5) leaves the Euclidean model at chance accuracy.
        if (kind != CompatibilityKind.Euclidean) return;
        using var bookModel = CompatibilityModel.Create(kind, _sample.Catalog.Features.Dimension);
        BookLoop.Run(bookModel, _sample.Catalog.Features, train.Pairs,
            new BookLoopOptions { Iterations = 1000, ReportEvery = 500, InitializeBias = false, BiasLearningRate = 1e-5 });
        var bookHeld = Metrics.Evaluate(bookModel, _sample.Catalog.Features, test.Pairs);
        Assert.True(bookHeld.Accuracy < Target(bookHeld), $"book: accuracy {bookHeld.Accuracy:F3}, AUC {bookHeld.Auc:F3}");
    }

    [Theory]
    [InlineData(CompatibilityKind.Euclidean)]
    [InlineData(CompatibilityKind.InnerProduct)]
    public void TheInitialOffsetCentresTheFirstBatchsLogits(CompatibilityKind kind)
    {
        var (train, _) = _sample.Split(NegativeSampling.Random);
        var features = _sample.Catalog.Features;
        var first = train.Pairs.Take(256).ToArray();
        var initial = CompatibilityParameters.Initial(kind, features.Dimension, 5, seed: 1);

        // No step moves c (its step size is 0) and the projections barely move: c is the initial offset.
        var fused = initial.Clone();
        using (var trainer = new FusedTrainer(fused, features, new FusedTrainerOptions { BatchSize = 256, BiasLearningRate = 0, LearningRate = 1e-12 }))
            trainer.Train(first, 1);
        double mean = MeanLogit(initial, features, first);
        Assert.NotEqual(0, mean, 6);
        Assert.Equal(-mean, fused.C, 1e-4 * (1 + Math.Abs(mean)));

        using var model = CompatibilityModel.Create(initial);
        BookLoop.Run(model, features, first, new BookLoopOptions { Iterations = 1, BiasLearningRate = 0, LearningRate = 1e-12, BiasSamplePairs = 256 });
        Assert.Equal(-mean, model.Bias.item<float>(), 1e-4 * (1 + Math.Abs(mean)));
    }

    private static double MeanLogit(CompatibilityParameters parameters, CompatNotebooks.Data.IFeatureRows features, CompatPair[] pairs) =>
        CompatNotebooks.Inference.PairScorer.Logits(parameters, features, pairs).Select(z => (double)z).Average();

    /// <summary>The generated Musical_Instruments sample with default options, and the notebooks' default splits.</summary>
    public sealed class DefaultSample : IDisposable
    {
        private readonly string _directory;

        public DefaultSample()
        {
            _directory = Path.Combine(Path.GetTempPath(), "compat-offset-sample-" + Guid.NewGuid().ToString("N")[..12]);
            SampleData.Generate(_directory, new SampleDataOptions { Categories = ["Musical_Instruments"] });
            Catalog = ProductCatalog.Load(_directory, "Musical_Instruments", new CatalogOptions { RequireSubcategory = true });
        }

        public ProductCatalog Catalog { get; }

        /// <summary>Notebook 03's pairs (same-subcategory positives) and split (20 % held out, seed 1).</summary>
        public (PairSet Train, PairSet Test) Split(NegativeSampling negatives) =>
            PairSampler.Sample(Catalog, new PairSamplingOptions { Negatives = negatives, SameSubcategoryPositives = true }).Split(0.2);

        public void Dispose()
        {
            Catalog.Dispose();
            try { Directory.Delete(_directory, true); } catch (IOException) { }
        }
    }
}
