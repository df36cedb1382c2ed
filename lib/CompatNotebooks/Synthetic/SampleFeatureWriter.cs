using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace CompatNotebooks.Synthetic;

/// <summary>
/// Writes <c>image_features_&lt;Category&gt;.b</c> in the real layout: per record a 10-byte ASCII ASIN
/// (right-padded with spaces) then Dimension little-endian float32, no header. Rows are computed in parallel
/// batches and streamed to disk in a fixed order, so memory stays at a few MB and the bytes never depend on
/// the thread count.
/// </summary>
internal static class SampleFeatureWriter
{
    /// <summary>Bytes of the ASIN field of a record.</summary>
    public const int AsinBytes = 10;
    private const int BatchRows = 256;

    /// <summary>Writes the features of <paramref name="world"/> to <paramref name="path"/>; returns the rows written.</summary>
    public static int Write(SampleWorld world, string path)
    {
        var model = new SampleFeatureModel(world);
        int dimension = world.Options.Dimension;
        int recordBytes = AsinBytes + 4 * dimension;

        // File order is a fixed shuffle of the items that have features (the real files are not sorted either).
        var rows = Enumerable.Range(0, world.TotalItems).Where(i => world.HasFeatures[i]).ToArray();
        var order = world.StreamOf(SampleWorld.SetupStream, 2);
        order.Shuffle(rows.AsSpan());

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = world.Options.MaxDegreeOfParallelism ?? Environment.ProcessorCount };
        long total = (long)rows.Length * recordBytes;
        using var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, preallocationSize: total);
        // Two buffers: batch k+1 is computed while batch k is being written.
        byte[][] buffers = [new byte[BatchRows * recordBytes], new byte[BatchRows * recordBytes]];
        Task pending = Task.CompletedTask;
        long offset = 0;
        for (int start = 0, current = 0; start < rows.Length; start += BatchRows, current ^= 1)
        {
            int count = Math.Min(BatchRows, rows.Length - start);
            var buffer = buffers[current];
            Parallel.For(0, count, parallel, b => FillRecord(world, model, rows[start + b], buffer.AsSpan(b * recordBytes, recordBytes)));
            pending.GetAwaiter().GetResult();
            pending = RandomAccess.WriteAsync(file, buffer.AsMemory(0, count * recordBytes), offset).AsTask();
            offset += count * recordBytes;
        }
        pending.GetAwaiter().GetResult();
        return rows.Length;
    }

    private static void FillRecord(SampleWorld world, SampleFeatureModel model, int item, Span<byte> record)
    {
        string asin = world.Asins[item];
        record[..AsinBytes].Fill((byte)' ');
        Encoding.ASCII.GetBytes(asin, record[..AsinBytes]);
        var floats = record[AsinBytes..];
        int dimension = floats.Length / 4;
        // The float part of a record is not 4-byte aligned in the buffer: compute into a scratch row, then copy bytes.
        Span<float> row = dimension > 8192 ? new float[dimension] : stackalloc float[dimension];
        model.Fill(item, row);
        if (BitConverter.IsLittleEndian) MemoryMarshal.AsBytes(row).CopyTo(floats);
        else for (int j = 0; j < dimension; j++) BinaryPrimitives.WriteSingleLittleEndian(floats[(4 * j)..], row[j]);
    }
}
