namespace CompatNotebooks.Cli;

/// <summary>An output path that cannot be written, found before the work starts; exit code 1.</summary>
public sealed class OutputPathException(string message) : IOException(message);
