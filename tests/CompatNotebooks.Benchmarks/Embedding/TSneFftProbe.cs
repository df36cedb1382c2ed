using System.Diagnostics;
using CompatNotebooks.Embedding;
using TorchSharp;
using static TorchSharp.torch;

namespace CompatNotebooks.Benchmarks.Embedding;

/// <summary>
/// <c>-- tsne-fft [--threads T] [--repeat R]</c>: one repulsion step of our interpolation (<see cref="InterpolatedRepulsion"/>:
/// spreading, three real convolutions by our FFT, interpolation back) on 10,000 points spread like the final
/// 10k embedding, against just the three real convolutions done by LibTorch's <c>torch.fft.rfft2/irfft2</c>
/// (float32 and float64) on the same padded grid — the question being whether handing the FFT to LibTorch would pay.
/// </summary>
public static class TSneFftProbe
{
    public static int Run(string[] args)
    {
        int threads = 2, repeat = 50;
        for (int a = 0; a < args.Length; a++)
        {
            if (args[a] == "--threads") threads = int.Parse(args[++a]);
            else if (args[a] == "--repeat") repeat = int.Parse(args[++a]);
        }
        // 10,000 points in 12 blobs over about 180 × 160 units (the final extent of the 10k benchmark embedding).
        var rng = new Random(1);
        const int n = 10_000;
        var y = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            int blob = i % 12;
            y[2 * i] = 180 * ((blob % 4) / 3.0 - 0.5) + 12 * (rng.NextDouble() - 0.5);
            y[2 * i + 1] = 160 * ((blob / 4) / 2.0 - 0.5) + 12 * (rng.NextDouble() - 0.5);
        }
        var repulsion = new InterpolatedRepulsion(threads);
        var forces = new double[2 * n];
        for (int r = 0; r < 5; r++) repulsion.Compute(y, forces);
        var clock = Stopwatch.StartNew();
        for (int r = 0; r < repeat; r++) repulsion.Compute(y, forces);
        double ours = clock.Elapsed.TotalMilliseconds / repeat;
        var (nx, ny) = repulsion.LastGrid;
        Console.WriteLine($"grid {nx}×{ny} nodes, padded {2 * nx}×{2 * ny}");
        Console.WriteLine($"ours, whole repulsion step (spread + 3 real convolutions + gather), {threads} threads: {ours:F2} ms");

        CompatNotebooks.Interop.TorchNative.EnsureLoaded();
        torch.set_num_threads(threads);
        foreach (var type in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            long h = 2 * ny, w = 2 * nx;
            using var charges = torch.randn(3, h, w, dtype: type);
            using var kernelHat = torch.fft.rfft2(torch.randn(h, w, dtype: type));
            for (int r = 0; r < 5; r++) { using var scope = NewDisposeScope(); torch.fft.irfft2(torch.fft.rfft2(charges) * kernelHat, s: [h, w]); }
            clock.Restart();
            for (int r = 0; r < repeat; r++) { using var scope = NewDisposeScope(); torch.fft.irfft2(torch.fft.rfft2(charges) * kernelHat, s: [h, w]); }
            Console.WriteLine($"LibTorch rfft2/irfft2, 3 real convolutions only, {type}, {threads} threads: {clock.Elapsed.TotalMilliseconds / repeat:F2} ms");
        }
        return 0;
    }
}
