using BenchmarkDotNet.Running;

// Runs the BenchmarkDotNet suites in this assembly: dotnet run -c Release --project tests/CompatNotebooks.Benchmarks -- --filter '*'
// Full-size data-layer comparison with Python: ... -- data [--items 80000] [--meta-lines 84000] [--runs 3]
if (args.Length > 0 && args[0] == "data") return CompatNotebooks.Benchmarks.Data.DataBench.Run(args[1..]);
if (args.Length > 0 && args[0] == "data-measure") return CompatNotebooks.Benchmarks.Data.DataBench.Measure(args[1..]);
if (args.Length > 1 && args[0] == "data-profile") return CompatNotebooks.Benchmarks.Data.DataBench.Profile(args[1]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
