using System.Diagnostics;
using CompatNotebooks.Data;
using CompatNotebooks.Models;
using CompatNotebooks.Randomness;
using CompatNotebooks.Sampling;
using TorchSharp;

namespace CompatNotebooks.Training;

/// <summary>Settings of <see cref="BookLoop"/>; the defaults are the chapter's.</summary>
public sealed record BookLoopOptions
{
    /// <summary>Optimiser steps, one random pair each. The chapter runs 50,000.</summary>
    public int Iterations { get; init; } = 50_000;

    /// <summary>Adam's step size; the chapter uses 0.00001.</summary>
    public double LearningRate { get; init; } = 1e-5;

    /// <summary>
    /// Adam's step size for the offset c (default 0.001; the book uses <see cref="LearningRate"/> for it too). Adam moves
    /// a parameter by about its step size per step, and the squared style distances grow far faster than 1e-5 per step,
    /// so with the book's setting c stays near 0 and almost every pair gets p &lt; 0.5 (accuracy 0.5 at a good AUC).
    /// </summary>
    public double BiasLearningRate { get; init; } = 1e-3;

    /// <summary>
    /// Before the first step, set c so that the mean logit over the first <see cref="BiasSamplePairs"/> pairs (as given)
    /// is 0, i.e. p ≈ 0.5 on average under the initial E1, E2. Default true; false keeps the model's c (the book: 0).
    /// </summary>
    public bool InitializeBias { get; init; } = true;

    /// <summary>Pairs (the first ones, as given) whose mean logit sets the initial c; default 1,024.</summary>
    public int BiasSamplePairs { get; init; } = 1024;

    /// <summary>Report every this many iterations (the chapter prints every 5,000).</summary>
    public int ReportEvery { get; init; } = 5_000;

    /// <summary>Seed of the pair choices (default 1, like every seed of the library).</summary>
    public int Seed { get; init; } = 1;
}

/// <summary>A report of <see cref="BookLoop"/>, like the chapter's "iteration 5000, objective = 0.51231325".</summary>
/// <param name="Iteration">Iterations done (1-based, as printed by the book).</param>
/// <param name="Objective">The loss of this iteration's single pair — what the book prints, a very noisy signal.</param>
/// <param name="MeanObjective">Mean loss of the pairs since the previous report — the smoothed signal.</param>
/// <param name="Elapsed">Wall time so far.</param>
public sealed record BookLoopProgress(int Iteration, double Objective, double MeanObjective, TimeSpan Elapsed)
{
    /// <summary>The book's line, plus the mean.</summary>
    public override string ToString() => $"iteration {Iteration}, objective = {Objective:G8} (mean since last report {MeanObjective:F4})";
}

/// <summary>What <see cref="BookLoop.Run"/> did.</summary>
/// <param name="Iterations">Steps taken.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Reports">Every report, in order.</param>
/// <param name="Bias">The offset c after the last step.</param>
public sealed record BookLoopResult(int Iterations, TimeSpan Elapsed, IReadOnlyList<BookLoopProgress> Reports, double Bias)
{
    /// <summary>Pairs (= steps) per second.</summary>
    public double PairsPerSecond => Elapsed.TotalSeconds > 0 ? Iterations / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// The chapter's training loop, kept for teaching: each step draws one random pair, computes the book's objective with
/// TorchSharp autograd and takes one Adam step (lr 1e-5 for E1, E2). Slow by design — one pair per optimiser step and a
/// native call per operation; <see cref="FusedTrainer"/> is the fast path for real runs.
/// </summary>
/// <remarks>
/// Two changes against the book, both about the offset c (see <see cref="BookLoopOptions.InitializeBias"/> and
/// <see cref="BookLoopOptions.BiasLearningRate"/>): c starts where p ≈ 0.5 on average and has its own Adam step size.
/// Deterministic: the same model, pairs, features and options give the same parameters — the pairs are drawn with
/// <see cref="SeededRandom"/> from <see cref="BookLoopOptions.Seed"/>, and libtorch runs single-threaded here.
/// </remarks>
public static class BookLoop
{
    /// <summary>Runs the loop on <paramref name="model"/>, reporting every <see cref="BookLoopOptions.ReportEvery"/> steps.</summary>
    public static BookLoopResult Run(CompatibilityModel model, IFeatureRows features, IReadOnlyList<CompatPair> pairs,
        BookLoopOptions? options = null, IProgress<BookLoopProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(pairs);
        options ??= new BookLoopOptions();
        if (options.Iterations <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.Iterations, "BookLoopOptions.Iterations: run at least one iteration.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ReportEvery, nameof(options.ReportEvery));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BiasSamplePairs, nameof(options.BiasSamplePairs));
        if (!(options.BiasLearningRate >= 0) || double.IsInfinity(options.BiasLearningRate))
            throw new ArgumentOutOfRangeException(nameof(options), options.BiasLearningRate, "BookLoopOptions.BiasLearningRate must be finite and not negative.");
        if (pairs.Count == 0)
            throw new ArgumentException("No pairs to train on.", nameof(pairs));
        if (features.Dimension != model.FeatureDimension)
            throw new ArgumentException($"The features have {features.Dimension} dimensions but the model expects {model.FeatureDimension}.", nameof(features));

        // One 1×4096 row per step is far too little work to share between threads: libtorch's intra-op threads only add
        // synchronisation (badly so on a busy machine), so the loop runs single-threaded and restores the setting after.
        int previousThreads = torch.get_num_threads();
        torch.set_num_threads(1);
        try
        {
            return RunSingleThreaded(model, features, pairs, options, progress, cancellationToken);
        }
        finally
        {
            torch.set_num_threads(previousThreads);
        }
    }

    private static BookLoopResult RunSingleThreaded(CompatibilityModel model, IFeatureRows features, IReadOnlyList<CompatPair> pairs,
        BookLoopOptions options, IProgress<BookLoopProgress>? progress, CancellationToken cancellationToken)
    {
        var random = new SeededRandom((ulong)options.Seed);
        if (options.InitializeBias)
            SetNeutralBias(model, features, pairs, options.BiasSamplePairs);
        // Two Adam optimisers are one Adam with two step sizes: its update is per parameter.
        // (TorchSharp 0.107's Adam passes temporary Scalars to native calls without keeping them alive: a collection
        // started by another thread during a step can finalize one under libtorch, failing the step with "Scalar.h:140".
        // Rare, and only while other threads allocate heavily, as parallel tests do.)
        using var optimizer = torch.optim.Adam([model.Projection1, model.Projection2], options.LearningRate);
        using var biasOptimizer = torch.optim.Adam([model.Bias], options.BiasLearningRate);
        var x1 = new float[features.Dimension];
        var x2 = new float[features.Dimension];
        var reports = new List<BookLoopProgress>();
        var clock = Stopwatch.StartNew();
        double windowSum = 0;
        int windowCount = 0;
        for (int i = 0; i < options.Iterations; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var pair = pairs[random.NextInt(pairs.Count)];
            features.CopyRowTo(pair.Item1, x1);
            features.CopyRowTo(pair.Item2, x2);
            optimizer.zero_grad();
            biasOptimizer.zero_grad();
            var objective = model.Loss(torch.tensor(x1), torch.tensor(x2), torch.tensor(pair.Label));
            double value = objective.item<float>();
            if (!double.IsFinite(value))
                throw new TrainingDivergedException(1, i + 1, value, options.LearningRate);
            objective.backward();
            optimizer.step();
            biasOptimizer.step();
            windowSum += value;
            windowCount++;
            if ((i + 1) % options.ReportEvery == 0 || i + 1 == options.Iterations)
            {
                var report = new BookLoopProgress(i + 1, value, windowSum / windowCount, clock.Elapsed);
                reports.Add(report);
                progress?.Report(report);
                windowSum = 0;
                windowCount = 0;
            }
        }
        return new BookLoopResult(options.Iterations, clock.Elapsed, reports, model.Bias.item<float>());
    }

    /// <summary>Sets c so that the mean logit of the first <paramref name="samplePairs"/> pairs is 0.</summary>
    private static void SetNeutralBias(CompatibilityModel model, IFeatureRows features, IReadOnlyList<CompatPair> pairs, int samplePairs)
    {
        int n = Math.Min(samplePairs, pairs.Count), d = features.Dimension;
        var x1 = new float[n * d];
        var x2 = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            features.CopyRowTo(pairs[i].Item1, x1.AsSpan(i * d, d));
            features.CopyRowTo(pairs[i].Item2, x2.AsSpan(i * d, d));
        }
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        model.Bias.zero_();
        double mean = model.forward(torch.tensor(x1, [n, d]), torch.tensor(x2, [n, d])).to_type(torch.float64).mean().item<double>();
        // A non-finite mean (overflowing features) is left for the first step to report.
        if (double.IsFinite(mean))
            model.Bias.fill_(-mean);
    }
}
