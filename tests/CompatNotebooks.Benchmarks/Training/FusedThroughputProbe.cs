using System.Diagnostics;
using CompatNotebooks.Evaluation;
using CompatNotebooks.Models;
using CompatNotebooks.Sampling;
using CompatNotebooks.Training;

namespace CompatNotebooks.Benchmarks.Training;

/// <summary>Quick probe: fused-trainer pairs/s on a data directory (used while tuning kernels).</summary>
internal static class FusedThroughputProbe
{
    public static int Run(string[] args)
    {
        string dir = args[0];
        int threads = args.Length > 1 ? int.Parse(args[1]) : 2;
        int pairsLimit = args.Length > 2 ? int.Parse(args[2]) : int.MaxValue;
        using var data = TrainingBenchData.Load(dir, "Musical_Instruments", NegativeSampling.SameSubcategory, 0.1, 1);
        Console.WriteLine($"load {data.LoadTime.TotalSeconds:F1}s items {data.Features.Count} train {data.Train.Count} test {data.Test.Count} zeros {data.ZeroFraction():P1} inplace-type {data.Features.GetType().Name}");
        var train = data.Train.Pairs.Take(pairsLimit).ToArray();
        foreach (var kind in new[] { CompatibilityKind.Euclidean, CompatibilityKind.InnerProduct })
        {
            var p = CompatibilityParameters.Initial(kind, data.Features.Dimension, 5, seed: 1);
            using var trainer = new FusedTrainer(p, data.Features, new FusedTrainerOptions { Threads = threads, LearningRate = 1e-3 });
            for (int e = 0; e < (args.Length > 3 ? int.Parse(args[3]) : 2); e++)
            {
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var r = trainer.Train(train, 1);
                var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
                Console.WriteLine($"   cpu {cpu:F2}s → {r.PairsSeen / cpu:N0} pairs per CPU-second; wall {r.Elapsed.TotalSeconds:F2}s");
                var clock = Stopwatch.StartNew();
                var ev = Metrics.Evaluate(p, data.Features, data.Test.Pairs, threads);
                Console.WriteLine($"{kind} epoch {e + 1}: {r.PairsPerSecond:N0} pairs/s  loss {r.FinalLoss:F4}  test auc {ev.Auc:F4} acc {ev.Accuracy:F4}  (eval {clock.Elapsed.TotalSeconds:F2}s)");
            }
        }
        return 0;
    }
}
