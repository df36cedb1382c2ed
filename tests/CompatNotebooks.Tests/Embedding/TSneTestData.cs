namespace CompatNotebooks.Tests.Embedding;

/// <summary>Small synthetic inputs for the t-SNE tests.</summary>
internal static class TSneTestData
{
    /// <summary><paramref name="clusters"/> Gaussian blobs (std 1) of <paramref name="perCluster"/> points in <paramref name="dim"/>-D, centres ~30 apart; row-major, with labels.</summary>
    public static (float[] Rows, int[] Labels) Blobs(int clusters, int perCluster, int dim, int seed, double separation = 30)
    {
        var rng = new Random(seed);
        var centres = new double[clusters, dim];
        for (int c = 0; c < clusters; c++)
            for (int d = 0; d < dim; d++) centres[c, d] = separation * (rng.NextDouble() - 0.5) * 2;
        int n = clusters * perCluster;
        var rows = new float[n * dim];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            int c = i % clusters;
            labels[i] = c;
            for (int d = 0; d < dim; d++) rows[i * dim + d] = (float)(centres[c, d] + Normal(rng));
        }
        return (rows, labels);
    }

    public static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Fraction of points whose k nearest embedded neighbours' majority label is their own.</summary>
    public static double KnnLabelAccuracy(ReadOnlySpan<double> y, int[] labels, int k)
    {
        int n = labels.Length, correct = 0;
        var d = new double[n];
        var idx = new int[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
                d[j] = j == i ? double.PositiveInfinity : dx * dx + dy * dy;
                idx[j] = j;
            }
            Array.Sort((double[])d.Clone(), idx);
            var votes = new Dictionary<int, int>();
            for (int t = 0; t < k; t++) votes[labels[idx[t]]] = votes.GetValueOrDefault(labels[idx[t]]) + 1;
            if (votes.MaxBy(v => v.Value).Key == labels[i]) correct++;
        }
        return (double)correct / n;
    }
}
