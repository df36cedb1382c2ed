namespace CompatNotebooks.Data;

/// <summary>A feature file that cannot be read as records of a 10-byte ASIN and <c>Dimension</c> float32 values.
/// The message names the file and, where one is involved, the record index and its byte offset.</summary>
/// <remarks>An <see cref="IOException"/> (<see cref="InvalidDataException"/> is sealed).</remarks>
public sealed class FeatureFileException : IOException
{
    /// <summary>Creates the exception; the message is prefixed with the file and position.</summary>
    public FeatureFileException(string path, long? recordIndex, long? byteOffset, string problem, Exception? inner = null)
        : base(Compose(path, recordIndex, byteOffset, problem), inner)
    {
        Path = path;
        RecordIndex = recordIndex;
        ByteOffset = byteOffset;
        Problem = problem;
    }

    /// <summary>The feature file.</summary>
    public string Path { get; }

    /// <summary>Zero-based index of the offending record, when one is involved.</summary>
    public long? RecordIndex { get; }

    /// <summary>Byte offset in the file of the offending bytes, when one is involved.</summary>
    public long? ByteOffset { get; }

    /// <summary>The problem alone, without the position prefix.</summary>
    public string Problem { get; }

    private static string Compose(string path, long? record, long? offset, string problem) =>
        record is null
            ? $"Feature file '{path}': {problem}"
            : $"Feature file '{path}', record {record} (byte offset {offset}): {problem}";
}
