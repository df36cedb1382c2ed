using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CompatNotebooks.Data;

/// <summary>The record layout of <c>image_features_&lt;Category&gt;.b</c> — a 10-byte ASCII ASIN (right-padded
/// with spaces) then <c>Dimension</c> little-endian float32, repeated to end of file, no header — and the checks
/// shared by the streaming reader and the mapped matrix so both accept and reject exactly the same files.</summary>
internal static class FeatureRecordLayout
{
    public const int AsinBytes = 10;
    public const int DefaultDimension = 4096;

    public static long RecordSize(int dimension) => AsinBytes + 4L * dimension;

    /// <summary>Decodes a padded ASIN; returns null and a reason when the bytes are not printable ASCII followed
    /// by space padding, or are all padding.</summary>
    public static string? DecodeAsin(ReadOnlySpan<byte> raw, out string? problem)
    {
        int length = raw.Length;
        while (length > 0 && raw[length - 1] == (byte)' ') length--;
        if (length == 0)
        {
            problem = "empty ASIN (10 spaces)";
            return null;
        }
        for (int i = 0; i < length; i++)
        {
            byte b = raw[i];
            if (b is < 0x21 or > 0x7E)
            {
                problem = $"ASIN bytes [{Convert.ToHexString(raw)}] are not printable ASCII padded with spaces " +
                          $"(byte 0x{b:X2} at position {i})";
                return null;
            }
        }
        problem = null;
        return string.Create(length, raw[..length], static (chars, bytes) =>
        {
            for (int i = 0; i < bytes.Length; i++) chars[i] = (char)bytes[i];
        });
    }

    /// <summary>Scans <paramref name="values"/> for NaN/±Inf (exponent bits all ones) and finds the largest value.
    /// Returns the index of the first NaN/Inf, or -1 when all are finite. Vectorised; loads are unaligned
    /// (records are 4·Dimension+10 bytes, so rows in a mapping are only 2-byte aligned).</summary>
    public static int ScanValues(ReadOnlySpan<float> values, out float max)
    {
        ref uint start = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetReference(values));
        int n = values.Length, i = 0;
        const uint ExponentMask = 0x7F80_0000;
        float best = float.NegativeInfinity;
        bool bad = false;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<uint>.Count)
        {
            var mask = Vector512.Create(ExponentMask);
            var badAcc = Vector512<uint>.Zero;
            var maxAcc = Vector512.Create(float.NegativeInfinity);
            for (; i <= n - Vector512<uint>.Count; i += Vector512<uint>.Count)
            {
                var v = Vector512.LoadUnsafe(ref start, (nuint)i);
                badAcc |= Vector512.Equals(v & mask, mask);
                maxAcc = Vector512.MaxNative(maxAcc, v.AsSingle());
            }
            bad = badAcc != Vector512<uint>.Zero;
            for (int k = 0; k < Vector512<float>.Count; k++) best = MathF.Max(best, maxAcc.GetElement(k));
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<uint>.Count)
        {
            var mask = Vector256.Create(ExponentMask);
            var badAcc = Vector256<uint>.Zero;
            var maxAcc = Vector256.Create(float.NegativeInfinity);
            for (; i <= n - Vector256<uint>.Count; i += Vector256<uint>.Count)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)i);
                badAcc |= Vector256.Equals(v & mask, mask);
                maxAcc = Vector256.MaxNative(maxAcc, v.AsSingle());
            }
            bad = badAcc != Vector256<uint>.Zero;
            for (int k = 0; k < Vector256<float>.Count; k++) best = MathF.Max(best, maxAcc.GetElement(k));
        }
        for (; i < n; i++)
        {
            uint bits = Unsafe.Add(ref start, i);
            if ((bits & ExponentMask) == ExponentMask) bad = true;
            else best = MathF.Max(best, BitConverter.UInt32BitsToSingle(bits));
        }
        max = best;
        if (!bad) return -1;
        // Rare path: find the exact position for the error message.
        for (int j = 0; j < n; j++)
            if (!float.IsFinite(values[j])) return j;
        return -1;
    }

    /// <summary>Describes a non-finite value for messages.</summary>
    public static string DescribeInvalid(float value) => float.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";

    /// <summary>"NaN at value 3 (byte offset 1234)" for value <paramref name="valueIndex"/> of the record at
    /// <paramref name="recordOffset"/>: the skip reason, and the core of <see cref="InvalidValueError"/>.</summary>
    public static string DescribeInvalidAt(long recordOffset, int valueIndex, float value) =>
        $"{DescribeInvalid(value)} at value {valueIndex} (byte offset {recordOffset + AsinBytes + 4L * valueIndex})";

    /// <summary>The error for a record holding NaN/Inf under <see cref="InvalidValuePolicy.Throw"/>: one wording for
    /// the mapped matrix, the streaming reader and the checks made after an open without validation.</summary>
    /// <param name="path">The feature file.</param>
    /// <param name="record">Zero-based record index.</param>
    /// <param name="recordOffset">Byte offset of the record.</param>
    /// <param name="asin">The record's ASIN.</param>
    /// <param name="what">Which value (<see cref="DescribeInvalidAt"/>).</param>
    /// <param name="strict">The policy was forced by strict mode, so the way out is to turn that off, not to set the policy.</param>
    public static FeatureFileException InvalidValueError(string path, long record, long recordOffset, string asin, string what, bool strict = false) =>
        new(path, record, recordOffset, $"ASIN {asin} holds {what}." + (strict ? FeatureFileHints.StrictInvalidValue : FeatureFileHints.SkipRow));

    /// <summary>Rejects options no reader can honour.</summary>
    public static void CheckOptions(FeatureFileOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Dimension);
        if (options.ScaleByMax && !options.ValidateValues)
            throw new ArgumentException("ScaleByMax needs ValidateValues (the max is found in that pass).", nameof(options));
    }

    /// <summary>The factor values are multiplied by: with <see cref="FeatureFileOptions.ScaleByMax"/>, 1 / the largest
    /// value of the kept rows (which must be positive), else 1.</summary>
    public static float ScaleFor(string path, FeatureFileOptions options, float? maxValue)
    {
        if (!options.ScaleByMax) return 1f;
        if (maxValue is not > 0f)
            throw new FeatureFileException(path, null, null, $"cannot scale by the largest value {maxValue} (must be positive).");
        return 1f / maxValue.Value;
    }

    /// <summary>Copies raw values multiplied by <paramref name="scale"/> (in place when both spans are the same).</summary>
    public static void CopyScaled(ReadOnlySpan<float> source, float scale, Span<float> destination)
    {
        if (scale == 1f) source.CopyTo(destination);
        else TensorPrimitives.Multiply(source, scale, destination[..source.Length]);
    }
}
