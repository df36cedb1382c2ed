using System.Diagnostics;
using CompatNotebooks.Catalog;
using CompatNotebooks.Embedding;
using CompatNotebooks.Evaluation;
using CompatNotebooks.Inference;
using CompatNotebooks.Models;
using CompatNotebooks.Sampling;
using CompatNotebooks.Training;

namespace CompatNotebooks.Benchmarks.LargeCategories;

/// <summary>
/// <c>-- store-accuracy DIR CATEGORY [EPOCHS] [TSNE_ITERATIONS]</c>: the same pipeline twice — on the mapped float32
/// <c>.b</c> file and on the compact store — with the notebooks' settings (Euclidean, K 5, random negatives, test
/// fraction 0.2, seed 1): held-out AUC after training, then style vectors of every item and t-SNE (seed 1) with its
/// exact KL. Prints both and the differences (the store's targets: |ΔAUC| ≤ 0.003, |ΔKL| ≤ 1 %).
/// </summary>
public static class StoreAccuracy
{
    /// <summary>Runs the comparison; 0 when both targets hold.</summary>
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: store-accuracy DIR CATEGORY [EPOCHS=5] [TSNE_ITERATIONS=500]");
            return 2;
        }
        int epochs = args.Length > 2 ? int.Parse(args[2]) : 5;
        int iterations = args.Length > 3 ? int.Parse(args[3]) : 500;
        var mapped = Measure(args[0], args[1], useStore: false, epochs, iterations);
        var store = Measure(args[0], args[1], useStore: true, epochs, iterations);
        double deltaAuc = store.Auc - mapped.Auc, relativeKl = (store.Kl - mapped.Kl) / mapped.Kl;
        Console.WriteLine($"ΔAUC (store − float32) {deltaAuc:+0.00000;-0.00000}; ΔKL {relativeKl:+0.000%;-0.000%}");
        return Math.Abs(deltaAuc) <= 0.003 && Math.Abs(relativeKl) <= 0.01 ? 0 : 1;
    }

    private static (double Auc, double Kl) Measure(string dir, string category, bool useStore, int epochs, int iterations)
    {
        string name = useStore ? "store" : "float32";
        var clock = Stopwatch.StartNew();
        using var catalog = ProductCatalog.Load(dir, category, new CatalogOptions { UseFeatureStore = useStore });
        var (train, test) = PairSampler.Sample(catalog, new PairSamplingOptions { Seed = 1 }).Split(0.2, 1);
        double load = clock.Elapsed.TotalSeconds;
        var parameters = CompatibilityParameters.Initial(CompatibilityKind.Euclidean, catalog.Features.Dimension, 5, 1);
        using var trainer = new FusedTrainer(parameters, catalog.Features, new FusedTrainerOptions());
        var training = trainer.Train(train.Pairs, epochs);
        var evaluation = Metrics.Evaluate(trainer, test.Pairs);
        var styles = StyleVectors.Project(trainer.Parameters, catalog.Features);
        clock.Restart();
        var embedding = TSne.Embed(styles, new TSneOptions { Iterations = iterations, Seed = 1 });
        double kl = TSne.ExactKullbackLeibler(embedding.Affinities, embedding.Coordinates);
        Console.WriteLine($"{name,-8} items {catalog.Count:N0}, load {load:F1} s, train {training.Elapsed.TotalSeconds:F1} s " +
                          $"({training.PairsPerSecond:N0} pairs/s, {epochs} epochs), held-out AUC {evaluation.Auc:F5}, " +
                          $"t-SNE {clock.Elapsed.TotalSeconds:F1} s, exact KL {kl:F5}");
        return (evaluation.Auc, kl);
    }
}
