using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CompatNotebooks.Data;

/// <summary>
/// How one feature row is stored, chosen per row by what is smallest and exact enough; the kind follows from the
/// row's byte length, so no tag is stored:
/// <list type="bullet">
/// <item><b>sparse</b> (length <c>4·n</c> &lt; <c>2·Dimension</c>): the <c>n</c> non-zero positions as uint16, then
/// their values as float16 — for ReLU features that are mostly zeros;</item>
/// <item><b>dense float16</b> (length <c>2·Dimension</c>): every value as float16 — when at least half the values are
/// non-zero, so a real file denser than the generated one still shrinks by half;</item>
/// <item><b>dense float32</b> (length <c>4·Dimension</c>): the raw values — when a value lies beyond float16's range
/// (|v| &gt; 65504), so nothing is ever stored as infinity.</item>
/// </list>
/// float16 keeps 11 significant bits (relative error ≤ 2⁻¹¹ for normal values; absolute error ≤ 2⁻²⁵ below 6.1·10⁻⁵).
/// </summary>
internal static class FeatureStoreRowCodec
{
    private const float HalfMax = 65504f;

    /// <summary>Bytes an encoded row may take at most.</summary>
    public static int MaxBytes(int dimension) => 4 * dimension;

    /// <summary>Encodes <paramref name="values"/> (finite) into <paramref name="destination"/>; returns the byte length
    /// and the number of non-zero values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Encode(ReadOnlySpan<float> values, Span<byte> destination, out int nonZeros)
    {
        int d = values.Length;
        float largest = TensorPrimitives.MaxMagnitude(values);
        if (Math.Abs(largest) > HalfMax)
        {
            nonZeros = d - CountZeros(values);
            MemoryMarshal.AsBytes(values).CopyTo(destination);
            return 4 * d;
        }
        // Positions first, into the front of the destination; abandoned for dense float16 once too many.
        var indices = MemoryMarshal.Cast<byte, ushort>(destination[..(2 * d)]);
        int limit = (d - 1) / 2, n = 0; // 4·n < 2·d keeps sparse lengths apart from dense ones
        for (int i = 0; i < d; i++)
        {
            if (values[i] == 0) continue;
            if (n == limit)
            {
                nonZeros = d - CountZeros(values);
                TensorPrimitives.ConvertToHalf(values, MemoryMarshal.Cast<byte, Half>(destination[..(2 * d)]));
                return 2 * d;
            }
            indices[n++] = (ushort)i;
        }
        var halves = MemoryMarshal.Cast<byte, Half>(destination.Slice(2 * n, 2 * n));
        for (int k = 0; k < n; k++) halves[k] = (Half)values[indices[k]];
        nonZeros = n;
        return 4 * n;
    }

    /// <summary>Decodes an encoded row into <paramref name="destination"/> (length Dimension).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Decode(ReadOnlySpan<byte> encoded, Span<float> destination)
    {
        int d = destination.Length;
        if (encoded.Length == 4 * d)
            MemoryMarshal.Cast<byte, float>(encoded).CopyTo(destination);
        else if (encoded.Length == 2 * d)
            TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(encoded), destination);
        else
        {
            destination.Clear();
            int n = encoded.Length / 4;
            var indices = MemoryMarshal.Cast<byte, ushort>(encoded[..(2 * n)]);
            var halves = MemoryMarshal.Cast<byte, Half>(encoded[(2 * n)..]);
            for (int k = 0; k < n; k++) destination[indices[k]] = (float)halves[k];
        }
    }

    /// <summary>Number of stored entries a sparse reader gets for an encoded row (non-zeros for sparse rows; for dense
    /// rows, found by scanning).</summary>
    public static bool IsSparse(int encodedLength, int dimension) => encodedLength < 2 * dimension;

    /// <summary>Writes the non-zero entries of an encoded row as (position, value × <paramref name="scale"/>) into the
    /// two spans (each at least Dimension long); returns how many.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int NonZeros(ReadOnlySpan<byte> encoded, int dimension, float scale, Span<ushort> indices, Span<float> values)
    {
        if (IsSparse(encoded.Length, dimension))
        {
            int n = encoded.Length / 4;
            MemoryMarshal.Cast<byte, ushort>(encoded[..(2 * n)]).CopyTo(indices);
            TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(encoded[(2 * n)..]), values[..n]);
            if (scale != 1f) TensorPrimitives.Multiply(values[..n], scale, values[..n]);
            return n;
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
