namespace CompatNotebooks.Embedding;

/// <summary>A 2-D t-SNE embedding, row i = input row i, with the final KL divergence and run statistics.</summary>
public sealed class TSneResult
{
    private readonly double[] _coordinates;
    private readonly Lazy<TSneAffinities> _affinities;

    internal TSneResult(double[] coordinates, Func<TSneAffinities> affinities, double kl, int iterations, double learningRate,
        TSneMethod method, TSneTimings timings)
    {
        _coordinates = coordinates;
        _affinities = new Lazy<TSneAffinities>(affinities);
        KullbackLeibler = kl;
        Iterations = iterations;
        LearningRate = learningRate;
        Method = method;
        Timings = timings;
    }

    /// <summary>Number of embedded points.</summary>
    public int Count => _coordinates.Length / 2;

    /// <summary>Coordinates, row-major (x0, y0, x1, y1, …).</summary>
    public ReadOnlySpan<double> Coordinates => _coordinates;

    /// <summary>x of point <paramref name="i"/>.</summary>
    public double X(int i) => _coordinates[2 * i];

    /// <summary>y of point <paramref name="i"/>.</summary>
    public double Y(int i) => _coordinates[2 * i + 1];

    /// <summary>The input affinities P (for <see cref="TSne.ExactKullbackLeibler(TSneAffinities, ReadOnlySpan{double}, int)"/>),
    /// in the input's numbering.</summary>
    /// <remarks>Made on first access (not part of <see cref="Timings"/>): a caller that only plots the embedding never
    /// needs it. The result keeps the smaller of the run's P and its input: P is renumbered from the optimisation's
    /// order (a copy of P and a sort of every row), or computed again from the input (the same P: the computation is
    /// deterministic). Style vectors are the second case: five numbers a point against about a hundred entries of P,
    /// a gigabyte at a million points that a notebook holding the result would otherwise carry to its end.</remarks>
    public TSneAffinities Affinities => _affinities.Value;

    /// <summary>
    /// KL(P‖Q) at the last iteration, computed like scikit-learn's: exactly over the stored p_ij, with the
    /// normaliser Z of the gradient method (interpolated or exact).
    /// </summary>
    public double KullbackLeibler { get; }

    /// <summary>Iterations run (less than requested when a stop criterion fired).</summary>
    public int Iterations { get; }

    /// <summary>The learning rate used (resolved from "auto").</summary>
    public double LearningRate { get; }

    /// <summary>The gradient method used.</summary>
    public TSneMethod Method { get; }

    /// <summary>Wall-clock time of the whole run (neighbours, affinities, initialisation, optimisation).</summary>
    public TimeSpan Elapsed => Timings.Total;

    /// <summary>Where the time went.</summary>
    public TSneTimings Timings { get; }

    /// <summary>Copy as an N×2 array.</summary>
    public float[,] ToArray()
    {
        var a = new float[Count, 2];
        for (int i = 0; i < Count; i++) { a[i, 0] = (float)_coordinates[2 * i]; a[i, 1] = (float)_coordinates[2 * i + 1]; }
        return a;
    }
}

/// <summary>Wall-clock breakdown of a t-SNE run.</summary>
/// <param name="Affinities">k-NN search, perplexity calibration and symmetrisation (<see cref="Neighbours"/> included).</param>
/// <param name="Initialization">PCA or random start.</param>
/// <param name="Attractive">Gradient over the sparse P, all iterations.</param>
/// <param name="Repulsive">N-body part (interpolation + FFT, or exact), all iterations.</param>
/// <param name="Total">The whole run.</param>
public readonly record struct TSneTimings(TimeSpan Affinities, TimeSpan Initialization, TimeSpan Attractive, TimeSpan Repulsive, TimeSpan Total)
{
    /// <summary>The k-NN search and perplexity calibration alone (part of <see cref="Affinities"/>; the rest is the symmetrisation).</summary>
    public TimeSpan Neighbours { get; init; }
}
