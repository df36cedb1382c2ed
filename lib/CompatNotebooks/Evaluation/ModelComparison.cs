using CompatNotebooks.Data;
using CompatNotebooks.Inference;
using CompatNotebooks.Models;
using CompatNotebooks.Sampling;
using CompatNotebooks.Training;

namespace CompatNotebooks.Evaluation;

/// <summary>One kind of negatives in a <see cref="ModelComparison"/>: its training and held-out pairs.</summary>
/// <param name="Negatives">How its negatives were drawn.</param>
/// <param name="Train">Pairs the models are trained on.</param>
/// <param name="Test">Held-out pairs they are judged on.</param>
public sealed record ComparisonSplit(NegativeSampling Negatives, IReadOnlyList<CompatPair> Train, IReadOnlyList<CompatPair> Test);

/// <summary>Settings shared by every model of a <see cref="ModelComparison"/>.</summary>
public sealed record ModelComparisonOptions
{
    /// <summary>The models to train on each kind of negatives (default: Euclidean, then inner product).</summary>
    public IReadOnlyList<CompatibilityKind> Models { get; init; } = [CompatibilityKind.Euclidean, CompatibilityKind.InnerProduct];

    /// <summary>Style dimension K of every model.</summary>
    public int StyleDimension { get; init; } = 5;

    /// <summary>Training epochs of every model.</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>Seed of the initial parameters and of the trainer's shuffling (the same for every model).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>At most this many points per ROC curve.</summary>
    public int RocPoints { get; init; } = 200;
}

/// <summary>One trained model of a comparison and how it did on its held-out pairs.</summary>
/// <param name="Model">Which model.</param>
/// <param name="Negatives">Which kind of negatives it was trained and judged on.</param>
/// <param name="Metrics">Held-out accuracy, AUC and log loss.</param>
/// <param name="Logits">Its logit for every held-out pair.</param>
/// <param name="Labels">The held-out labels, in the same order.</param>
/// <param name="Roc">Its held-out ROC curve.</param>
/// <param name="Training">What the training run did.</param>
public sealed record ModelRun(CompatibilityKind Model, NegativeSampling Negatives, EvaluationResult Metrics, float[] Logits, bool[] Labels,
    IReadOnlyList<RocPoint> Roc, TrainingResult Training)
{
    /// <summary>"InnerProduct, difficult negatives".</summary>
    public string Name => NameOf(Model, Negatives);

    /// <summary>The chapter's word for <see cref="Negatives"/>: "random" or "difficult".</summary>
    public string NegativesName => NegativesNameOf(Negatives);

    /// <summary>The <see cref="Name"/> of the run of <paramref name="model"/> on <paramref name="negatives"/>.</summary>
    public static string NameOf(CompatibilityKind model, NegativeSampling negatives) => $"{model}, {NegativesNameOf(negatives)} negatives";

    /// <summary>"random" for <see cref="NegativeSampling.Random"/>, "difficult" for <see cref="NegativeSampling.SameSubcategory"/> (exercise 9.3's word).</summary>
    public static string NegativesNameOf(NegativeSampling negatives) => negatives switch
    {
        NegativeSampling.Random => "random",
        NegativeSampling.SameSubcategory => "difficult",
        _ => negatives.ToString(),
    };

    /// <summary>Held-out accuracy at p = 0.5.</summary>
    public double Accuracy => Metrics.Accuracy;

    /// <summary>Held-out ROC AUC.</summary>
    public double Auc => Metrics.Auc;
}

/// <summary>A predictor's real accuracy next to the seed notebook's loss-vs-0.5 "accuracy".</summary>
/// <param name="Predictor">Which predictor.</param>
/// <param name="Accuracy">Share of pairs on the right side of p = 0.5.</param>
/// <param name="BooksAccuracy">What <see cref="Metrics.BooksLossThresholdAccuracy"/> reports for it.</param>
public sealed record AccuracyCheck(string Predictor, double Accuracy, double BooksAccuracy)
{
    /// <summary>Both numbers for one predictor's logits.</summary>
    public static AccuracyCheck Of(string predictor, ReadOnlySpan<float> logits, ReadOnlySpan<bool> labels) =>
        new(predictor, Metrics.Accuracy(logits, labels), Metrics.BooksLossThresholdAccuracy(logits, labels));
}

/// <summary>Every model of a comparison, in the order they ran (negatives outer, models inner).</summary>
public sealed class ModelComparisonResult(IReadOnlyList<ModelRun> runs)
{
    /// <summary>The runs.</summary>
    public IReadOnlyList<ModelRun> Runs { get; } = runs;

    /// <summary>The run of <paramref name="model"/> on <paramref name="negatives"/>.</summary>
    public ModelRun this[CompatibilityKind model, NegativeSampling negatives] =>
        Runs.FirstOrDefault(r => r.Model == model && r.Negatives == negatives)
        ?? throw new KeyNotFoundException($"no run of {model} on {ModelRun.NegativesNameOf(negatives)} negatives");

    /// <summary>
    /// Real accuracy and the seed's "accuracy" for every run, then for two made-up predictors on the held-out labels
    /// of <paramref name="reference"/> (default: the last run): one always exactly right, one at p = 0.5 everywhere.
    /// </summary>
    public IReadOnlyList<AccuracyCheck> BooksAccuracyCheck(ModelRun? reference = null)
    {
        var labels = (reference ?? Runs[^1]).Labels;
        var perfect = labels.Select(y => y ? 20f : -20f).ToArray(); // p = σ(±20): 1 or 0 to float precision
        return Runs.Select(r => AccuracyCheck.Of(r.Name, r.Logits, r.Labels))
            .Append(AccuracyCheck.Of("perfect predictor", perfect, labels))
            .Append(AccuracyCheck.Of("p = 0.5 for every pair", new float[labels.Length], labels))
            .ToList();
    }
}

/// <summary>
/// The model × negatives experiment of exercises 9.2/9.3: every model trained on each kind of negatives' training
/// pairs only (same trainer, settings and seed), then judged on that kind's held-out pairs.
/// </summary>
public static class ModelComparison
{
    /// <summary>Runs the comparison on PairSet splits keyed by how their negatives were drawn.</summary>
    public static ModelComparisonResult Run(IFeatureRows features, IEnumerable<KeyValuePair<NegativeSampling, (PairSet Train, PairSet Test)>> splits,
        ModelComparisonOptions? options = null, Func<string, IProgress<TrainingProgress>?>? progress = null,
        Func<string, IDisposable?>? scoring = null) =>
        Run(features, splits.Select(s => new ComparisonSplit(s.Key, s.Value.Train.Pairs, s.Value.Test.Pairs)).ToList(), options, progress, scoring);

    /// <summary>
    /// Trains and evaluates every model of <paramref name="options"/> on every split. <paramref name="progress"/>, if
    /// given, is asked for a progress sink per run (called with the run's <see cref="ModelRun.Name"/>); a sink that is
    /// <see cref="IDisposable"/> is disposed when its training ends (a notebook progress bar then shows "done").
    /// <paramref name="scoring"/>, if given, is called with the run's name when the scoring of its held-out pairs starts,
    /// and what it returns is disposed when that ends (a notebook shows how long the scoring has been running: at a
    /// million items it takes seconds, after a bar that already says "done").
    /// </summary>
    public static ModelComparisonResult Run(IFeatureRows features, IReadOnlyList<ComparisonSplit> splits,
        ModelComparisonOptions? options = null, Func<string, IProgress<TrainingProgress>?>? progress = null,
        Func<string, IDisposable?>? scoring = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(splits);
        options ??= new ModelComparisonOptions();
        if (options.Epochs <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.Epochs, "ModelComparisonOptions.Epochs: train for at least one epoch.");
        // Every split is checked before any training, so a bad one does not fail after minutes of work.
        foreach (var split in splits)
        {
            if (split.Train.Count == 0)
                throw new ArgumentException($"No training pairs for the {ModelRun.NegativesNameOf(split.Negatives)} negatives.", nameof(splits));
            if (split.Test.Count == 0)
                throw new ArgumentException($"No held-out pairs for the {ModelRun.NegativesNameOf(split.Negatives)} negatives (test fraction 0?).", nameof(splits));
        }
        var runs = new List<ModelRun>();
        foreach (var split in splits)
            foreach (var kind in options.Models)
            {
                using var model = CompatibilityModel.Create(kind, features.Dimension, options.StyleDimension, options.Seed);
                string name = ModelRun.NameOf(kind, split.Negatives);
                var sink = progress?.Invoke(name);
                TrainingResult training;
                try
                {
                    training = FusedTrainer.Train(model, features, split.Train, options.Epochs, new FusedTrainerOptions { Seed = options.Seed }, sink);
                }
                finally
                {
                    (sink as IDisposable)?.Dispose();
                }
                float[] logits;
                using (scoring?.Invoke(name))
                    logits = PairScorer.Logits(model, features, split.Test);
                var labels = Metrics.Labels(split.Test);
                runs.Add(new ModelRun(kind, split.Negatives, Metrics.Evaluate(logits, labels), logits, labels,
                    Metrics.RocCurve(logits, labels, options.RocPoints), training));
            }
        return new ModelComparisonResult(runs);
    }
}
