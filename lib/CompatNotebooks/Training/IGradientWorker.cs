using CompatNotebooks.Sampling;

namespace CompatNotebooks.Training;

/// <summary>One thread's forward/backward engine: the dense (<see cref="FusedWorker"/>) or sparse (<see cref="SparseWorker"/>) kernels.</summary>
internal interface IGradientWorker : IDisposable
{
    /// <summary>Gradient of the first projection for the last batch, in the parameters' layout.</summary>
    NativeBuffer G1 { get; }

    /// <summary>Gradient of the second projection.</summary>
    NativeBuffer G2 { get; }

    /// <summary>Gradient of c.</summary>
    double Gc { get; }

    /// <summary>Sum of the per-pair losses of the last batch share.</summary>
    double LossSum { get; }

    /// <summary>Computes the gradient of (1/<paramref name="batchSize"/>)·Σ loss over <paramref name="pairs"/>.</summary>
    void Process(ReadOnlySpan<CompatPair> pairs, int batchSize);

    /// <summary>Logits of <paramref name="pairs"/> (forward only).</summary>
    void Score(ReadOnlySpan<CompatPair> pairs, Span<float> logits);
}
