using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CompatNotebooks.Data;
using Microsoft.Win32.SafeHandles;

namespace CompatNotebooks.Training;

/// <summary>
/// The non-zero entries of every feature row (feature index as uint16, value as float32, scale applied): the CNN
/// features are ReLU outputs, mostly zeros, so a pair costs the trainer about a third of the memory traffic of the
/// dense rows. Built once per trainer in one parallel pass. A memory-mapped <see cref="FeatureMatrix"/> is read with
/// positioned file reads rather than through the mapping, so the mapping's pages never join the process's resident
/// set (the mapping's pages are also dropped from it before and after the build): resident memory stays near the size of this cache (≈ 0.3× the feature file at 19 % non-zeros). Every value
/// is checked to be finite on the way (a <see cref="FeatureFileException"/> names the file, record and byte offset, as
/// opening with validation would), so a file opened without <see cref="FeatureFileOptions.ValidateValues"/> is still checked.
/// A compact source (<see cref="ISparseFeatureRows"/>, e.g. a <see cref="FeatureStore"/>) hands over its non-zeros
/// directly, with no dense decode; its sparse rows are used in place (pointers into its memory, so the source must
/// outlive the cache, as a catalog outlives its trainers) and cost no memory here.
/// </summary>
internal sealed unsafe class SparseFeatureCache : IDisposable
{
    private readonly Segment[] _segments; // one per build thread, each holding a contiguous run of rows
    private readonly ushort** _rowIndex;
    private readonly float** _rowValue;
    private readonly int* _rowLength;

    private SparseFeatureCache(int count, int dimension, Segment[] segments, int[] rowSegment, long[] rowOffset, int[] lengths,
        nint[]? inPlaceIndex, nint[]? inPlaceValue)
    {
        Count = count;
        Dimension = dimension;
        _segments = segments;
        _rowIndex = (ushort**)NativeMemory.Alloc((nuint)Math.Max(1, count), (nuint)sizeof(nint));
        _rowValue = (float**)NativeMemory.Alloc((nuint)Math.Max(1, count), (nuint)sizeof(nint));
        _rowLength = (int*)NativeMemory.Alloc((nuint)Math.Max(1, count), sizeof(int));
        for (int r = 0; r < count; r++)
        {
            if (rowSegment[r] < 0)
            {
                _rowIndex[r] = (ushort*)inPlaceIndex![r];
                _rowValue[r] = (float*)inPlaceValue![r];
            }
            else
            {
                var segment = segments[rowSegment[r]];
                _rowIndex[r] = segment.Index + rowOffset[r];
                _rowValue[r] = segment.Value + rowOffset[r];
                CopiedNonZeros += lengths[r];
            }
            _rowLength[r] = lengths[r];
            NonZeros += lengths[r];
        }
    }

    public int Count { get; }
    public int Dimension { get; }
    public long NonZeros { get; }
    public double Density => Count == 0 ? 0 : (double)NonZeros / ((long)Count * Dimension);
    /// <summary>Non-zeros copied into this cache (the others are read in place from a compact source).</summary>
    public long CopiedNonZeros { get; }
    /// <summary>Memory of this cache itself: the copied non-zeros and the row tables.</summary>
    public long Bytes => CopiedNonZeros * (sizeof(ushort) + sizeof(float)) + Count * (2L * sizeof(nint) + sizeof(int));

    public int Length(int row) => _rowLength[row];
    public ushort* Indices(int row) => _rowIndex[row];
    public float* Values(int row) => _rowValue[row];

    /// <summary>Fraction of non-zero values over up to <paramref name="sampleRows"/> evenly spaced rows.</summary>
    public static double EstimateDensity(IFeatureRows rows, int sampleRows = 256)
    {
        if (rows.Count == 0) return 0;
        long nonZero = 0, total = 0;
        var buffer = new float[rows.Dimension];
        int step = Math.Max(1, rows.Count / sampleRows);
        for (int r = 0; r < rows.Count; r += step)
        {
            var row = rows.Row(r, buffer);
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
        // Sized from a sample so a segment is rarely regrown (a regrowth copies, briefly doubling that segment).
        double expectedDensity = Math.Min(1, EstimateDensity(rows) * 1.1 + 0.005);
        var segments = new Segment[threads];
        var lengths = new int[count];
        var rowSegment = new int[count];
        var rowOffset = new long[count];
        var matrix = rows as FeatureMatrix;
        var compact = rows as ISparseFeatureRows;
        var inPlaceIndex = compact is null ? null : new nint[count];
        var inPlaceValue = compact is null ? null : new nint[count];
        ReleaseMapping(matrix);
        using var file = matrix is null ? null : File.OpenHandle(matrix.Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        // Bad values are noted, not thrown inside Parallel.For (that would surface as an AggregateException).
        var invalid = new InvalidValueFinder(rows);
        try
        {
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                int from = (int)((long)count * t / threads), to = (int)((long)count * (t + 1) / threads);
                // A compact source's sparse rows are used in place: only its dense rows are copied here.
                var segment = new Segment(compact is not null ? 1024 : Math.Max(1024, (long)((to - from) * (double)dimension * expectedDensity)));
                segments[t] = segment;
                var buffer = new float[dimension];
                var positions = compact is null ? null : new ushort[dimension];
                for (int r = from; r < to; r++)
                {
                    if (compact is not null)
                    {
                        // A compact source hands over its non-zeros directly (finite by construction: checked when
                        // converted): in place when it holds them as (uint16, float32) arrays, else copied.
                        if (compact.TryGetNonZeros(r, out var storedIndices, out var storedValues))
                        {
                            rowSegment[r] = -1;
                            inPlaceIndex![r] = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(storedIndices));
                            inPlaceValue![r] = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(storedValues));
                            lengths[r] = storedIndices.Length;
                            continue;
                        }
                        int n = compact.CopyNonZeros(r, positions, buffer);
                        rowSegment[r] = t;
                        rowOffset[r] = segment.Length;
                        lengths[r] = segment.AppendSparse(positions.AsSpan(0, n), buffer.AsSpan(0, n));
                        continue;
                    }
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
                        values = rows.Row(r, buffer);
                    if (!invalid.Check(r, values)) continue;
                    rowSegment[r] = t;
                    rowOffset[r] = segment.Length;
                    lengths[r] = segment.Append(values, scale);
                }
            });
            invalid.ThrowIfAny();
        }
        catch
        {
            foreach (var segment in segments) segment?.Dispose();
            throw;
        }
        ReleaseMapping(matrix);
        return new SparseFeatureCache(count, dimension, segments, rowSegment, rowOffset, lengths, inPlaceIndex, inPlaceValue);
    }

    /// <summary>Drops the memory-mapped file's pages from this process's resident set (they stay in the page cache):
    /// the trainer reads the cache, not the mapping, so keeping them resident would only double the footprint.</summary>
    private static void ReleaseMapping(FeatureMatrix? matrix)
    {
        if (matrix is null || matrix.Count == 0) return;
        long recordSize = FeatureRecordLayout.RecordSize(matrix.Dimension);
        fixed (float* row0 = matrix.Row(0))
        {
            byte* start = (byte*)row0 - FeatureRecordLayout.AsinBytes - matrix.RecordIndexOf(0) * recordSize;
            MemoryAdvice.ReleaseReadOnlyPages(start, new FileInfo(matrix.Path).Length);
        }
    }

    private static int CountZeros(ReadOnlySpan<float> row)
    {
        int zeros = 0;
        foreach (var v in row) if (v == 0) zeros++;
        return zeros;
    }

    public void Dispose()
    {
        foreach (var segment in _segments) segment.Dispose();
        NativeMemory.Free(_rowIndex);
        NativeMemory.Free(_rowValue);
        NativeMemory.Free(_rowLength);
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

        public int AppendSparse(ReadOnlySpan<ushort> indices, ReadOnlySpan<float> values)
        {
            if (Length + indices.Length > _capacity)
            {
                _capacity = Math.Max(_capacity * 2, Length + indices.Length);
                Index = (ushort*)NativeMemory.Realloc(Index, (nuint)_capacity * sizeof(ushort));
                Value = (float*)NativeMemory.Realloc(Value, (nuint)_capacity * sizeof(float));
            }
            indices.CopyTo(new Span<ushort>(Index + Length, indices.Length));
            values.CopyTo(new Span<float>(Value + Length, values.Length));
            Length += indices.Length;
            return indices.Length;
        }

        public void Dispose()
        {
            NativeMemory.Free(Index);
            NativeMemory.Free(Value);
            Index = null;
            Value = null;
        }
    }
}
