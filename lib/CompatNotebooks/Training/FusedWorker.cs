using CompatNotebooks.Data;
using CompatNotebooks.Models;
using CompatNotebooks.Sampling;

namespace CompatNotebooks.Training;

/// <summary>
/// One thread's share of a batch: forward and backward for its pairs, fused per tile of pairs so each feature row is
/// read from memory once — projected while it streams in, then, once the tile's gradients with respect to the logits
/// are known, read again from cache to accumulate x ⊗ ∂loss/∂s into this worker's own gradient buffers.
/// </summary>
internal sealed unsafe class FusedWorker : GradientWorker
{
    /// <summary>Pairs per tile: 2·8 rows of 16 KB stay in a 1 MB L2 cache with the parameters and gradients.</summary>
    public const int TileSize = 8;

    private readonly FusedParameters _model;
    private readonly FeatureRowAccess _rows;
    private readonly int _stride; // padded K
    private readonly NativeBuffer _s1, _s2, _a1, _a2;
    private readonly float** _x1, _x2;
    private readonly float** _next1, _next2; // the following tile's rows, prefetched while this tile computes
    private readonly NativeBuffer _pointerBlock;
    private readonly NativeBuffer? _copies; // tile rows when they cannot be read in place

    public FusedWorker(FusedParameters model, FeatureRowAccess rows, bool withGradients = true) : base(model, withGradients)
    {
        _model = model;
        _rows = rows;
        _stride = model.PaddedStyleDimension;
        _s1 = new NativeBuffer(TileSize * _stride);
        _s2 = new NativeBuffer(TileSize * _stride);
        _a1 = new NativeBuffer(TileSize * _stride);
        _a2 = new NativeBuffer(TileSize * _stride);
        _pointerBlock = new NativeBuffer(8 * TileSize); // 4·TileSize pointers of 8 bytes
        _x1 = (float**)_pointerBlock.Pointer;
        _x2 = _x1 + TileSize;
        _next1 = _x2 + TileSize;
        _next2 = _next1 + TileSize;
        if (!rows.InPlace)
            _copies = new NativeBuffer(2L * TileSize * rows.Dimension);
    }

    /// <inheritdoc />
    public override void Process(ReadOnlySpan<CompatPair> pairs, int batchSize)
    {
        BeginBatch();
        double inverseBatch = 1.0 / batchSize;
        for (int start = 0; start < pairs.Length; start += TileSize)
            ProcessTile(pairs.Slice(start, Math.Min(TileSize, pairs.Length - start)), NextTile(pairs, start), inverseBatch);
    }

    /// <inheritdoc />
    public override void Score(ReadOnlySpan<CompatPair> pairs, Span<float> logits)
    {
        for (int start = 0; start < pairs.Length; start += TileSize)
        {
            var tile = pairs.Slice(start, Math.Min(TileSize, pairs.Length - start));
            Project(tile, NextTile(pairs, start));
            for (int r = 0; r < tile.Length; r++)
                logits[start + r] = (float)PairMath.Logit(_model.Kind, _s1.Pointer + r * _stride, _s2.Pointer + r * _stride, _model.StyleDimension, _model.C);
        }
    }

    private static ReadOnlySpan<CompatPair> NextTile(ReadOnlySpan<CompatPair> pairs, int start)
    {
        int next = start + TileSize;
        return next < pairs.Length ? pairs.Slice(next, Math.Min(TileSize, pairs.Length - next)) : default;
    }

    private void ProcessTile(ReadOnlySpan<CompatPair> tile, ReadOnlySpan<CompatPair> next, double inverseBatch)
    {
        Project(tile, next);
        int n = tile.Length, k = _model.StyleDimension;
        double scale = _rows.Scale;
        double gc = 0, loss = 0;
        for (int r = 0; r < n; r++)
        {
            float* s1 = _s1.Pointer + r * _stride, s2 = _s2.Pointer + r * _stride;
            double z = PairMath.Logit(_model.Kind, s1, s2, k, _model.C);
            loss += PairMath.Backward(_model.Kind, s1, s2, k, _stride, z, tile[r].Compatible, inverseBatch, scale,
                _a1.Pointer + r * _stride, _a2.Pointer + r * _stride, out double g);
            gc += g;
        }
        Gc += gc;
        LossSum += loss;

        int d = _model.FeatureDimension;
        for (int b = 0; b < _model.Blocks; b++)
        {
            long offset = (long)b * FusedKernels.Width * d;
            FusedKernels.Accumulate(_x1, _a1.Pointer + b * FusedKernels.Width, _stride, n, G1.Pointer + offset, d);
            FusedKernels.Accumulate(_x2, _a2.Pointer + b * FusedKernels.Width, _stride, n, G2.Pointer + offset, d);
        }
    }

    /// <summary>Finds the tile's rows and fills the style vectors s1, s2 (scaled); prefetches the next tile's rows.</summary>
    private void Project(ReadOnlySpan<CompatPair> tile, ReadOnlySpan<CompatPair> next)
    {
        int n = tile.Length, d = _model.FeatureDimension;
        for (int r = 0; r < n; r++)
        {
            _x1[r] = RowPointer(tile[r].Item1, 2 * r);
            _x2[r] = RowPointer(tile[r].Item2, 2 * r + 1);
        }
        // Prefetch targets: the next tile's rows where they are read in place, otherwise (copies, last tile) this
        // tile's own rows, which are already cached.
        for (int r = 0; r < n; r++)
        {
            bool ahead = _rows.InPlace && r < next.Length;
            _next1[r] = ahead ? _rows.Pointer(next[r].Item1) : _x1[r];
            _next2[r] = ahead ? _rows.Pointer(next[r].Item2) : _x2[r];
        }
        for (int b = 0; b < _model.Blocks; b++)
        {
            long offset = (long)b * FusedKernels.Width * d;
            // Only the first block's pass prefetches; later blocks reread this tile from cache.
            ProjectRows(_x1, b == 0 ? _next1 : _x1, n, _model.W1.Pointer + offset, _s1.Pointer + b * FusedKernels.Width);
            ProjectRows(_x2, b == 0 ? _next2 : _x2, n, _model.W2.Pointer + offset, _s2.Pointer + b * FusedKernels.Width);
        }
        float scale = _rows.Scale;
        if (scale != 1f)
        {
            for (int i = 0; i < n * _stride; i++)
            {
                _s1.Pointer[i] *= scale;
                _s2.Pointer[i] *= scale;
            }
        }
    }

    private void ProjectRows(float** x, float** prefetch, int n, float* w, float* s)
    {
        int d = _model.FeatureDimension, r = 0;
        for (; r + 4 <= n; r += 4)
            FusedKernels.Project4(x[r], x[r + 1], x[r + 2], x[r + 3], w, d, s + r * _stride, _stride,
                prefetch[r], prefetch[r + 1], prefetch[r + 2], prefetch[r + 3]);
        for (; r < n; r++)
            FusedKernels.Project1(x[r], w, d, s + r * _stride, prefetch[r]);
    }

    private float* RowPointer(int row, int slot)
    {
        if (_rows.InPlace)
            return _rows.Pointer(row);
        float* copy = _copies!.Pointer + (long)slot * _rows.Dimension;
        _rows.Rows.CopyRowTo(row, new Span<float>(copy, _rows.Dimension));
        return copy;
    }

    /// <inheritdoc />
    protected override void DisposeBuffers()
    {
        _s1.Dispose(); _s2.Dispose(); _a1.Dispose(); _a2.Dispose();
        _pointerBlock.Dispose();
        _copies?.Dispose();
    }
}
