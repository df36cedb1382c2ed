using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CompatNotebooks.Data;

/// <summary>
/// How one feature row is stored, chosen per row by size; the kind follows from the row's byte length (every length
/// a multiple of 4, so rows stay 4-byte aligned), so no tag is stored:
/// <list type="bullet">
/// <item><b>sparse</b> (length &lt; <c>2·Dimension</c>): the <c>n</c> non-zero positions as uint16 (padded to 4 bytes),
/// then their values as float32, unchanged — the layout the sparse trainer reads, so it uses these rows in place.
/// Chosen while 6 bytes per non-zero stay below 2 bytes per value, i.e. below about a third non-zero
/// (the generated features have 19 %);</item>
/// <item><b>dense float16</b> (length <c>2·Dimension</c> rounded up to 4): every value as float16 — for denser rows, so a
/// real file denser than the generated one still shrinks by half (11 significant bits: relative error ≤ 2⁻¹¹);</item>
/// <item><b>dense float32</b> (length <c>4·Dimension</c>): the raw values — when a value lies beyond float16's range
/// (|v| &gt; 65504), so nothing is ever stored as infinity.</item>
/// </list>
/// </summary>
internal static class FeatureStoreRowCodec
{
    private const float HalfMax = 65504f;

    /// <summary>Bytes an encoded row may take at most.</summary>
    public static int MaxBytes(int dimension) => 4 * dimension;

    /// <summary>Bytes of a sparse row of <paramref name="n"/> non-zeros.</summary>
    public static int SparseBytes(int n) => IndexBytes(n) + 4 * n;

    /// <summary>Bytes of a dense float16 row.</summary>
    public static int HalfBytes(int dimension) => (2 * dimension + 3) & ~3;

    /// <summary>Whether an encoded row of <paramref name="encodedLength"/> bytes is sparse.</summary>
    public static bool IsSparse(int encodedLength, int dimension) => encodedLength < 2 * dimension;

    /// <summary>Non-zeros of a sparse row of <paramref name="encodedLength"/> bytes (6·n or 6·n + 2).</summary>
    public static int SparseCount(int encodedLength) => encodedLength / 6;

    private static int IndexBytes(int n) => (2 * n + 3) & ~3;

    /// <summary>The most non-zeros a sparse row may have (its length must stay below 2·Dimension).</summary>
    public static int MaxSparse(int dimension)
    {
        int n = Math.Max(0, (2 * dimension - 1) / 6);
        while (n > 0 && SparseBytes(n) >= 2 * dimension) n--;
        return n;
    }

    /// <summary>Encodes <paramref name="values"/> (finite) into <paramref name="destination"/>
    /// (<see cref="MaxBytes"/> long); <paramref name="gathered"/> (Dimension floats) is the caller's scratch.
    /// Returns the byte length and the number of non-zero values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Encode(ReadOnlySpan<float> values, Span<byte> destination, Span<float> gathered, out int nonZeros)
    {
        int d = values.Length, limit = MaxSparse(d);
        var indices = MemoryMarshal.Cast<byte, ushort>(destination[..(2 * d)]);
        int n = 0, i = 0;
        ref float first = ref MemoryMarshal.GetReference(values);
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= d - Vector256<float>.Count && n <= limit; i += Vector256<float>.Count)
            {
                var v = Vector256.LoadUnsafe(ref first, (nuint)i);
                uint mask = (~Vector256.Equals(v, Vector256<float>.Zero)).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    int b = BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    if (n < d) { indices[n] = (ushort)(i + b); gathered[n] = values[i + b]; }
                    n++;
                }
            }
        }
        for (; i < d && n <= limit; i++)
        {
            if (values[i] == 0) continue;
            indices[n] = (ushort)i;
            gathered[n++] = values[i];
        }
        if (n <= limit)
        {
            nonZeros = n;
            int at = IndexBytes(n);
            if (at > 2 * n) destination.Slice(2 * n, at - 2 * n).Clear();
            MemoryMarshal.AsBytes(gathered[..n]).CopyTo(destination[at..]);
            return at + 4 * n;
        }
        nonZeros = d - CountZeros(values);
        bool halfFits = HalfBytes(d) != 4 * d && TensorPrimitives.MaxMagnitude(values) is var largest && Math.Abs(largest) <= HalfMax;
        if (!halfFits)
        {
            MemoryMarshal.AsBytes(values).CopyTo(destination);
            return 4 * d;
        }
        int length = HalfBytes(d);
        TensorPrimitives.ConvertToHalf(values, MemoryMarshal.Cast<byte, Half>(destination[..(2 * d)]));
        destination[(2 * d)..length].Clear();
        return length;
    }

    /// <summary>Decodes an encoded row into <paramref name="destination"/> (length Dimension).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Decode(ReadOnlySpan<byte> encoded, Span<float> destination)
    {
        int d = destination.Length;
        if (encoded.Length == 4 * d)
            MemoryMarshal.Cast<byte, float>(encoded).CopyTo(destination);
        else if (!IsSparse(encoded.Length, d))
            TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(encoded[..(2 * d)]), destination);
        else
        {
            destination.Clear();
            Sparse(encoded, out var indices, out var values);
            for (int k = 0; k < indices.Length; k++) destination[indices[k]] = values[k];
        }
    }

    /// <summary>The positions and values of a sparse row, in place.</summary>
    public static void Sparse(ReadOnlySpan<byte> encoded, out ReadOnlySpan<ushort> indices, out ReadOnlySpan<float> values)
    {
        int n = SparseCount(encoded.Length);
        indices = MemoryMarshal.Cast<byte, ushort>(encoded[..(2 * n)]);
        values = MemoryMarshal.Cast<byte, float>(encoded[IndexBytes(n)..]);
    }

    /// <summary>Writes the non-zero entries of an encoded row as (position, value × <paramref name="scale"/>) into the
    /// two spans (each at least Dimension long); returns how many.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int NonZeros(ReadOnlySpan<byte> encoded, int dimension, float scale, Span<ushort> indices, Span<float> values)
    {
        if (IsSparse(encoded.Length, dimension))
        {
            Sparse(encoded, out var storedIndices, out var storedValues);
            storedIndices.CopyTo(indices);
            FeatureRecordLayout.CopyScaled(storedValues, scale, values);
            return storedIndices.Length;
        }
        Span<float> row = values[..dimension];
        Decode(encoded, row);
        int count = 0;
        for (int i = 0; i < dimension; i++)
        {
            float v = row[i];
            if (v == 0) continue;
            indices[count] = (ushort)i;
            values[count++] = v * scale; // count ≤ i: never overwrites a value not yet read
        }
        return count;
    }

    private static int CountZeros(ReadOnlySpan<float> values)
    {
        int zeros = 0;
        foreach (float v in values) if (v == 0) zeros++;
        return zeros;
    }
}
