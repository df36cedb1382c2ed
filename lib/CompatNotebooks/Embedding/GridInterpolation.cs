using System.Numerics;
using System.Runtime.CompilerServices;
using Real = float;

namespace CompatNotebooks.Embedding;

/// <summary>
/// The interpolation operator W between the sorted points and the grid, both ways: spreading the charges {1, x, y}
/// into grids A = (1, x) and B = y (Wᵀ), and gathering the convolved potentials back into forces and Z (W).
/// Spreading is parallel over grid rows, so no two threads write the same cell and every cell receives its points
/// in sorted order: the sums do not depend on the thread count.
/// </summary>
internal sealed class GridInterpolation(SortedGridPoints sorted, GridConvolution grids, int points, int threads)
{
    private static readonly int Lanes = Vector<Real>.Count;
    private readonly int _lo = points / 2 - 1, _hiMargin = points / 2;

    /// <summary>
    /// Adds every sorted point's charges into grid rows &lt; <paramref name="ny"/>; with <paramref name="clearRows"/> each
    /// row's first <paramref name="nx4"/> cells are cleared first (by the iteration that owns the row).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Spread(int ny, int lx, int nx4, bool clearRows)
    {
        int lo = _lo, hiMargin = _hiMargin;
        Real[] aRe = grids.ARe, aIm = grids.AIm, bRe = grids.BRe;
        int[] rowStart = sorted.RowStart, baseX = sorted.BaseX, baseY = sorted.BaseY;
        Real[] weightsY = sorted.WeightsY;
        double[] weightsX = sorted.WeightsX, charges = sorted.Charges;
        bool simd = sorted.Simd;
        // Each block of rows takes every point whose rows reach into it once and adds it to those of its rows that
        // lie in the block (2–3 visits per point instead of one per row). Every cell still receives its points in
        // sorted order, so the sums do not depend on the blocks or on the thread count.
        FixedPartition.For(ny, 4, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (rs, re, _) =>
        {
            if (clearRows)
                for (int row = rs; row < re; row++)
                {
                    int at = row * lx;
                    Array.Clear(aRe, at, nx4); Array.Clear(aIm, at, nx4); Array.Clear(bRe, at, nx4);
                }
            int last = re - 1;
            int baseFrom = Math.Max(lo, rs - hiMargin), baseTo = Math.Min(ny - 1 - hiMargin, last + lo);
            int tFrom = baseFrom <= baseTo ? rowStart[baseFrom] : 0, tTo = baseFrom <= baseTo ? rowStart[baseTo + 1] : 0;
            if (simd)
            {
                SpreadVectors(rs, last, tFrom, tTo, lx, lo, hiMargin);
                return;
            }
            for (int t = tFrom; t < tTo; t++)
            {
                int by = baseY[t];
                int r0 = Math.Max(rs, by - lo), r1 = Math.Min(last, by + hiMargin);
                double px = charges[3 * t], py = charges[3 * t + 1];
                int colOffset = baseX[t] - lo;
                for (int row = r0; row <= r1; row++)
                {
                    double wy = weightsY[points * t + row - by + lo];
                    int col = row * lx + colOffset;
                    for (int a = 0; a < points; a++)
                    {
                        double w = wy * weightsX[points * t + a];
                        aRe[col + a] += (Real)w; aIm[col + a] += (Real)(w * px); bRe[col + a] += (Real)(w * py);
                    }
                }
            }
        });
    }

    /// <summary>
    /// Spreading of the sorted points tFrom … tTo − 1 into grid rows rs … last with one vector of x-weights per
    /// point and row and grid. The padding lanes add zeros to cells of the same row: a row is 2·nx long and a
    /// point's first column is at most nx − points, so the vector stays inside its row (and the arrays).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void SpreadVectors(int rs, int last, int tFrom, int tTo, int lx, int lo, int hiMargin)
    {
        fixed (Real* aRe = grids.ARe, aIm = grids.AIm, bRe = grids.BRe, wxAll = sorted.WeightsXVector, wAll = sorted.WeightsY)
        fixed (int* baseY = sorted.BaseY, baseX = sorted.BaseX)
        fixed (double* charges = sorted.Charges)
        {
            for (int t = tFrom; t < tTo; t++)
            {
                int by = baseY[t];
                int r0 = Math.Max(rs, by - lo), r1 = Math.Min(last, by + hiMargin);
                double px = charges[3 * t], py = charges[3 * t + 1];
                var wx = *(Vector<Real>*)(wxAll + (long)Lanes * t);
                Real* wyRow = wAll + (long)points * t - by + lo;
                long colOffset = baseX[t] - lo;
                for (int row = r0; row <= r1; row++)
                {
                    double wy = wyRow[row];
                    long col = (long)row * lx + colOffset;
                    *(Vector<Real>*)(aRe + col) += wx * (Real)wy;
                    *(Vector<Real>*)(aIm + col) += wx * (Real)(wy * px);
                    *(Vector<Real>*)(bRe + col) += wx * (Real)(wy * py);
                }
            }
        }
    }

    /// <summary>
    /// Interpolates the potentials φ₁, φ_x, φ_y (times <paramref name="scale"/>, the inverse FFT's 1/cells) back to the
    /// <paramref name="n"/> points, writes the repulsive sums (x, y interleaved, by point index) and returns
    /// Σ_i Σ_j K²_ij (1 + d²_ij), self terms included.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Gather(int n, int lx, double scale, double[] repulsive)
    {
        int lo = _lo;
        Real[] aRe = grids.ARe, aIm = grids.AIm, bRe = grids.BRe;
        int[] order = sorted.Sorted, baseX = sorted.BaseX, baseY = sorted.BaseY;
        Real[] weightsY = sorted.WeightsY, weightsXVector = sorted.WeightsXVector;
        double[] weightsX = sorted.WeightsX, charges = sorted.Charges;
        bool simd = sorted.Simd;
        return FixedPartition.Sum(n, 2048, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end) =>
        {
            double z = 0;
            for (int t = start; t < end; t++)
            {
                double p1 = 0, pxs = 0, pys = 0;
                int baseCell = (baseY[t] - lo) * lx + baseX[t] - lo;
                if (simd)
                {
                    Vector<Real> s1 = default, sx = default, sy = default;
                    for (int b = 0; b < points; b++)
                    {
                        var wy = new Vector<Real>(weightsY[points * t + b]);
                        int c0 = baseCell + b * lx;
                        s1 += wy * new Vector<Real>(aRe, c0); sx += wy * new Vector<Real>(aIm, c0);
                        sy += wy * new Vector<Real>(bRe, c0);
                    }
                    var wx = new Vector<Real>(weightsXVector, Lanes * t);
                    p1 = Vector.Dot(s1, wx); pxs = Vector.Dot(sx, wx); pys = Vector.Dot(sy, wx);
                }
                else
                {
                    for (int b = 0; b < points; b++)
                    {
                        double wy = weightsY[points * t + b];
                        int c0 = baseCell + b * lx;
                        for (int a = 0; a < points; a++)
                        {
                            double w = wy * weightsX[points * t + a];
                            int c = c0 + a;
                            p1 += w * aRe[c]; pxs += w * aIm[c]; pys += w * bRe[c];
                        }
                    }
                }
                p1 *= scale; pxs *= scale; pys *= scale;
                double px = charges[3 * t], py = charges[3 * t + 1];
                int i = order[t];
                repulsive[2 * i] = px * p1 - pxs;
                repulsive[2 * i + 1] = py * p1 - pys;
                // Σ_j K²_ij (1 + d²_ij) with Σ_i Σ_j K²_ij |y_j|² = Σ_i |y_i|² φ₁(i) (symmetric operator)
                z += (1 + 2 * charges[3 * t + 2]) * p1 - 2 * (px * pxs + py * pys);
            }
            return z;
        });
    }
}
