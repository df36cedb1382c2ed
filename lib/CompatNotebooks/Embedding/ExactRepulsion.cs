namespace CompatNotebooks.Embedding;

/// <summary>The O(N²) repulsion: every pair evaluated, parallel over fixed blocks of points (exact mode and tests).</summary>
internal sealed class ExactRepulsion(int threads) : IRepulsion
{
    public double Compute(double[] y, double[] repulsive)
    {
        int n = y.Length / 2;
        return FixedPartition.Sum(n, 64, threads, (start, end) =>
        {
            double z = 0;
            for (int i = start; i < end; i++)
            {
                double xi = y[2 * i], yi = y[2 * i + 1], rx = 0, ry = 0, zi = 0;
                for (int j = 0; j < n; j++)
                {
                    if (j == i) continue;
                    double dx = xi - y[2 * j], dy = yi - y[2 * j + 1];
                    double q = 1 / (1 + dx * dx + dy * dy);
                    zi += q;
                    double q2 = q * q;
                    rx += q2 * dx; ry += q2 * dy;
                }
                repulsive[2 * i] = rx; repulsive[2 * i + 1] = ry;
                z += zi;
            }
            return z;
        });
    }
}
