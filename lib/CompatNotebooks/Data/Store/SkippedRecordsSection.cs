using System.Buffers.Binary;
using System.Text;

namespace CompatNotebooks.Data;

/// <summary>The last section of a feature store: the first skipped source records (<see cref="FeatureFileReport.Examples"/>),
/// so a catalog read through the store names them exactly as one read from the <c>.b</c> file does. Layout: uint32
/// count, then per record int64 index, int64 byte offset, uint16 + UTF-8 ASIN, uint16 + UTF-8 reason.</summary>
internal static class SkippedRecordsSection
{
    public static byte[] Encode(IReadOnlyList<SkippedFeatureRecord> records)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write((uint)records.Count);
        foreach (var record in records)
        {
            writer.Write(record.RecordIndex);
            writer.Write(record.ByteOffset);
            WriteText(writer, record.Asin);
            WriteText(writer, record.Reason);
        }
        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>Reads the section; <paramref name="at"/> is its offset in the store, for error messages.</summary>
    public static SkippedFeatureRecord[] Decode(string path, ReadOnlySpan<byte> section, long at)
    {
        try
        {
            int count = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(section));
            if (count > FeatureFileReport.MaxExamples) throw new FormatException($"{count} skipped records listed");
            var records = new SkippedFeatureRecord[count];
            int p = 4;
            for (int i = 0; i < count; i++)
            {
                long index = BinaryPrimitives.ReadInt64LittleEndian(section[p..]);
                long offset = BinaryPrimitives.ReadInt64LittleEndian(section[(p + 8)..]);
                p += 16;
                string asin = ReadText(section, ref p);
                string reason = ReadText(section, ref p);
                records[i] = new SkippedFeatureRecord(index, offset, asin, reason);
            }
            if (p != section.Length) throw new FormatException($"{section.Length - p} bytes left over");
            return records;
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or FormatException or OverflowException)
        {
            throw FeatureStoreHeader.Corrupt(path, at, $"the skipped-records section cannot be read ({e.Message}).");
        }
    }

    private static void WriteText(BinaryWriter writer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        writer.Write(checked((ushort)bytes.Length));
        writer.Write(bytes);
    }

    private static string ReadText(ReadOnlySpan<byte> section, ref int p)
    {
        int length = BinaryPrimitives.ReadUInt16LittleEndian(section[p..]);
        string text = Encoding.UTF8.GetString(section.Slice(p + 2, length));
        p += 2 + length;
        return text;
    }
}
