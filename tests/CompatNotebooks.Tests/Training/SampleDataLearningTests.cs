using CompatNotebooks.Catalog;
using CompatNotebooks.Data;
using CompatNotebooks.Evaluation;
using CompatNotebooks.Models;
using CompatNotebooks.Sampling;
using CompatNotebooks.Synthetic;
using CompatNotebooks.Training;

namespace CompatNotebooks.Tests.Training;

public sealed class SampleDataLearningTests : IClassFixture<SampleDataLearningTests.LargerSample>
{
    private readonly LargerSample _sample;

    public SampleDataLearningTests(LargerSample sample) => _sample = sample;

    [Theory]
    [InlineData(CompatibilityKind.Euclidean)]
    [InlineData(CompatibilityKind.InnerProduct)]
    public void LearnsTheGeneratedSampleWithDifficultNegatives(CompatibilityKind kind)
    {
        using var catalog = ProductCatalog.Load(_sample.Directory, "Musical_Instruments", new CatalogOptions { RequireSubcategory = true });
        var pairs = PairSampler.Sample(catalog, new PairSamplingOptions { Negatives = NegativeSampling.SameSubcategory, SameSubcategoryPositives = true, Seed = 3 });
        var (train, test) = pairs.Split(0.15, 3);
        using var model = CompatibilityModel.Create(kind, catalog.Features.Dimension, 5, seed: 1);
        using var trainer = new FusedTrainer(model, catalog.Features, new FusedTrainerOptions { Threads = 2, Seed = 1, BatchSize = 512 });
        var before = Metrics.Evaluate(trainer, test.Pairs);
        trainer.Train(train.Pairs, epochs: 8);
        var after = Metrics.Evaluate(model, catalog.Features, test.Pairs);
        Assert.InRange(before.Auc, 0.4, 0.6);
        Assert.True(after.Auc > 0.68, $"{kind}: held-out AUC {after.Auc:F3} on {test.Count} pairs (before {before.Auc:F3})");
        // Both models: the offset c starts centred on the data and has its own step size, so accuracy at p = 0.5 follows AUC.
        Assert.True(after.Accuracy > 0.6, $"{kind}: held-out accuracy {after.Accuracy:F3}");
    }

    /// <summary>A generated Musical_Instruments sample big enough to learn from (2,500 products), removed afterwards.</summary>
    public sealed class LargerSample : IDisposable
    {
        public LargerSample()
        {
            Directory = Path.Combine(Path.GetTempPath(), "compat-train-sample-" + Guid.NewGuid().ToString("N")[..12]);
            SampleData.Generate(Directory, new SampleDataOptions { ItemsPerCategory = 2500, Seed = 5, Categories = ["Musical_Instruments"] });
        }

        public string Directory { get; }

        public void Dispose()
        {
            try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
        }
    }
}
