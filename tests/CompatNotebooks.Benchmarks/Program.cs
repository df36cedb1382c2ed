using BenchmarkDotNet.Running;
using CompatNotebooks.Benchmarks.Training;

// Runs the BenchmarkDotNet suites in this assembly: dotnet run -c Release --project tests/CompatNotebooks.Benchmarks -- --filter '*'
// Bench modes (one timed run beside a Python reference): `-- tsne IN.csv OUT.csv` (see Embedding/TSneBench.cs).
if (args is ["load-phases", ..]) return CompatNotebooks.Benchmarks.LargeCategories.LoadPhases.Run(args[1..]);
if (args is ["store-accuracy", ..]) return CompatNotebooks.Benchmarks.LargeCategories.StoreAccuracy.Run(args[1..]);
if (args is ["tsne", ..]) return CompatNotebooks.Benchmarks.Embedding.TSneBench.Run(args[1..]);
if (args is ["tsne-pca", ..]) return CompatNotebooks.Benchmarks.Embedding.PcaInitializationBench.Run(args[1..]);
if (args is ["tsne-large", ..]) return CompatNotebooks.Benchmarks.LargeCategories.TSneLarge.Run(args[1..]);
if (args is ["tsne-fft", ..]) return CompatNotebooks.Benchmarks.Embedding.TSneFftProbe.Run(args[1..]);
// Training comparison (fused vs PyTorch vs the book's loop): ... -- training --data DIR (see TrainingComparison).
if (args.Length > 0 && args[0] == "training")
    return TrainingComparison.Run(args[1..]);
if (args.Length > 0 && args[0] == "training-probe")
    return FusedThroughputProbe.Run(args[1..]);
if (args.Length > 0 && args[0] == "kernel-probe")
    return KernelProbe.Run(args[1..]);
// The machine's memory bandwidth (STREAM-style triad and random 16 KB row reads) and the trainer's bound derived from it.
if (args.Length > 0 && args[0] == "bandwidth")
    return MemoryBandwidth.Run(args[1..]);
if (args.Length > 0 && args[0] == "bandwidth-probe")
    return BandwidthProbe.Run(args[1..]);
// Full-size data-layer comparison with Python: ... -- data [--items 80000] [--meta-lines 84000] [--runs 3]
if (args.Length > 0 && args[0] == "data") return CompatNotebooks.Benchmarks.Data.DataBench.Run(args[1..]);
if (args.Length > 0 && args[0] == "data-measure") return CompatNotebooks.Benchmarks.Data.DataBench.Measure(args[1..]);
if (args.Length > 1 && args[0] == "data-profile") return CompatNotebooks.Benchmarks.Data.DataBench.Profile(args[1]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
