using System.Diagnostics;
using CompatNotebooks.Data;

namespace CompatNotebooks.Embedding;

/// <summary>
/// t-distributed stochastic neighbour embedding into 2-D (van der Maaten &amp; Hinton 2008) with scikit-learn's
/// defaults and schedule: exact k-NN affinities calibrated to the perplexity, then gradient descent with the
/// repulsive forces from FFT-accelerated interpolation (default) or exactly. Multi-threaded, deterministic
/// for a given input and seed (whatever the thread count), cancellable, with progress reports.
/// </summary>
/// <remarks>
/// Bad input throws <see cref="ArgumentException"/>: fewer than 2 rows, a NaN/±∞ value (the row is named),
/// all rows identical, perplexity ≥ N (scikit-learn's rule). Duplicate points are fine: neighbours at equal
/// distance get equal conditional probabilities.
/// </remarks>
public static class TSne
{
    /// <summary>Up to this many points the repulsion is computed exactly even for <see cref="TSneMethod.Interpolated"/>.</summary>
    public const int SmallInput = 200;

    /// <summary>Embeds N rows of <paramref name="dimension"/> floats stored row-major (a <c>float[]</c> converts implicitly).</summary>
    public static TSneResult Embed(ReadOnlySpan<float> rowMajor, int dimension, TSneOptions? options = null,
        IProgress<TSneProgress>? progress = null, CancellationToken cancellation = default) =>
        Run(TSneInput.FromRowMajor(rowMajor, dimension), dimension, options, progress, cancellation);

    /// <summary>Embeds feature rows (e.g. the K-d style vectors of every item); point i is row i.</summary>
    public static TSneResult Embed(IFeatureRows rows, TSneOptions? options = null, IProgress<TSneProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int d = rows.Dimension;
        var data = new float[(long)rows.Count * d];
        for (int i = 0; i < rows.Count; i++) rows.CopyRowTo(i, data.AsSpan(i * d, d));
        TSneInput.Check(data, rows.Count, d);
        return Run(data, d, options, progress, cancellation);
    }

    /// <summary>
    /// The affinities P that <see cref="Embed(ReadOnlySpan{float}, int, TSneOptions?, IProgress{TSneProgress}?, CancellationToken)"/>
    /// would use (k-NN for <see cref="TSneMethod.Interpolated"/>, all pairs for <see cref="TSneMethod.Exact"/>).
    /// </summary>
    public static TSneAffinities Affinities(ReadOnlySpan<float> rowMajor, int dimension, TSneOptions? options = null,
        CancellationToken cancellation = default)
    {
        options ??= new TSneOptions();
        options.Validate();
        var data = TSneInput.FromRowMajor(rowMajor, dimension);
        int threads = FixedPartition.Threads(options.Threads);
        var (local, order) = ComputeAffinities(data, data.Length / dimension, dimension, options, threads, cancellation);
        return local.Unpermute(order, threads);
    }

    /// <summary>
    /// Exact KL(P‖Q) of an embedding (x, y interleaved, row i = point i of P): Q uses the O(N²) normaliser
    /// Z = Σ_{i≠j} 1/(1 + ‖y_i − y_j‖²); the sum runs over P's stored entries (P is zero elsewhere).
    /// </summary>
    public static double ExactKullbackLeibler(TSneAffinities affinities, ReadOnlySpan<double> embedding, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(affinities);
        if (embedding.Length != 2 * affinities.Count)
            throw new ArgumentException($"Embedding has {embedding.Length} values; expected 2 × {affinities.Count}.", nameof(embedding));
        return TSneObjective.ExactKl(affinities, embedding.ToArray(), FixedPartition.Threads(threads));
    }

    /// <summary>The learning rate "auto" resolves to: max(N / early exaggeration / 4, 50) (scikit-learn).</summary>
    private static double AutoLearningRate(int n, double earlyExaggeration) => Math.Max(n / earlyExaggeration / 4, 50);

    private static TSneResult Run(float[] data, int dim, TSneOptions? options, IProgress<TSneProgress>? progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        options ??= new TSneOptions();
        options.Validate();
        int n = data.Length / dim;
        int threads = FixedPartition.Threads(options.Threads);
        int total = options.Iterations;
        var neighbourTime = TimeSpan.Zero;
        void Preparing(TSnePhase phase, long done, long all)
        {
            if (phase == TSnePhase.Affinities && done == 0) neighbourTime = clock.Elapsed;
            progress?.Report(TSneProgress.Preparing(phase, done, all, total));
        }
        // P is built and optimised in the k-d tree's order (local point r = input row order[r]): a point's neighbours in
        // P are then mostly nearby in memory, which keeps the symmetrisation and the attractive pass (the memory-bound
        // part for large N) in cache. Undone before returning.
        var (local, order) = ComputeAffinities(data, n, dim, options, threads, cancellation, Preparing);
        var affinityTime = clock.Elapsed;
        Preparing(TSnePhase.Affinities, 1, 1);
        Preparing(TSnePhase.Initialization, 0, 1);
        IInitialization initialization = options.Initialization == TSneInitialization.Pca
            ? new PcaInitialization()
            : new RandomInitialization(options.Seed);
        double[] y = initialization.Compute(data, n, dim, threads);
        var initTime = clock.Elapsed - affinityTime;
        Preparing(TSnePhase.Initialization, 1, 1);
        // Below SmallInput points every pair is cheaper than a grid (and exact).
        IRepulsion repulsion = options.Method == TSneMethod.Exact || n <= SmallInput
            ? new ExactRepulsion(threads)
            : new InterpolatedRepulsion(threads, options.InterpolationNodesPerUnit);
        double learningRate = options.LearningRate ?? AutoLearningRate(n, options.EarlyExaggeration);
        var embedding = new double[2 * n];
        for (int r = 0; r < n; r++) { embedding[2 * r] = y[2 * order[r]]; embedding[2 * r + 1] = y[2 * order[r] + 1]; }
        var objective = new TSneObjective(local, repulsion, threads);
        var optimizer = new TSneOptimizer(objective, options, learningRate, progress, cancellation);
        var (kl, iterations) = optimizer.Run(embedding);
        for (int r = 0; r < n; r++) { y[2 * order[r]] = embedding[2 * r]; y[2 * order[r] + 1] = embedding[2 * r + 1]; }
        var timings = new TSneTimings(affinityTime, initTime, objective.AttractiveTime, objective.RepulsiveTime, clock.Elapsed) { Neighbours = neighbourTime };
        // The result keeps whichever is smaller, P or the input it can be computed again from (see TSneResult.Affinities).
        long affinityBytes = 8L * local.NonZeros + 4L * (n + 1), inputBytes = 4L * data.Length;
        var affinities = affinityBytes <= inputBytes ? Renumbering(local, order, threads) : Recomputing(data, n, dim, options, threads);
        return new TSneResult(y, affinities, kl, iterations, learningRate, options.Method, timings);
    }

    // Made in methods of their own: a lambda written in Run would share Run's closure, which holds P.
    private static Func<TSneAffinities> Renumbering(TSneAffinities local, int[] order, int threads) =>
        () => local.Unpermute(order, threads);

    private static Func<TSneAffinities> Recomputing(float[] data, int n, int dim, TSneOptions options, int threads) => () =>
    {
        var (local, order) = ComputeAffinities(data, n, dim, options, threads, CancellationToken.None);
        return local.Unpermute(order, threads);
    };

    private static (TSneAffinities Local, int[] Order) ComputeAffinities(float[] data, int n, int dim, TSneOptions options, int threads, CancellationToken cancellation,
        Action<TSnePhase, long, long>? progress = null)
    {
        TSneInput.Check(data, n, dim);
        if (options.Perplexity >= n)
            throw new ArgumentException($"t-SNE perplexity {options.Perplexity} must be less than the number of points {n} (as scikit-learn requires).");
        int k = options.Method == TSneMethod.Exact
            ? n - 1
            : Math.Min(n - 1, options.Neighbours ?? (int)(3 * options.Perplexity + 1));
        return TSneAffinities.ComputeLocal(data, n, dim, options.Perplexity, k, threads, cancellation, progress);
    }
}
