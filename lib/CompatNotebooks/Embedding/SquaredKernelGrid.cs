using System.Runtime.CompilerServices;
using Real = float;

namespace CompatNotebooks.Embedding;

/// <summary>
/// The t-SNE kernel K² = 1 / (1 + d²)² sampled on the zero-padded grid as a circulant (row r and column c stand for
/// offsets r and r − ly, c and c − lx), with the Nyquist row and column zero, ready for the FFT convolution.
/// </summary>
internal static class SquaredKernelGrid
{
    /// <summary>Writes the 2·ny × 2·nx circulant kernel of spacing <paramref name="h"/> into <paramref name="gRe"/>.</summary>
    public static void Fill(Real[] gRe, int nx, int ny, double h, int threads)
    {
        int lx = 2 * nx, ly = 2 * ny;
        FixedPartition.For(ly, 8, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (rs, re, _) =>
        {
            for (int row = rs; row < re; row++)
            {
                double dy = (row < ny ? row : row - ly) * h;
                for (int col = 0; col < lx; col++)
                {
                    double dx = (col < nx ? col : col - lx) * h;
                    double k = 1 / (1 + dx * dx + dy * dy);
                    gRe[row * lx + col] = row == ny || col == nx ? 0 : (Real)(k * k);
                }
            }
        });
    }
}
