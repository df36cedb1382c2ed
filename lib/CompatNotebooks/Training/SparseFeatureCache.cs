using System.Runtime.InteropServices;
using CompatNotebooks.Data;
using Microsoft.Win32.SafeHandles;

namespace CompatNotebooks.Training;

/// <summary>
/// The non-zero entries of every feature row (feature index as uint16, value as float32, scale applied): the CNN
/// features are ReLU outputs, mostly zeros, so a pair costs the trainer about a third of the memory traffic of the
/// dense rows. Built once per trainer in one parallel pass. A memory-mapped <see cref="FeatureMatrix"/> is read with
/// positioned file reads rather than through the mapping, so the mapping's pages never join the process's resident
/// set: resident memory stays near the size of this cache (≈ 0.3× the feature file at 19 % non-zeros).
/// </summary>
internal sealed unsafe class SparseFeatureCache : IDisposable
{
    private readonly long* _start; // Count + 1 offsets into _index/_value
    private readonly ushort* _index;
    private readonly float* _value;

    private SparseFeatureCache(int count, int dimension, long* start, ushort* index, float* value)
    {
        Count = count;
        Dimension = dimension;
        _start = start;
        _index = index;
        _value = value;
    }

    public int Count { get; }
    public int Dimension { get; }
    public long NonZeros => _start[Count];
    public double Density => Count == 0 ? 0 : (double)NonZeros / ((long)Count * Dimension);
    public long Bytes => NonZeros * (sizeof(ushort) + sizeof(float)) + (Count + 1L) * sizeof(long);

    public int Length(int row) => (int)(_start[row + 1] - _start[row]);
    public ushort* Indices(int row) => _index + _start[row];
    public float* Values(int row) => _value + _start[row];

    /// <summary>Fraction of non-zero values over up to <paramref name="sampleRows"/> evenly spaced rows.</summary>
    public static double EstimateDensity(IFeatureRows rows, int sampleRows = 256)
    {
        if (rows.Count == 0) return 0;
        long nonZero = 0, total = 0;
        int step = Math.Max(1, rows.Count / sampleRows);
        for (int r = 0; r < rows.Count; r += step)
        {
            var row = rows.Row(r);
            nonZero += row.Length - CountZeros(row);
            total += row.Length;
        }
        return (double)nonZero / total;
    }

    /// <summary>Builds the cache of all rows with <paramref name="threads"/> threads.</summary>
    public static SparseFeatureCache Build(IFeatureRows rows, int threads)
    {
        if (rows.Dimension > ushort.MaxValue + 1)
            throw new NotSupportedException($"Sparse rows index features with 16 bits; {rows.Dimension} dimensions is too many.");
        int count = rows.Count, dimension = rows.Dimension;
        threads = Math.Max(1, Math.Min(threads, count / 64 + 1));
        var segments = new Segment[threads];
        var lengths = new int[count];
        var matrix = rows as FeatureMatrix;
        using var file = matrix is null ? null : File.OpenHandle(matrix.Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            int from = (int)((long)count * t / threads), to = (int)((long)count * (t + 1) / threads);
            var segment = new Segment(Math.Max(1024, (long)(to - from) * dimension / 4));
            var buffer = new float[dimension];
            for (int r = from; r < to; r++)
            {
                ReadOnlySpan<float> values;
                float scale = 1;
                if (matrix is not null)
                {
                    long offset = matrix.RecordIndexOf(r) * FeatureRecordLayout.RecordSize(dimension) + FeatureRecordLayout.AsinBytes;
                    int read = RandomAccess.Read(file!, MemoryMarshal.AsBytes(buffer.AsSpan()), offset);
                    if (read != dimension * sizeof(float))
                        throw new IOException($"{matrix.Path}: short read of row {r} at byte {offset} ({read} of {dimension * sizeof(float)} bytes).");
                    values = buffer;
                    scale = matrix.Scale;
                }
                else
                    values = rows.Row(r);
                lengths[r] = segment.Append(values, scale);
            }
            segments[t] = segment;
        });

        var start = (long*)NativeMemory.Alloc((nuint)(count + 1), sizeof(long));
        start[0] = 0;
        for (int r = 0; r < count; r++) start[r + 1] = start[r] + lengths[r];
        long total = start[count];
        var index = (ushort*)NativeMemory.Alloc((nuint)Math.Max(1, total), sizeof(ushort));
        var value = (float*)NativeMemory.Alloc((nuint)Math.Max(1, total), sizeof(float));
        long at = 0;
        foreach (var segment in segments)
        {
            Buffer.MemoryCopy(segment.Index, index + at, segment.Length * sizeof(ushort), segment.Length * sizeof(ushort));
            Buffer.MemoryCopy(segment.Value, value + at, segment.Length * sizeof(float), segment.Length * sizeof(float));
            at += segment.Length;
            segment.Dispose();
        }
        return new SparseFeatureCache(count, dimension, start, index, value);
    }

    private static int CountZeros(ReadOnlySpan<float> row)
    {
        int zeros = 0;
        foreach (var v in row) if (v == 0) zeros++;
        return zeros;
    }

    public void Dispose()
    {
        NativeMemory.Free(_start);
        NativeMemory.Free(_index);
        NativeMemory.Free(_value);
    }

    /// <summary>One thread's growing run of non-zeros.</summary>
    private sealed class Segment(long capacity) : IDisposable
    {
        private long _capacity = capacity;
        public ushort* Index = (ushort*)NativeMemory.Alloc((nuint)capacity, sizeof(ushort));
        public float* Value = (float*)NativeMemory.Alloc((nuint)capacity, sizeof(float));
        public long Length;

        public int Append(ReadOnlySpan<float> row, float scale)
        {
            if (Length + row.Length > _capacity)
            {
                _capacity = Math.Max(_capacity * 2, Length + row.Length);
                Index = (ushort*)NativeMemory.Realloc(Index, (nuint)_capacity * sizeof(ushort));
                Value = (float*)NativeMemory.Realloc(Value, (nuint)_capacity * sizeof(float));
            }
            long before = Length;
            for (int d = 0; d < row.Length; d++)
            {
                float v = row[d];
                if (v == 0) continue;
                Index[Length] = (ushort)d;
                Value[Length] = v * scale;
                Length++;
            }
            return (int)(Length - before);
        }

        public void Dispose()
        {
            NativeMemory.Free(Index);
            NativeMemory.Free(Value);
        }
    }
}
