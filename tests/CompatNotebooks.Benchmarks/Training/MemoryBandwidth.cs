using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Json.Nodes;

namespace CompatNotebooks.Benchmarks.Training;

/// <summary>
/// The machine's memory bandwidth, measured the two ways the training figures need: a STREAM-style triad
/// (a[i] = b[i] + s·c[i] over arrays far larger than the caches, 24 bytes counted per element as STREAM counts them) and
/// the fused trainer's own access pattern, whole 16 KB feature rows read in random order. From the row reads it derives
/// the bound the README compares the trainer with: a pair reads two rows, so bound = bandwidth / 32,768 B pairs/s.
/// </summary>
/// <remarks>
/// <c>dotnet tests/CompatNotebooks.Benchmarks/bin/Release/net10.0/CompatNotebooks.Benchmarks.dll bandwidth
/// [--megabytes 1024] [--repeats 5] [--threads 2]</c>. Each figure is the best of the repeats (STREAM's convention: the
/// best run is the one least disturbed by other work). Prints a table, then one JSON line.
/// </remarks>
internal static unsafe class MemoryBandwidth
{
    private const int RowFloats = 4096;
    private const int RowBytes = RowFloats * sizeof(float);

    public static int Run(string[] args)
    {
        int megabytes = 1024, repeats = 5, maxThreads = Environment.ProcessorCount;
        for (int i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length) return Usage($"{args[i]} needs a value");
            int value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--megabytes": megabytes = value; break;
                case "--repeats": repeats = value; break;
                case "--threads": maxThreads = value; break;
                default: return Usage($"unknown option {args[i]}");
            }
        }
        if (megabytes < 64 || repeats < 1 || maxThreads < 1) return Usage("--megabytes ≥ 64, --repeats ≥ 1, --threads ≥ 1");

        var report = new JsonObject { ["megabytes"] = megabytes, ["repeats"] = repeats };
        var triad = new JsonObject();
        var rowReads = new JsonObject();
        // Three triad arrays share the budget; the row table gets all of it.
        long elements = (long)megabytes * 1024 * 1024 / 3 / sizeof(double);
        int rows = (int)((long)megabytes * 1024 * 1024 / RowBytes);
        for (int threads = 1; threads <= maxThreads; threads++)
        {
            triad[threads.ToString(CultureInfo.InvariantCulture)] = Triad(elements, threads, repeats);
            rowReads[threads.ToString(CultureInfo.InvariantCulture)] = RandomRows(rows, threads, repeats);
            Console.WriteLine($"threads {threads}: triad {triad[threads.ToString(CultureInfo.InvariantCulture)]:F1} GB/s, " +
                              $"random 16 KB rows {rowReads[threads.ToString(CultureInfo.InvariantCulture)]:F1} GB/s");
        }
        double best = (double)rowReads[maxThreads.ToString(CultureInfo.InvariantCulture)]!;
        report["triad_gb_per_s"] = triad;
        report["row_read_gb_per_s"] = rowReads;
        report["bound_threads"] = maxThreads;
        report["bound_pairs_per_second"] = Math.Round(best * 1e9 / (2.0 * RowBytes));
        Console.WriteLine($"bound: {best:F1} GB/s / (2 × 16 KB per pair) = {(double)report["bound_pairs_per_second"]!:N0} pairs/s");
        Console.WriteLine(report.ToJsonString());
        return 0;
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"bandwidth: {problem}\nusage: bandwidth [--megabytes 1024] [--repeats 5] [--threads N]");
        return 2;
    }

    private static double Triad(long elements, int threads, int repeats)
    {
        double* a = (double*)NativeMemory.AlignedAlloc((nuint)(elements * sizeof(double)), 64);
        double* b = (double*)NativeMemory.AlignedAlloc((nuint)(elements * sizeof(double)), 64);
        double* c = (double*)NativeMemory.AlignedAlloc((nuint)(elements * sizeof(double)), 64);
        try
        {
            // Touch every page first (from the threads that will use it), so page faults are not timed.
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                var (start, end) = Slice(elements, threads, t);
                for (long i = start; i < end; i++) { a[i] = 0; b[i] = 1; c[i] = 2; }
            });
            double best = 0;
            for (int r = 0; r < repeats; r++)
            {
                var clock = Stopwatch.StartNew();
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
                {
                    var (start, end) = Slice(elements, threads, t);
                    TriadSlice(a, b, c, 3.0, start, end);
                });
                best = Math.Max(best, 3.0 * sizeof(double) * elements / clock.Elapsed.TotalSeconds / 1e9);
            }
            if (a[elements / 2] != 7.0) throw new InvalidOperationException($"triad check failed: {a[elements / 2]} instead of 7");
            return Math.Round(best, 2);
        }
        finally
        {
            NativeMemory.AlignedFree(a);
            NativeMemory.AlignedFree(b);
            NativeMemory.AlignedFree(c);
        }
    }

    private static (long Start, long End) Slice(long count, int parts, int part)
    {
        // Slices start on a multiple of 8 doubles (one cache line), so the vector loop below needs no peeling.
        long size = (count / parts + 7) / 8 * 8;
        return (Math.Min(count, part * size), part == parts - 1 ? count : Math.Min(count, (part + 1) * size));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TriadSlice(double* a, double* b, double* c, double scalar, long start, long end)
    {
        var s = Vector256.Create(scalar);
        long i = start;
        for (; i + 4 <= end; i += 4)
            Vector256.Store(Vector256.Load(b + i) + s * Vector256.Load(c + i), a + i);
        for (; i < end; i++) a[i] = b[i] + scalar * c[i];
    }

    private static double RandomRows(int rows, int threads, int repeats)
    {
        float* table = (float*)NativeMemory.AlignedAlloc((nuint)((long)rows * RowBytes), 64);
        try
        {
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                for (long i = t; i < (long)rows * RowFloats; i += threads) table[i] = (i % 7) * 0.25f;
            });
            // The threads share at least as many row reads as the table holds (so the set never fits in cache), in a fixed random order.
            int reads = Math.Max(rows, 50_000);
            var order = new int[reads];
            var random = new Random(2);
            for (int i = 0; i < reads; i++) order[i] = random.Next(rows);
            double best = 0, checksum = 0;
            var sums = new double[threads];
            for (int r = 0; r < repeats; r++)
            {
                var clock = Stopwatch.StartNew();
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
                {
                    sums[t] = SumRows(table, order, t, threads);
                });
                best = Math.Max(best, (double)reads * RowBytes / clock.Elapsed.TotalSeconds / 1e9);
                checksum += sums.Sum();
            }
            // The sum is used, so the JIT cannot drop the reads; every value is ≥ 0 and most are > 0.
            if (!(checksum > 0)) throw new InvalidOperationException("row-read checksum is not positive");
            return Math.Round(best, 2);
        }
        finally
        {
            NativeMemory.AlignedFree(table);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double SumRows(float* table, int[] order, int thread, int threads)
    {
        // Four accumulators, so the adds' latency does not limit the loads.
        Vector256<float> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
        for (int i = thread; i < order.Length; i += threads)
        {
            float* x = table + (long)order[i] * RowFloats;
            for (int j = 0; j < RowFloats; j += 32)
            {
                acc0 += Vector256.Load(x + j);
                acc1 += Vector256.Load(x + j + 8);
                acc2 += Vector256.Load(x + j + 16);
                acc3 += Vector256.Load(x + j + 24);
            }
        }
        return Vector256.Sum(acc0 + acc1 + acc2 + acc3);
    }
}
