using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace CompatNotebooks.Randomness;

/// <summary>
/// A small, fast, seeded pseudo-random generator (xoshiro256** seeded through SplitMix64) whose output is fixed
/// by this code, so a seed gives the same sample data, pairs and splits on every .NET version and machine
/// (<see cref="System.Random"/> does not promise a stable algorithm across versions).
/// </summary>
/// <remarks>
/// A mutable struct: pass it by <c>ref</c>. Independent streams for parallel work come from
/// <see cref="ForStream(ulong, ulong, ulong)"/>, so results do not depend on the thread count.
/// </remarks>
public struct SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Seeds the generator; every seed (including 0 and negative ones) gives a valid, distinct stream.</summary>
    /// <remarks>Seeds are <c>int</c> everywhere in the library; the stream is that of the 64-bit seed
    /// <c>(ulong)seed</c> (sign-extended), so a non-negative seed gives the same numbers as before.</remarks>
    public SeededRandom(int seed) : this(unchecked((ulong)seed))
    {
    }

    /// <summary>Seeds the generator from 64 bits (sub-streams, hashes of keys).</summary>
    internal SeededRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>A generator for sub-stream (<paramref name="a"/>, <paramref name="b"/>) of <paramref name="seed"/>,
    /// e.g. (category, item index): statistically independent of other sub-streams.</summary>
    internal static SeededRandom ForStream(ulong seed, ulong a, ulong b = 0) =>
        new(Mix(Mix(seed ^ 0x6A09E667F3BCC909UL) ^ Mix(a + 0xBB67AE8584CAA73BUL) ^ Mix(Mix(b) + 0x3C6EF372FE94F82BUL)));

    /// <summary>The SplitMix64 finaliser: a bijective 64-bit hash, good for turning keys into seeds.</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        ulong z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform integer in [0, <paramref name="n"/>) without modulo bias (Lemire's method).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "The range must be positive.");
        ulong m = (ulong)(uint)(NextUInt64() >> 32) * (uint)n;
        uint low = (uint)m;
        if (low < (uint)n)
        {
            uint threshold = (uint)-n % (uint)n;
            while (low < threshold)
            {
                m = (ulong)(uint)(NextUInt64() >> 32) * (uint)n;
                low = (uint)m;
            }
        }
        return (int)(m >> 32);
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal draw (Box–Muller; no cached second value, so the stream stays simple to reason about).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: log is finite
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher–Yates).</summary>
    /// <remarks>On large spans each swap's random position is drawn a few swaps ahead and its cache line requested
    /// then, so the swaps do not wait on memory one after another; the draws, their order and so the permutation
    /// are the same as without.</remarks>
    public unsafe void Shuffle<T>(Span<T> items)
    {
        const int ahead = 16; // a power of two
        if (items.Length < PrefetchedShuffleLength || !Sse.IsSupported)
        {
            for (int i = items.Length - 1; i > 0; i--)
            {
                int j = NextInt(i + 1);
                (items[i], items[j]) = (items[j], items[i]);
            }
            return;
        }
        ref T first = ref MemoryMarshal.GetReference(items);
        Span<int> drawn = stackalloc int[ahead];
        int n = items.Length;
        for (int k = 0; k < ahead; k++)
        {
            drawn[k] = NextInt(n - k); // the draw of i = n - 1 - k
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref first, drawn[k])));
        }
        for (int i = n - 1, k = 0; i > 0; i--, k++)
        {
            int slot = k & (ahead - 1);
            int j = drawn[slot];
            if (i - ahead > 0)
            {
                drawn[slot] = NextInt(i - ahead + 1); // a hint only: a stale address after a GC move is harmless
                Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref first, drawn[slot])));
            }
            (Unsafe.Add(ref first, i), Unsafe.Add(ref first, j)) = (Unsafe.Add(ref first, j), Unsafe.Add(ref first, i));
        }
    }

    /// <summary>From this length on, <see cref="Shuffle{T}"/> requests its swaps' cache lines ahead (shorter spans stay in cache).</summary>
    internal const int PrefetchedShuffleLength = 1 << 16;
}
