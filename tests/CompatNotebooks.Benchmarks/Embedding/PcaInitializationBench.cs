using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CompatNotebooks.Embedding;

namespace CompatNotebooks.Benchmarks.Embedding;

/// <summary>
/// PCA initialisation bench mode: <c>dotnet run -c Release --project tests/CompatNotebooks.Benchmarks -- tsne-pca IN.csv
/// [--repeat R] [--threads T]</c>. Times the library's PCA initialisation (MathNet.Numerics eigen-decomposition) and the
/// hand-written Jacobi version it replaced (<see cref="JacobiPcaInitialization"/>), alternating, on the same rows, and
/// prints one JSON line with the medians and the largest coordinate difference between the two.
/// </summary>
public static class PcaInitializationBench
{
    public static int Run(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: tsne-pca IN.csv [--repeat R] [--threads T]");
            return 2;
        }
        int repeat = 5, threads = Environment.ProcessorCount;
        for (int a = 1; a < args.Length; a++)
        {
            switch (args[a])
            {
                case "--repeat": repeat = int.Parse(args[++a], CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(args[++a], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[a]}"); return 2;
            }
        }
        var (data, n, dim) = CsvRows.Read(args[0]);
        var library = new PcaInitialization();
        double[] ours = [], jacobi = [];
        var libraryMs = new List<double>();
        var jacobiMs = new List<double>();
        for (int r = 0; r < repeat; r++)
        {
            var clock = Stopwatch.StartNew();
            ours = library.Compute(data, n, dim, threads);
            libraryMs.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            jacobi = JacobiPcaInitialization.Compute(data, n, dim, threads);
            jacobiMs.Add(clock.Elapsed.TotalMilliseconds);
        }
        double maxDifference = 0, maxValue = 0;
        for (int c = 0; c < ours.Length; c++)
        {
            maxDifference = Math.Max(maxDifference, Math.Abs(ours[c] - jacobi[c]));
            maxValue = Math.Max(maxValue, Math.Abs(jacobi[c]));
        }
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            n,
            dim,
            threads,
            repeat,
            mathnet_ms_median = Math.Round(Median(libraryMs), 2),
            jacobi_ms_median = Math.Round(Median(jacobiMs), 2),
            mathnet_ms = libraryMs.Select(m => Math.Round(m, 2)),
            jacobi_ms = jacobiMs.Select(m => Math.Round(m, 2)),
            max_abs_difference = maxDifference,
            max_abs_coordinate = maxValue,
        }));
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
    }
}
