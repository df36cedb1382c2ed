using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace CompatNotebooks.Benchmarks.Training;

/// <summary>Probe: how fast one or more threads can stream random 16 KB feature rows (the trainer's memory ceiling).</summary>
internal static unsafe class BandwidthProbe
{
    public static int Run(string[] args)
    {
        int rows = int.Parse(args[0]);
        int threads = args.Length > 1 ? int.Parse(args[1]) : 1;
        const int d = 4096;
        var values = GC.AllocateUninitializedArray<float>(rows * d, pinned: true);
        new Random(1).NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        int reads = 400_000;
        var order = new int[reads];
        var random = new Random(2);
        for (int i = 0; i < reads; i++) order[i] = random.Next(rows);
        fixed (float* basePtr = values)
        {
            float* b = basePtr;
            for (int rep = 0; rep < 3; rep++)
            {
                var clock = Stopwatch.StartNew();
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
                {
                    var acc = Vector512<float>.Zero;
                    for (int i = t; i < reads; i += threads)
                    {
                        float* x = b + (long)order[i] * d;
                        for (int j = 0; j < d; j += 16) acc += Vector512.Load(x + j);
                    }
                    if (acc[0] == 12345) Console.Write("");
                });
                double seconds = clock.Elapsed.TotalSeconds;
                Console.WriteLine($"threads {threads}: {reads * 16384.0 / seconds / 1e9:F1} GB/s = {reads / 2 / seconds:N0} pairs/s if each pair reads two rows");
            }
        }
        return 0;
    }
}
