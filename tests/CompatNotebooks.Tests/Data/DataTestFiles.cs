using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;

namespace CompatNotebooks.Tests.Data;

/// <summary>A temporary folder for tiny .b and .json.gz files, deleted on dispose.</summary>
internal sealed class DataTestFiles : IDisposable
{
    public DataTestFiles()
    {
        Directory = Path.Combine(Path.GetTempPath(), "compat-data-tests-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>Writes records of a 10-byte space-padded ASIN + the floats, as the real files are laid out.</summary>
    public string WriteFeatures(string name, IEnumerable<(string Asin, float[] Values)> records)
    {
        string path = PathOf(name);
        using var file = File.Create(path);
        foreach (var (asin, values) in records)
        {
            file.Write(PaddedAsin(asin));
            file.Write(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        return path;
    }

    public static byte[] PaddedAsin(string asin) => Encoding.Latin1.GetBytes(asin.PadRight(10));

    public string WriteBytes(string name, byte[] bytes)
    {
        string path = PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Writes <paramref name="lines"/> gzip-compressed, one per line, UTF-8.</summary>
    public string WriteGzipLines(string name, IEnumerable<string> lines) =>
        WriteGzipBytes(name, Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));

    public string WriteGzipBytes(string name, byte[] content)
    {
        string path = PathOf(name);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(content);
        return path;
    }

    /// <summary>Deterministic sparse non-negative rows.</summary>
    public static List<(string Asin, float[] Values)> RandomRecords(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        var records = new List<(string, float[])>();
        for (int i = 0; i < count; i++)
        {
            var values = new float[dimension];
            for (int j = 0; j < dimension; j++)
                values[j] = random.NextDouble() < 0.3 ? (float)(random.NextDouble() * 50) : 0f;
            string asin = i % 7 == 3 ? $"{i:D6}" : $"B{i:D9}"; // some shorter ids to exercise the padding
            records.Add((asin, values));
        }
        return records;
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
