namespace CompatNotebooks.Data;

/// <summary>A metadata file that cannot be read as a whole — a link that cannot be followed, a truncated or corrupt
/// gzip archive, no usable line — as opposed to one bad line (<see cref="MetadataFormatException"/>). The message
/// names the file and, when lines were read, the last complete one.</summary>
public sealed class MetadataFileException : IOException
{
    /// <summary>Creates the exception; the message is prefixed with the file.</summary>
    public MetadataFileException(string path, long? lastCompleteLine, string problem, Exception? inner = null)
        : base($"Metadata file '{path}': {problem}", inner)
    {
        Path = path;
        LastCompleteLine = lastCompleteLine;
        Problem = problem;
    }

    /// <summary>The metadata file.</summary>
    public string Path { get; }

    /// <summary>The last line read in full before the problem (0: none), when the problem arose while reading.</summary>
    public long? LastCompleteLine { get; }

    /// <summary>The problem alone, without the file prefix.</summary>
    public string Problem { get; }
}
