using CompatNotebooks.Data;
using CompatNotebooks.Evaluation;
using CompatNotebooks.Models;
using CompatNotebooks.Sampling;
using CompatNotebooks.Training;

namespace CompatNotebooks.Tests.Training;

/// <summary>Empty training sets, zero epochs and diverging runs fail early with a clear message.</summary>
[Collection(TorchOptimizerCollection.Name)]
public sealed class TrainingErrorsTests
{
    [Fact]
    public void NoPairsOrNoEpochsIsAnErrorBeforeTraining()
    {
        var (features, pairs) = PlantedPairs.Random(10, 16, 50, seed: 1);
        var parameters = CompatibilityParameters.Initial(CompatibilityKind.Euclidean, 16, 5, seed: 1);
        using var trainer = new FusedTrainer(parameters, features);
        Assert.Contains("No pairs", Assert.Throws<ArgumentException>(() => trainer.Train([], 1)).Message);
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Train(pairs, 0));
        Assert.Contains("at least one epoch", zero.Message);
        Assert.Equal(0, trainer.Steps);

        using var model = new EuclideanCompatibility(16);
        Assert.Contains("No pairs", Assert.Throws<ArgumentException>(() => BookLoop.Run(model, features, [])).Message);
        Assert.Contains("at least one iteration",
            Assert.Throws<ArgumentOutOfRangeException>(() => BookLoop.Run(model, features, pairs, new BookLoopOptions { Iterations = 0 })).Message);
    }

    [Fact]
    public void AComparisonChecksEverySplitBeforeTrainingAny()
    {
        var (features, pairs) = PlantedPairs.Random(10, 16, 50, seed: 2);
        var trained = new List<string>();
        IProgress<TrainingProgress>? Track(string run) { trained.Add(run); return null; }
        ComparisonSplit[] noTest = [new(NegativeSampling.Random, pairs, pairs), new(NegativeSampling.SameSubcategory, pairs, [])];
        var e = Assert.Throws<ArgumentException>(() => ModelComparison.Run(features, noTest, progress: Track));
        Assert.Contains("No held-out pairs for the difficult negatives", e.Message);
        ComparisonSplit[] noTrain = [new(NegativeSampling.Random, [], pairs)];
        Assert.Contains("No training pairs for the random negatives",
            Assert.Throws<ArgumentException>(() => ModelComparison.Run(features, noTrain, progress: Track)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelComparison.Run(features, [noTest[0]], new ModelComparisonOptions { Epochs = 0 }, Track));
        Assert.Empty(trained);
    }

    [Fact]
    public void OverflowingFeaturesStopAtTheFirstBatchWithTheParametersKept()
    {
        var (features, pairs) = PlantedPairs.Random(10, 16, 50, seed: 3);
        var values = new float[10 * 16];
        for (int i = 0; i < 10; i++) features.Row(i).CopyTo(values.AsSpan(i * 16, 16));
        for (int i = 0; i < values.Length; i++) values[i] = values[i] == 0 ? 0 : 1e38f;
        var huge = new DenseFeatureRows(values, 16, Enumerable.Range(0, 10).Select(i => $"A{i}").ToArray());
        // Style vectors of ~1e38 × 4 overflow float32: the very first batch's loss is not finite.
        var parameters = CompatibilityParameters.Initial(CompatibilityKind.Euclidean, 16, 5, seed: 1, stddev: 1);
        var before = parameters.Clone();
        using var trainer = new FusedTrainer(parameters, huge, new FusedTrainerOptions { BatchSize = 20 });

        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Train(pairs, 3));
        Assert.Equal((1, 1), (e.Epoch, e.Batch));
        Assert.Contains("epoch 1, batch 1", e.Message);
        Assert.Contains("learning rate", e.Message);
        Assert.Contains("features' scale", e.Message);
        Assert.Equal(0, trainer.Steps);
        Assert.Equal(before.E1, parameters.E1);
        Assert.All(parameters.E2, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void ADivergingLearningRateStopsAtTheFirstNonFiniteBatch()
    {
        var (features, pairs) = PlantedPairs.Random(30, 16, 400, seed: 4);
        var parameters = CompatibilityParameters.Initial(CompatibilityKind.Euclidean, 16, 5, seed: 1, stddev: 0.1);
        var options = new FusedTrainerOptions { Optimizer = TrainingOptimizer.Sgd, LearningRate = 1e30, BatchSize = 40, Threads = 1 };
        using var trainer = new FusedTrainer(parameters, features, options);

        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Train(pairs, 5));
        Assert.True(e.Epoch > 1 || e.Batch > 1, $"epoch {e.Epoch}, batch {e.Batch}: the first batch is finite");
        Assert.Equal((e.Epoch - 1) * 10 + e.Batch - 1, trainer.Steps);
        Assert.Contains("1E+30", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(double.IsFinite(e.Loss));
    }

    [Fact]
    public void TheBookLoopStopsAtTheFirstNonFiniteLoss()
    {
        var (features, pairs) = PlantedPairs.Random(10, 16, 50, seed: 5);
        var values = new float[10 * 16];
        for (int i = 0; i < values.Length; i++) values[i] = 1e38f;
        var huge = new DenseFeatureRows(values, 16, Enumerable.Range(0, 10).Select(i => $"A{i}").ToArray());
        using var model = new EuclideanCompatibility(16);
        var e = Assert.Throws<TrainingDivergedException>(() => BookLoop.Run(model, huge, pairs, new BookLoopOptions { Iterations = 10 }));
        Assert.Equal(1, e.Batch);
    }
}
