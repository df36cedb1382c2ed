using BenchmarkDotNet.Running;

// Runs the BenchmarkDotNet suites in this assembly: dotnet run -c Release --project tests/CompatNotebooks.Benchmarks -- --filter '*'
// Bench modes (one timed run beside a Python reference): `-- tsne IN.csv OUT.csv` (see Embedding/TSneBench.cs).
if (args is ["tsne", ..]) return CompatNotebooks.Benchmarks.Embedding.TSneBench.Run(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
