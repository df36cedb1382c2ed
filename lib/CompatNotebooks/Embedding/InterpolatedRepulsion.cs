using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CompatNotebooks.Embedding;

/// <summary>
/// FFT-accelerated interpolation of the repulsive forces (the idea of FIt-SNE, Linderman et al. 2019): the
/// charges {1, x, y} of all points are spread onto an equispaced grid by Lagrange interpolation,
/// convolved with the kernel K² on the grid by 2-D FFT (the kernel is a Toeplitz matrix), and interpolated
/// back. One kernel, K² = 1/(1+d²)², gives both Σ_j K²(y_i − y_j) and Z, because K = K²·(1 + d²) and
/// d² = |y_i|² − 2 y_i·y_j + |y_j|². FIt-SNE's fourth charge |y|² is not needed: the interpolated operator
/// Wᵀ K W is symmetric, so Σ_i φ_{|y|²}(i) = Σ_i |y_i|² φ₁(i) exactly, and Z only needs that sum.
/// Cost O(N + G log G) per iteration for G grid nodes.
/// </summary>
/// <remarks>
/// The grid spacing is at most 1/<c>nodesPerUnit</c> in embedding units (the kernel's length scale is 1), and
/// grid sides are rounded up to 2^a·3^b·5^c nodes. Spreading is parallel over grid rows (points counting-sorted
/// by row) so no two threads write the same cell and the summation order is fixed: results are deterministic.
/// Coordinates are centred on the grid before forming charges to limit cancellation in y_i·φ₁ − φ_y.
/// Grid A holds 1 + i·x, grid B the real y charge: B's spectrum is Hermitian, so its x-transforms run only for
/// the non-negative y-frequencies and the others are filled in by conjugation (3/4 of the x-pass work).
/// The jobs live in their own types: <see cref="SortedGridPoints"/> (row sort, weights, charges),
/// <see cref="LagrangeWeights"/>, <see cref="GridInterpolation"/> (spreading and gathering),
/// <see cref="GridConvolution"/> (FFT convolution; <see cref="GridTranspose"/> its data moves,
/// <see cref="SquaredKernelGrid"/> its kernel); this class sizes the grid and runs one step.
/// </remarks>
internal sealed class InterpolatedRepulsion : IRepulsion
{
    /// <summary>Largest grid side (2²·3⁵): about 330 MB of grids at most.</summary>
    public const int MaxNodes = 972;
    private readonly double _nodesPerUnit;
    private readonly int _points, _minNodes;
    private readonly SortedGridPoints _sorted;
    private readonly GridConvolution _grids;
    private readonly GridInterpolation _interpolation;

    /// <summary>
    /// Interpolation on <paramref name="points"/> Lagrange nodes per dimension, grid spacing at most
    /// 1/<paramref name="nodesPerUnit"/>, at least <paramref name="minNodes"/> nodes per side.
    /// </summary>
    public InterpolatedRepulsion(int threads, double nodesPerUnit = 2.0, int points = 6, int minNodes = 48)
    {
        _nodesPerUnit = nodesPerUnit;
        _points = points;
        _minNodes = minNodes;
        _sorted = new SortedGridPoints(points, threads);
        _grids = new GridConvolution(threads);
        _interpolation = new GridInterpolation(_sorted, _grids, points, threads);
    }

    /// <summary>Grid nodes along x and y used by the last call (for diagnostics and tests).</summary>
    public (int X, int Y) LastGrid { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Compute(double[] y, double[] repulsive)
    {
        int n = y.Length / 2;
        int points = _points, minNodes = _minNodes;
        _sorted.Ensure(n);
        var (minX, maxX, minY, maxY) = Bounds(y);
        double spanX = Math.Max(maxX - minX, 1e-12), spanY = Math.Max(maxY - minY, 1e-12);
        double spanMax = Math.Max(spanX, spanY);
        // Nodes base-1 .. base+2 around each point must exist: side ≥ ⌊span/h⌋ + 4.
        // Small embeddings get minNodes across their extent (finer than needed); large ones the fixed spacing
        // 1/nodesPerUnit, so the kernel's transform only changes when the grid grows and can be cached.
        // Outliers far away would make the grid explode: beyond MaxNodes per side the spacing grows instead
        // (accuracy degrades gracefully, memory stays bounded — as openTSNE's max_grid_size).
        int margin = points;
        double h = Math.Max(Math.Min(spanMax / (minNodes - margin), 1 / _nodesPerUnit), spanMax / (MaxNodes - margin));
        int nx = Fft.NextEvenSupported(Math.Max(minNodes, (int)Math.Ceiling(spanX / h * (1 - 1e-12)) + margin));
        int ny = Fft.NextEvenSupported(Math.Max(minNodes, (int)Math.Ceiling(spanY / h * (1 - 1e-12)) + margin));
        int lx = 2 * nx, ly = 2 * ny;
        LastGrid = (nx, ny);
        _sorted.EnsureRows(ny + 1);
        _grids.EnsureGrid(lx * ly);
        // The kernel's transform uses grid A as scratch, so it comes before the charges are spread.
        _grids.EnsureKernel(nx, ny, h);
        int lo = points / 2 - 1, hiMargin = points / 2;
        double x0 = minX - lo * h, y0 = minY - lo * h;
        double cx = x0 + 0.5 * (nx - 1) * h, cy = y0 + 0.5 * (ny - 1) * h;

        // 1. grid row of every point, counting sort by row (stable), and each point's base cell, weights and charges
        //    written at its sorted position, so spreading (row by row) and gathering stream through memory instead of
        //    jumping between points.
        _sorted.SortAndWeigh(y, ny, new GridFrame(x0, y0, h, lo, nx - 1 - hiMargin, ny - 1 - hiMargin, cx, cy));

        // 2. spread charges {1, x, y} into grids A = (1, x) as real/imag parts and B = (y, 0). Rows ≥ ny are never
        //    written: the y-transforms work on compact copies of rows < ny.
        int cells = lx * ly;
        int nx4 = Math.Min(lx, (nx + 3) & ~3);
        bool clearRows = _grids.PrepareForSpreading(cells);
        _interpolation.Spread(ny, lx, nx4, clearRows);

        // 3. convolve with K² by 2-D FFT: columns (y), transpose, columns (x), multiply, and back
        _grids.Convolve(lx, ly, nx4);

        // 4. interpolate potentials back and form forces and Z
        double zSum = _interpolation.Gather(n, lx, 1.0 / cells, repulsive);
        // Remove the self terms K_ii = 1. Every pair is at most the diagonal apart, which bounds Z from below;
        // the bound only binds for tiny N with extreme spreads, where cancellation could otherwise make Z ≤ 0.
        double lowerBound = (double)n * (n - 1) / (1 + spanX * spanX + spanY * spanY);
        return Math.Max(zSum - n, lowerBound);
    }

    /// <summary>Smallest and largest x and y of the interleaved coordinates (four doubles = two points a step).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double MinX, double MaxX, double MinY, double MaxY) Bounds(double[] y)
    {
        var lo = Vector256.Create(double.PositiveInfinity);
        var hi = Vector256.Create(double.NegativeInfinity);
        int c = 0;
        for (; c <= y.Length - 4; c += 4)
        {
            var v = Vector256.Create(y.AsSpan(c, 4));
            lo = Vector256.Min(lo, v);
            hi = Vector256.Max(hi, v);
        }
        double minX = Math.Min(lo[0], lo[2]), minY = Math.Min(lo[1], lo[3]);
        double maxX = Math.Max(hi[0], hi[2]), maxY = Math.Max(hi[1], hi[3]);
        for (; c < y.Length; c += 2)
        {
            minX = Math.Min(minX, y[c]); maxX = Math.Max(maxX, y[c]);
            minY = Math.Min(minY, y[c + 1]); maxY = Math.Max(maxY, y[c + 1]);
        }
        return (minX, maxX, minY, maxY);
    }
}
