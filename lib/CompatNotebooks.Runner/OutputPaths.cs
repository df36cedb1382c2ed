namespace CompatNotebooks.Runner;

/// <summary>
/// Where a run writes its executed notebooks, and the check that none of them would replace a notebook being run.
/// </summary>
internal static class OutputPaths
{
    // Deeper than any sane chain of links; past it the path is reported rather than followed forever.
    private const int MaxLinkDepth = 40;

    /// <summary>The executed copy of <paramref name="notebookPath"/> in <paramref name="outputDirectory"/>.</summary>
    public static string ExecutedNotebook(string outputDirectory, string notebookPath) =>
        Path.GetFullPath(Path.Combine(outputDirectory, Path.GetFileNameWithoutExtension(notebookPath) + ".ipynb"));

    /// <summary>
    /// Throws when an executed copy would be written onto one of <paramref name="notebooks"/> (the same file once
    /// symbolic links in any part of either path are resolved): the run would destroy the notebook it reads.
    /// </summary>
    /// <exception cref="ArgumentException">An output path is one of the inputs.</exception>
    public static void RefuseOverwritingInputs(IReadOnlyList<string> notebooks, string? outputDirectory)
    {
        if (outputDirectory is null)
            return;
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var notebook in notebooks)
            inputs.TryAdd(RealPath(notebook), notebook);
        foreach (var notebook in notebooks)
        {
            var output = ExecutedNotebook(outputDirectory, notebook);
            if (inputs.TryGetValue(RealPath(output), out var input))
                throw new ArgumentException(
                    $"--out {outputDirectory}: the executed copy of {notebook} would be written to {output}, which is the notebook {input} itself; " +
                    "choose another output folder (the runner never writes over its input)");
        }
    }

    /// <summary>
    /// <paramref name="path"/> made absolute with every symbolic link along it resolved (parts that do not exist yet
    /// are kept as written), so two spellings of one file compare equal.
    /// </summary>
    public static string RealPath(string path) => RealPath(path, 0);

    private static string RealPath(string path, int depth)
    {
        if (depth > MaxLinkDepth)
            throw new IOException($"{path}: too many levels of symbolic links");
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                // A relative target is relative to the folder holding the link.
                next = RealPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target), depth + 1);
            }
            current = next;
        }
        return current;
    }
}
