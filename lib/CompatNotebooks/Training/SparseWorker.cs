using CompatNotebooks.Models;
using CompatNotebooks.Sampling;

namespace CompatNotebooks.Training;

/// <summary>
/// One thread's share of a batch over <see cref="SparseFeatureCache"/> rows: per pair, project both rows' non-zeros,
/// compute ∂loss/∂s, and scatter the outer products into this worker's gradient buffers while the rows are in L1.
/// </summary>
internal sealed unsafe class SparseWorker : GradientWorker
{
    /// <summary>Pairs ahead whose rows are prefetched: far enough for memory latency, near enough to stay cached.</summary>
    private const int PrefetchDistance = 2;

    private readonly FusedParameters _model;
    private readonly SparseFeatureCache _rows;
    private readonly int _stride;
    private readonly NativeBuffer _scratch;

    public SparseWorker(FusedParameters model, SparseFeatureCache rows, bool withGradients = true) : base(model, withGradients)
    {
        if (model.Layout != ParameterLayout.Interleaved)
            throw new ArgumentException("The sparse kernels need interleaved parameters.", nameof(model));
        _model = model;
        _rows = rows;
        _stride = model.PaddedStyleDimension;
        _scratch = new NativeBuffer(5 * _stride); // s1, s2, a1, a2, the anchor's summed a1
    }

    /// <inheritdoc />
    public override void Process(ReadOnlySpan<CompatPair> pairs, int batchSize)
    {
        BeginBatch();
        double inverseBatch = 1.0 / batchSize, gc = 0, loss = 0;
        float* s1 = _scratch.Pointer, s2 = s1 + _stride, a1 = s2 + _stride, a2 = a1 + _stride, pending = a2 + _stride;
        int k = _model.StyleDimension, blocks = _model.Blocks;
        // Consecutive pairs with the same first item (an anchor with its positives and negatives) share that item's
        // projection and one backward pass with the sum of their ∂loss/∂s1: x·a + x·b = x·(a + b).
        int anchor = -1;
        for (int i = 0; i < Math.Min(PrefetchDistance, pairs.Length); i++) PrefetchPair(pairs[i]);
        for (int i = 0; i < pairs.Length; i++)
        {
            var pair = pairs[i];
            if (i + PrefetchDistance < pairs.Length) PrefetchPair(pairs[i + PrefetchDistance]);
            if (pair.Item1 != anchor)
            {
                FlushAnchor(anchor, pending, blocks);
                anchor = pair.Item1;
                SparseKernels.Project(_rows.Indices(anchor), _rows.Values(anchor), _rows.Length(anchor), _model.W1.Pointer, _stride, blocks, s1);
                new Span<float>(pending, _stride).Clear();
            }
            ushort* i2 = _rows.Indices(pair.Item2);
            float* v2 = _rows.Values(pair.Item2);
            int n2 = _rows.Length(pair.Item2);
            SparseKernels.Project(i2, v2, n2, _model.W2.Pointer, _stride, blocks, s2);
            double z = PairMath.Logit(_model.Kind, s1, s2, k, _model.C);
            loss += PairMath.Backward(_model.Kind, s1, s2, k, _stride, z, pair.Compatible, inverseBatch, 1.0, a1, a2, out double g);
            gc += g;
            for (int j = 0; j < _stride; j++) pending[j] += a1[j];
            SparseKernels.Accumulate(i2, v2, n2, a2, G2.Pointer, _stride, blocks);
        }
        FlushAnchor(anchor, pending, blocks);
        Gc = gc;
        LossSum = loss;
    }

    private void FlushAnchor(int anchor, float* pending, int blocks)
    {
        if (anchor >= 0)
            SparseKernels.Accumulate(_rows.Indices(anchor), _rows.Values(anchor), _rows.Length(anchor), pending, G1.Pointer, _stride, blocks);
    }

    /// <inheritdoc />
    public override void Score(ReadOnlySpan<CompatPair> pairs, Span<float> logits)
    {
        float* s1 = _scratch.Pointer, s2 = s1 + _stride;
        for (int i = 0; i < Math.Min(PrefetchDistance, pairs.Length); i++) PrefetchPair(pairs[i]);
        for (int i = 0; i < pairs.Length; i++)
        {
            var pair = pairs[i];
            if (i + PrefetchDistance < pairs.Length) PrefetchPair(pairs[i + PrefetchDistance]);
            SparseKernels.Project(_rows.Indices(pair.Item1), _rows.Values(pair.Item1), _rows.Length(pair.Item1), _model.W1.Pointer, _stride, _model.Blocks, s1);
            SparseKernels.Project(_rows.Indices(pair.Item2), _rows.Values(pair.Item2), _rows.Length(pair.Item2), _model.W2.Pointer, _stride, _model.Blocks, s2);
            logits[i] = (float)PairMath.Logit(_model.Kind, s1, s2, _model.StyleDimension, _model.C);
        }
    }

    private void PrefetchPair(CompatPair next)
    {
        SparseKernels.Prefetch(_rows.Indices(next.Item1), _rows.Values(next.Item1), _rows.Length(next.Item1));
        SparseKernels.Prefetch(_rows.Indices(next.Item2), _rows.Values(next.Item2), _rows.Length(next.Item2));
    }

    /// <inheritdoc />
    protected override void DisposeBuffers() => _scratch.Dispose();
}
