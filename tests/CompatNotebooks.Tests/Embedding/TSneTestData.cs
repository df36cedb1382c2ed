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

    /// <summary>
    /// The fixed data set of the scikit-learn reference test: 4 clusters × 75 points in 5-D (centres uniform in
    /// [−8, 8]⁵, unit Gaussian noise) from a 64-bit LCG and Box–Muller written out so that
    /// tests/CompatNotebooks.Benchmarks/python/tsne_sklearn_reference.py reproduces it exactly in Python.
    /// </summary>
    public static float[] ReferenceBlobs()
    {
        const int clusters = 4, perCluster = 75, dim = 5;
        ulong state = 20261207;
        double Uniform()
        {
            state = unchecked(state * 6364136223846793005UL + 1442695040888963407UL);
            return (state >> 11) * (1.0 / (1UL << 53));
        }
        var centres = new double[clusters * dim];
        for (int t = 0; t < centres.Length; t++) centres[t] = 16 * Uniform() - 8;
        var rows = new float[clusters * perCluster * dim];
        for (int i = 0; i < clusters * perCluster; i++)
            for (int d = 0; d < dim; d++)
            {
                double u1 = Uniform(), u2 = Uniform();
                double noise = Math.Sqrt(-2 * Math.Log(1 - u1)) * Math.Cos(2 * Math.PI * u2);
                rows[i * dim + d] = (float)(centres[(i % clusters) * dim + d] + noise);
            }
        return rows;
    }

    /// <summary>
    /// Trustworthiness T(k) of an embedding (Venna &amp; Kaski; scikit-learn's definition): 1 − 2/(N k (2N − 3k − 1)) ·
    /// Σ_i Σ_{j ∈ k-NN of i in the embedding} max(0, r(i, j) − k), r(i, j) the rank of j among i's input-space neighbours.
    /// </summary>
    public static double Trustworthiness(float[] rows, int dim, ReadOnlySpan<double> y, int k)
    {
        int n = rows.Length / dim;
        double penalty = 0;
        var inputRank = new int[n];
        var order = new int[n];
        var distance = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int d = 0; d < dim; d++) { double diff = (double)rows[i * dim + d] - rows[j * dim + d]; s += diff * diff; }
                distance[j] = j == i ? double.NegativeInfinity : s;
                order[j] = j;
            }
            Array.Sort((double[])distance.Clone(), order);
            for (int r = 0; r < n; r++) inputRank[order[r]] = r; // self at rank 0, nearest other at 1
            for (int j = 0; j < n; j++)
            {
                double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
                distance[j] = j == i ? double.NegativeInfinity : dx * dx + dy * dy;
                order[j] = j;
            }
            Array.Sort((double[])distance.Clone(), order);
            for (int r = 1; r <= k; r++) penalty += Math.Max(0, inputRank[order[r]] - k);
        }
        return 1 - 2.0 / (n * k * (2.0 * n - 3 * k - 1)) * penalty;
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
