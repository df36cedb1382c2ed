using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CompatNotebooks.Data;

/// <summary>The 64-bit checksum of the feature store: the xxHash64 round over four lanes of 8-byte words (fast enough
/// that checking a whole source file during conversion costs little next to reading it), seeded so different
/// sections of the store never share a value by accident. Not cryptographic: it detects accidents, not tampering.</summary>
internal static class StoreHash
{
    private const ulong Prime1 = 11400714785074694791UL;
    private const ulong Prime2 = 14029467366897019727UL;
    private const ulong Prime3 = 1609587929392839161UL;
    private const ulong Prime4 = 9650029242287828579UL;
    private const ulong Prime5 = 2870177450012600261UL;

    /// <summary>The checksum of <paramref name="bytes"/> with <paramref name="seed"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Of(ReadOnlySpan<byte> bytes, ulong seed = 0)
    {
        ulong v1 = seed + Prime1 + Prime2, v2 = seed + Prime2, v3 = seed, v4 = seed - Prime1;
        int i = 0;
        // Unaligned little-endian loads without per-load bounds checks (the loop bound keeps them inside the span).
        ref byte start = ref MemoryMarshal.GetReference(bytes);
        for (; i <= bytes.Length - 32; i += 32)
        {
            v1 = Round(v1, Word(ref start, i));
            v2 = Round(v2, Word(ref start, i + 8));
            v3 = Round(v3, Word(ref start, i + 16));
            v4 = Round(v4, Word(ref start, i + 24));
        }
        ulong h = BitOperations.RotateLeft(v1, 1) + BitOperations.RotateLeft(v2, 7) +
                  BitOperations.RotateLeft(v3, 12) + BitOperations.RotateLeft(v4, 18) + (ulong)bytes.Length;
        for (; i <= bytes.Length - 8; i += 8)
            h = BitOperations.RotateLeft(h ^ Round(0, BinaryPrimitives.ReadUInt64LittleEndian(bytes[i..])), 27) * Prime1 + Prime4;
        for (; i < bytes.Length; i++)
            h = BitOperations.RotateLeft(h ^ (bytes[i] * Prime5), 11) * Prime1;
        return Avalanche(h);
    }

    /// <summary>Folds <paramref name="part"/> into a running checksum <paramref name="state"/> (order matters).</summary>
    public static ulong Combine(ulong state, ulong part) => Avalanche(BitOperations.RotateLeft(state, 27) * Prime1 ^ Round(Prime3, part));

    private static ulong Word(ref byte start, int offset)
    {
        ulong word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset));
        return BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word);
    }

    private static ulong Round(ulong acc, ulong input) => BitOperations.RotateLeft(acc + input * Prime2, 31) * Prime1;

    /// <summary>Mixes the bits of <paramref name="h"/> (xxHash64's final avalanche): a hash of a 64-bit key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Avalanche(ulong h)
    {
        h ^= h >> 33;
        h *= Prime2;
        h ^= h >> 29;
        h *= Prime3;
        h ^= h >> 32;
        return h;
    }
}
