using CompatNotebooks.Data;
using CompatNotebooks.Evaluation;
using CompatNotebooks.Models;
using CompatNotebooks.Sampling;
using CompatNotebooks.Tests.Data;
using CompatNotebooks.Training;

namespace CompatNotebooks.Tests.Training;

public class FusedTrainerTests
{
    [Theory]
    [InlineData(1, FeatureKernels.Dense, true)]
    [InlineData(2, FeatureKernels.Dense, true)]
    [InlineData(1, FeatureKernels.Sparse, true)]
    [InlineData(2, FeatureKernels.Sparse, true)]
    [InlineData(2, FeatureKernels.Dense, false)]
    [InlineData(2, FeatureKernels.Sparse, false)]
    public void SameSeedAndThreadsGiveIdenticalParameters(int threads, FeatureKernels kernels, bool groupByFirstItem)
    {
        var (features, pairs) = PlantedPairs.Random(60, 96, 700, seed: 5);
        var options = new FusedTrainerOptions { Threads = threads, Seed = 11, BatchSize = 64, Kernels = kernels, GroupByFirstItem = groupByFirstItem };
        float[] Run()
        {
            using var model = new EuclideanCompatibility(96, 5, seed: 4);
            FusedTrainer.Train(model, features, pairs, epochs: 2, options);
            var p = model.GetParameters();
            return [.. p.E1, .. p.E2, p.C];
        }
        var first = Run();
        var second = Run();
        Assert.Equal(first, second);
        var initial = CompatibilityParameters.Initial(CompatibilityKind.Euclidean, 96, 5, seed: 4);
        Assert.NotEqual(initial.E1, first[..initial.E1.Length]);
    }

    [Fact]
    public void GroupingByFirstItemIsReproducibleAndVisitsEveryPairOnce()
    {
        var (features, pairs) = PlantedPairs.Create(items: 400, dimension: 64, styles: 3, categories: 2, positivesPerItem: 4, seed: 2);
        var options = new FusedTrainerOptions { Threads = 2, Seed = 4, BatchSize = 64, LearningRate = 0.01, GroupByFirstItem = true, Kernels = FeatureKernels.Sparse };
        float[] Run(out TrainingResult result)
        {
            using var model = new InnerProductCompatibility(64, 5, seed: 1);
            result = FusedTrainer.Train(model, features, pairs, 3, options);
            return model.GetParameters().E1;
        }
        var a = Run(out var ra);
        var b = Run(out _);
        Assert.Equal(a, b);
        Assert.Equal(3L * pairs.Length, ra.PairsSeen);
        Assert.True(ra.EpochLosses[^1] < ra.EpochLosses[0]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TwoCallsOfOneEpochEqualOneCallOfTwo(bool groupByFirstItem)
    {
        var (features, pairs) = PlantedPairs.Random(40, 32, 300, seed: 6);
        var options = new FusedTrainerOptions { Threads = 1, Seed = 2, BatchSize = 50, GroupByFirstItem = groupByFirstItem };
        var a = CompatibilityParameters.Initial(CompatibilityKind.InnerProduct, 32, 5, seed: 1, stddev: 0.05);
        var b = a.Clone();
        using (var t = new FusedTrainer(a, features, options)) { t.Train(pairs, 1); t.Train(pairs, 1); }
        using (var t = new FusedTrainer(b, features, options)) t.Train(pairs, 2);
        Assert.Equal(a.E1, b.E1);
        Assert.Equal(a.E2, b.E2);
        Assert.Equal(a.C, b.C);
    }

    [Fact]
    public void OneSgdStepMovesAgainstTheGradient()
    {
        var (features, pairs) = PlantedPairs.Random(20, 24, 40, seed: 8);
        var start = CompatibilityParameters.Initial(CompatibilityKind.Euclidean, 24, 5, seed: 3, stddev: 0.1);
        var trained = start.Clone();
        var options = new FusedTrainerOptions { Optimizer = TrainingOptimizer.Sgd, LearningRate = 0.5, BiasLearningRate = 2, InitializeBias = false, BatchSize = 40, Shuffle = false, Threads = 1 };
        using var trainer = new FusedTrainer(trained, features, options);
        var (_, gradient) = trainer.Gradient(pairs);
        trainer.Train(pairs, 1);
        for (int i = 0; i < start.E1.Length; i++)
            Assert.Equal(start.E1[i] - 0.5f * gradient.E1[i], trained.E1[i], 1e-6);
        Assert.NotEqual(0f, gradient.C);
        Assert.Equal(start.C - 2f * gradient.C, trained.C, 1e-6); // c has its own step size
    }

    [Theory]
    [InlineData(CompatibilityKind.Euclidean, FeatureKernels.Dense)]
    [InlineData(CompatibilityKind.InnerProduct, FeatureKernels.Dense)]
    [InlineData(CompatibilityKind.Euclidean, FeatureKernels.Sparse)]
    [InlineData(CompatibilityKind.InnerProduct, FeatureKernels.Sparse)]
    public void LearnsPlantedStyleAgainstSameCategoryNegatives(CompatibilityKind kind, FeatureKernels kernels)
    {
        var (features, pairs) = PlantedPairs.Create(items: 800, dimension: 128, styles: 4, categories: 3, positivesPerItem: 6, seed: 21);
        int testCount = pairs.Length / 5;
        var test = pairs[..testCount];
        var train = pairs[testCount..];
        using var model = CompatibilityModel.Create(kind, 128, 5, seed: 1);
        var before = Metrics.Evaluate(model, features, test);
        var progress = new List<TrainingProgress>();
        using var trainer = new FusedTrainer(model, features, new FusedTrainerOptions { Threads = 2, Seed = 3, BatchSize = 128, LearningRate = 0.01, Kernels = kernels });
        var result = trainer.Train(train, epochs: 15, new SyncProgress<TrainingProgress>(progress.Add));
        var after = Metrics.Evaluate(model, features, test);
        var own = Metrics.Evaluate(trainer, test);
        Assert.Equal(after.Auc, own.Auc, 4);

        Assert.InRange(before.Auc, 0.3, 0.7);
        Assert.True(after.Auc > 0.85, $"held-out AUC {after.Auc:F3} (before {before.Auc:F3})");
        Assert.True(after.Accuracy > 0.75, $"held-out accuracy {after.Accuracy:F3}");
        Assert.True(after.LogLoss < before.LogLoss);
        Assert.True(result.EpochLosses[^1] < result.EpochLosses[0]);
        Assert.Equal(15L * train.Length, result.PairsSeen);
        Assert.Equal(15, progress.Count(p => p.PairsSeen % train.Length == 0));
        Assert.Equal(result.PairsSeen, progress[^1].PairsSeen);
        Assert.All(progress, p => Assert.True(double.IsFinite(p.RunningLoss)));
    }

    [Fact]
    public void CancellationStopsAndKeepsTheParametersReached()
    {
        var (features, pairs) = PlantedPairs.Random(50, 64, 2000, seed: 9);
        using var model = new EuclideanCompatibility(64, 5, seed: 1);
        var initial = model.GetParameters();
        using var cancel = new CancellationTokenSource();
        var progress = new SyncProgress<TrainingProgress>(_ => cancel.Cancel());
        using var trainer = new FusedTrainer(model, features, new FusedTrainerOptions { BatchSize = 100, ProgressInterval = TimeSpan.Zero });
        Assert.Throws<OperationCanceledException>(() => trainer.Train(pairs, 5, progress, cancel.Token));
        Assert.Equal(1, trainer.Steps);
        Assert.NotEqual(initial.E1, model.GetParameters().E1);
    }

    [Fact]
    public void RejectsPairsOutsideTheFeatureRows()
    {
        var (features, _) = PlantedPairs.Random(10, 16, 1, seed: 1);
        using var model = new EuclideanCompatibility(16, 5);
        var bad = new[] { new CompatPair(0, 1, true), new CompatPair(3, 10, false) };
        var e = Assert.Throws<ArgumentException>(() => FusedTrainer.Train(model, features, bad, 1));
        Assert.Contains("Pair 1", e.Message);
        Assert.Throws<ArgumentException>(() => new FusedTrainer(new EuclideanCompatibility(8, 5), features));
    }

    [Theory]
    [InlineData(FeatureKernels.Auto, true, FeatureKernels.Dense)]
    [InlineData(FeatureKernels.Auto, false, FeatureKernels.Sparse)]
    [InlineData(FeatureKernels.Dense, false, FeatureKernels.Dense)]
    [InlineData(FeatureKernels.Sparse, true, FeatureKernels.Sparse)]
    public void NonFiniteValuesOfAnUnvalidatedFileAreTheUsualFeatureFileError(FeatureKernels kernels, bool mostlyNonZero, FeatureKernels expected)
    {
        const int dimension = 16;
        using var files = new DataTestFiles();
        var records = DataTestFiles.RandomRecords(200, dimension, seed: 7);
        if (mostlyNonZero)
            foreach (var (_, values) in records)
                for (int d = 0; d < dimension; d++) values[d] += 0.5f;
        string good = files.WriteFeatures("good.b", records);
        records[130].Values[9] = float.NaN;
        string bad = files.WriteFeatures("bad.b", records);
        var unvalidated = new FeatureFileOptions { Dimension = dimension, ValidateValues = false };
        var options = new FusedTrainerOptions { Threads = 2, Kernels = kernels };
        var parameters = CompatibilityParameters.Initial(CompatibilityKind.Euclidean, dimension, 5, seed: 1);

        using (var clean = FeatureMatrix.Open(good, unvalidated))
        using (var trainer = new FusedTrainer(parameters, clean, options))
            Assert.Equal(expected, trainer.Kernels);
        var opening = Assert.Throws<FeatureFileException>(() => FeatureMatrix.Open(bad, unvalidated with { ValidateValues = true }).Dispose());
        using var matrix = FeatureMatrix.Open(bad, unvalidated);
        var error = Assert.Throws<FeatureFileException>(() => new FusedTrainer(parameters, matrix, options).Dispose());
        Assert.Equal(opening.Message, error.Message);
        Assert.Equal(130, error.RecordIndex);
        Assert.Equal(130 * (10 + 4L * dimension), error.ByteOffset);
    }

    /// <summary>Reports synchronously on the training thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
