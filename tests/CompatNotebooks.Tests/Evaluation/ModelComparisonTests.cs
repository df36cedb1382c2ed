using CompatNotebooks.Evaluation;
using CompatNotebooks.Inference;
using CompatNotebooks.Models;
using CompatNotebooks.Notebook;
using CompatNotebooks.Sampling;
using CompatNotebooks.Tests.Training;
using CompatNotebooks.Training;

namespace CompatNotebooks.Tests.Evaluation;

public sealed class ModelComparisonTests
{
    private const int Dimension = 32;

    // Planted data: "difficult" keeps the same-category negatives, "random" swaps them for random items.
    private static readonly Lazy<(CompatNotebooks.Data.DenseFeatureRows Features, ComparisonSplit[] Splits)> Data = new(() =>
    {
        var (features, pairs) = PlantedPairs.Create(items: 300, dimension: Dimension, styles: 3, categories: 2, positivesPerItem: 4, seed: 7);
        var random = new Random(3);
        var easier = pairs.Select(p => p.Compatible ? p : p with { Item2 = random.Next(features.Count) }).ToArray();
        int cut = pairs.Length * 4 / 5;
        return (features, [new ComparisonSplit(NegativeSampling.SameSubcategory, pairs[..cut], pairs[cut..]), new ComparisonSplit(NegativeSampling.Random, easier[..cut], easier[cut..])]);
    });

    private static readonly ModelComparisonOptions Options = new() { StyleDimension = 4, Epochs = 4, Seed = 2, RocPoints = 50 };

    [Fact]
    public void Every_model_is_trained_on_every_split_and_judged_on_its_held_out_pairs()
    {
        var (features, splits) = Data.Value;
        var asked = new List<string>();
        var sinks = new List<Sink>();
        var comparison = ModelComparison.Run(features, splits, Options, run =>
        {
            asked.Add(run);
            var sink = new Sink();
            sinks.Add(sink);
            return sink;
        });

        string[] names = ["Euclidean, difficult negatives", "InnerProduct, difficult negatives", "Euclidean, random negatives", "InnerProduct, random negatives"];
        Assert.Equal(names, comparison.Runs.Select(r => r.Name));
        Assert.Equal(names, asked);
        Assert.All(sinks, s => Assert.True(s.Disposed && s.Reports.Count > 0 && s.Reports[^1].PairsSeen == 4L * splits[0].Train.Count));
        foreach (var run in comparison.Runs)
        {
            var test = splits.Single(s => s.Negatives == run.Negatives).Test;
            Assert.Equal(Metrics.Labels(test), run.Labels);
            Assert.Equal(Metrics.Evaluate(run.Logits, run.Labels), run.Metrics);
            Assert.InRange(run.Roc.Count, 2, 51);
            Assert.Equal((1.0, 1.0), (run.Roc[^1].FalsePositiveRate, run.Roc[^1].TruePositiveRate));
            Assert.Equal(4, run.Training.Epochs);
        }
        Assert.Same(comparison.Runs[1], comparison[CompatibilityKind.InnerProduct, NegativeSampling.SameSubcategory]);
        Assert.Throws<KeyNotFoundException>(() => comparison[CompatibilityKind.Euclidean, (NegativeSampling)99]);
        foreach (var kind in new[] { CompatibilityKind.Euclidean, CompatibilityKind.InnerProduct })
            Assert.True(comparison[kind, NegativeSampling.Random].Auc > comparison[kind, NegativeSampling.SameSubcategory].Auc, $"{kind}: random negatives should be easier");
    }

    [Fact]
    public void Each_run_shows_its_scoring_between_the_end_of_its_training_and_the_next_run()
    {
        var (features, splits) = Data.Value;
        var events = new List<string>();
        ModelComparison.Run(features, splits, Options with { Epochs = 1 },
            run => new Recorder(events, $"train {run}"), run => new Recorder(events, $"score {run}"));

        var expected = new[] { "Euclidean, difficult negatives", "InnerProduct, difficult negatives", "Euclidean, random negatives", "InnerProduct, random negatives" }
            .SelectMany(run => new[] { $"train {run} start", $"train {run} end", $"score {run} start", $"score {run} end" });
        Assert.Equal(expected, events);
    }

    /// <summary>Records when it is created and disposed; ignores training reports.</summary>
    private sealed class Recorder : IProgress<TrainingProgress>, IDisposable
    {
        private readonly List<string> _events;
        private readonly string _what;

        public Recorder(List<string> events, string what)
        {
            (_events, _what) = (events, what);
            events.Add($"{what} start");
        }

        public void Report(TrainingProgress value) { }

        public void Dispose() => _events.Add($"{_what} end");
    }

    [Fact]
    public void A_run_is_exactly_the_model_trained_and_scored_by_hand()
    {
        var (features, splits) = Data.Value;
        var comparison = ModelComparison.Run(features, splits[..1], Options with { Models = [CompatibilityKind.InnerProduct] });

        using var model = CompatibilityModel.Create(CompatibilityKind.InnerProduct, Dimension, 4, seed: 2);
        FusedTrainer.Train(model, features, splits[0].Train, 4, new FusedTrainerOptions { Seed = 2 });
        Assert.Equal(PairScorer.Logits(model, features, splits[0].Test), Assert.Single(comparison.Runs).Logits);
    }

    [Fact]
    public void Books_accuracy_check_lists_every_run_then_a_perfect_and_a_clueless_predictor()
    {
        var (features, splits) = Data.Value;
        var comparison = ModelComparison.Run(features, splits, Options with { Epochs = 1 });
        var reference = comparison[CompatibilityKind.Euclidean, NegativeSampling.Random];
        var checks = comparison.BooksAccuracyCheck(reference);

        Assert.Equal(comparison.Runs.Select(r => r.Name).Concat(["perfect predictor", "p = 0.5 for every pair"]), checks.Select(c => c.Predictor));
        Assert.Equal(comparison.Runs[0].Accuracy, checks[0].Accuracy);
        Assert.Equal(Metrics.BooksLossThresholdAccuracy(comparison.Runs[0].Logits, comparison.Runs[0].Labels), checks[0].BooksAccuracy);
        double positives = (double)reference.Labels.Count(y => y) / reference.Labels.Length;
        // The seed's measure calls every confident positive wrong and every unsure one right.
        Assert.Equal(1.0, checks[^2].Accuracy);
        Assert.Equal(1 - positives, checks[^2].BooksAccuracy, 12);
        Assert.Equal(positives, checks[^1].BooksAccuracy, 12);
    }

    [Fact]
    public void Grid_puts_models_in_rows_and_negatives_in_columns()
    {
        var (features, splits) = Data.Value;
        var comparison = ModelComparison.Run(features, splits, Options with { Epochs = 1 });
        var grid = DataFrames.Grid(comparison.Runs, r => r.Model, r => $"{r.NegativesName} negatives", r => r.Auc, corner: "model");

        Assert.Equal(["model", "difficult negatives", "random negatives"], grid.Columns.Select(c => c.Name));
        Assert.Equal(2, grid.Rows.Count);
        Assert.Equal(["Euclidean", "InnerProduct"], grid.Columns["model"].Cast<string>());
        Assert.Equal(comparison[CompatibilityKind.InnerProduct, NegativeSampling.Random].Auc, (double)grid.Columns["random negatives"][1]!);

        var sparse = DataFrames.Grid([("a", "x", 1), ("b", "y", 2)], t => t.Item1, t => t.Item2, t => t.Item3);
        Assert.Null(sparse.Columns["y"][0]); // no item for (a, y)
        Assert.Equal(2L, sparse.Columns["y"][1]);
    }

    private sealed class Sink : IProgress<TrainingProgress>, IDisposable
    {
        public List<TrainingProgress> Reports { get; } = [];

        public bool Disposed { get; private set; }

        public void Report(TrainingProgress value) => Reports.Add(value);

        public void Dispose() => Disposed = true;
    }
}
