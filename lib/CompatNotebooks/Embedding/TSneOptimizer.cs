using System.Runtime.CompilerServices;

namespace CompatNotebooks.Embedding;

/// <summary>
/// scikit-learn's <c>_gradient_descent</c> and two-phase schedule: phase 1 with exaggerated P and momentum 0.5
/// (iterations 0 … E−1), phase 2 with the true P and momentum 0.8 up to the total; update and gains restart at
/// zero and one at the phase change, as in scikit-learn where each phase is a fresh call.
/// </summary>
internal sealed class TSneOptimizer(TSneObjective objective, TSneOptions options, double learningRate,
    IProgress<TSneProgress>? progress, CancellationToken cancellation)
{
    /// <summary>Runs the schedule on <paramref name="y"/> in place; returns (final KL, iterations run).</summary>
    public (double Kl, int Iterations) Run(double[] y)
    {
        int total = options.Iterations;
        int exaggerated = Math.Min(options.ExaggerationIterations, total);
        double kl = double.NaN;
        int last = -1;
        if (exaggerated > 0)
            (kl, last) = Phase(y, 0, exaggerated, options.InitialMomentum, options.EarlyExaggeration, exaggerated);
        if (last + 1 < total)
            (kl, last) = Phase(y, last + 1, total, options.FinalMomentum, 1, options.IterationsWithoutProgress);
        return (kl, last + 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (double Kl, int Last) Phase(double[] y, int first, int end, double momentum, double exaggeration, int withoutProgress)
    {
        int n2 = y.Length;
        var gradient = new double[n2];
        var update = new double[n2];
        var gains = new double[n2];
        Array.Fill(gains, 1.0);
        double kl = double.NaN, best = double.MaxValue;
        int bestIteration = first, i = first;
        for (; i < end; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            bool check = (i + 1) % options.CheckInterval == 0;
            kl = objective.Gradient(y, exaggeration, gradient, check || i == end - 1);
            double norm2 = 0;
            for (int c = 0; c < n2; c++)
            {
                double g = gradient[c], u = update[c], gain = gains[c];
                gain = u * g < 0 ? gain + 0.2 : gain * 0.8;
                if (gain < options.MinGain) gain = options.MinGain;
                gains[c] = gain;
                g *= gain;
                norm2 += g * g;
                u = momentum * u - learningRate * g;
                update[c] = u;
                y[c] += u;
            }
            if (!double.IsFinite(norm2))
                throw new ArithmeticException($"t-SNE diverged at iteration {i + 1} (non-finite gradient); try a smaller learning rate.");
            if (check || i == end - 1)
                progress?.Report(new TSneProgress(i + 1, options.Iterations, kl, Math.Sqrt(norm2), exaggeration != 1) { Completed = i + 1, Total = options.Iterations });
            if (check)
            {
                if (kl < best) { best = kl; bestIteration = i; }
                else if (i - bestIteration > withoutProgress) break;
                if (Math.Sqrt(norm2) <= options.MinGradientNorm) break;
            }
        }
        return (kl, Math.Min(i, end - 1));
    }
}
