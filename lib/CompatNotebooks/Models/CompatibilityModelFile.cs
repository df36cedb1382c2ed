using System.Runtime.InteropServices;

namespace CompatNotebooks.Models;

/// <summary>
/// The model file: a small little-endian binary format that records what is needed to rebuild the model.
/// Layout: ASCII <c>"CNCOMPAT"</c>, int32 format version (1), int32 kind (0 Euclidean, 1 inner product),
/// int32 D, int32 K, float32 c, then E1 and E2 as D×K float32 each, row-major.
/// </summary>
public static class CompatibilityModelFile
{
    private static ReadOnlySpan<byte> Magic => "CNCOMPAT"u8;
    private const int FormatVersion = 1;
    private const int HeaderBytes = 8 + 4 * 5;

    /// <summary>Writes <paramref name="parameters"/> to <paramref name="path"/> (atomically: a temporary file renamed).</summary>
    public static void Write(string path, CompatibilityParameters parameters)
    {
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write((int)parameters.Kind);
            writer.Write(parameters.FeatureDimension);
            writer.Write(parameters.StyleDimension);
            writer.Write(parameters.C);
            writer.Write(MemoryMarshal.AsBytes(parameters.E1.AsSpan()));
            writer.Write(MemoryMarshal.AsBytes(parameters.E2.AsSpan()));
        }
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>Reads a model file.</summary>
    /// <exception cref="InvalidDataException">The file is not a model file, is truncated or has trailing bytes
    /// (the message names the file and byte offset).</exception>
    public static CompatibilityParameters Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < HeaderBytes || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a compatibility model file (no CNCOMPAT header at byte 0).");
        var header = MemoryMarshal.Cast<byte, int>(bytes.AsSpan(8, 16));
        if (header[0] != FormatVersion)
            throw new InvalidDataException($"{path}: model file format version {header[0]} at byte 8; only {FormatVersion} is supported.");
        if (header[1] is not (0 or 1))
            throw new InvalidDataException($"{path}: unknown model kind {header[1]} at byte 12.");
        int d = header[2], k = header[3];
        if (d <= 0 || k <= 0)
            throw new InvalidDataException($"{path}: bad shape {d}×{k} at byte 16.");
        long expected = HeaderBytes + 2L * d * k * sizeof(float);
        if (bytes.Length != expected)
            throw new InvalidDataException($"{path}: {bytes.Length} bytes, but a {d}×{k} model needs {expected} (truncated or trailing data from byte {Math.Min(bytes.Length, expected)}).");
        float c = BitConverter.ToSingle(bytes, 24);
        var e1 = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(HeaderBytes, d * k * sizeof(float))).ToArray();
        var e2 = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(HeaderBytes + d * k * sizeof(float), d * k * sizeof(float))).ToArray();
        return new CompatibilityParameters((CompatibilityKind)header[1], d, k, e1, e2, c);
    }
}
