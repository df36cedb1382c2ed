using System.Diagnostics;
using CompatNotebooks.Data;
using CompatNotebooks.Models;
using CompatNotebooks.Sampling;
using CompatNotebooks.Training;

namespace CompatNotebooks.Benchmarks.Training;

/// <summary>Probe: fused pairs per CPU-second on in-memory random features of a chosen size (cache-resident or not).</summary>
internal static class KernelProbe
{
    public static int Run(string[] args)
    {
        int rows = int.Parse(args[0]);
        int threads = args.Length > 1 ? int.Parse(args[1]) : 1;
        int pairCount = args.Length > 2 ? int.Parse(args[2]) : 200_000;
        var kernels = args.Length > 3 ? Enum.Parse<FeatureKernels>(args[3], true) : FeatureKernels.Auto;
        const int d = 4096;
        var random = new Random(1);
        var values = new float[(long)rows * d];
        for (long i = 0; i < values.Length; i++) values[i] = random.NextDouble() < 0.81 ? 0 : (float)random.NextDouble();
        var features = new DenseFeatureRows(values, d);
        var pairs = new CompatPair[pairCount];
        for (int i = 0; i < pairs.Length; i++) pairs[i] = new CompatPair(random.Next(rows), random.Next(rows), random.Next(2) == 0);
        foreach (var kind in new[] { CompatibilityKind.Euclidean, CompatibilityKind.InnerProduct })
        {
            var p = CompatibilityParameters.Initial(kind, d, 5, seed: 1);
            using var trainer = new FusedTrainer(p, features, new FusedTrainerOptions { Threads = threads, Kernels = kernels });
            trainer.Train(pairs.AsSpan(0, 20000).ToArray(), 1); // warm up (JIT tiers)
            for (int rep = 0; rep < 2; rep++)
            {
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var r = trainer.Train(pairs, 1);
                var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
                Console.WriteLine($"{kind} {trainer.Kernels} rows {rows} threads {threads}: {r.PairsSeen / cpu:N0} pairs per CPU-second, wall {r.PairsPerSecond:N0} pairs/s");
            }
        }
        return 0;
    }
}
