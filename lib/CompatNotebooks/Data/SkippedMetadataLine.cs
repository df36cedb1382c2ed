namespace CompatNotebooks.Data;

/// <summary>A metadata line that was skipped under <see cref="MetadataErrorPolicy.SkipAndCount"/>, with where it is.</summary>
/// <param name="Line">1-based line number in the file.</param>
/// <param name="Column">1-based character column of the problem (1 when it is the line as a whole).</param>
/// <param name="Reason">The counted reason (one of the <see cref="MetadataSkipReasons"/> constants).</param>
/// <param name="Message">The full message: file, line, column and the problem.</param>
public sealed record SkippedMetadataLine(long Line, int Column, string Reason, string Message);
