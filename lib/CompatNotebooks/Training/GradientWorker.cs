using CompatNotebooks.Sampling;

namespace CompatNotebooks.Training;

/// <summary>
/// One thread's forward/backward engine — the dense (<see cref="FusedWorker"/>) or sparse (<see cref="SparseWorker"/>)
/// kernels — with what both share: this worker's gradient buffers for E1, E2 and c and its loss sum for the last batch
/// share, cleared by <see cref="BeginBatch"/>.
/// </summary>
internal abstract class GradientWorker : IDisposable
{
    /// <summary>Allocates the gradient buffers (empty when the worker only scores).</summary>
    protected GradientWorker(FusedParameters model, bool withGradients)
    {
        G1 = new NativeBuffer(withGradients ? model.Length : 0);
        G2 = new NativeBuffer(withGradients ? model.Length : 0);
    }

    /// <summary>Gradient of the first projection for the last batch share, in the parameters' layout.</summary>
    public NativeBuffer G1 { get; }

    /// <summary>Gradient of the second projection.</summary>
    public NativeBuffer G2 { get; }

    /// <summary>Gradient of c.</summary>
    public double Gc { get; protected set; }

    /// <summary>Sum of the per-pair losses of the last batch share.</summary>
    public double LossSum { get; protected set; }

    /// <summary>Computes the gradient of (1/<paramref name="batchSize"/>)·Σ loss over <paramref name="pairs"/>.</summary>
    public abstract void Process(ReadOnlySpan<CompatPair> pairs, int batchSize);

    /// <summary>Logits of <paramref name="pairs"/> into <paramref name="logits"/> (forward only).</summary>
    public abstract void Score(ReadOnlySpan<CompatPair> pairs, Span<float> logits);

    /// <summary>Zeroes the gradients and the loss sum before a batch share.</summary>
    protected void BeginBatch()
    {
        G1.Clear();
        G2.Clear();
        Gc = 0;
        LossSum = 0;
    }

    /// <summary>Frees the kernel's own buffers.</summary>
    protected abstract void DisposeBuffers();

    /// <summary>Frees the kernel's buffers and the gradients.</summary>
    public void Dispose()
    {
        DisposeBuffers();
        G1.Dispose();
        G2.Dispose();
    }
}
