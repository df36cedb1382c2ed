namespace CompatNotebooks.Cli;

/// <summary>
/// Checks output paths before any work starts, so an hour of training is not lost to a typo in <c>--save</c>:
/// the path is not of the wrong kind (a folder for a file, a file for a folder), its folder exists, and a file
/// can be created there (a probe file, deleted at once).
/// </summary>
public static class OutputPaths
{
    /// <summary>Checks that the file <paramref name="path"/> (given as <paramref name="option"/>) can be written.</summary>
    /// <exception cref="OutputPathException">It cannot, with the reason.</exception>
    public static void CheckFile(string option, string path)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new OutputPathException($"{option} '{full}' is a folder; give the path of a file.");
        string folder = Path.GetDirectoryName(full) ?? full;
        if (!Directory.Exists(folder))
            throw new OutputPathException($"{option} '{full}': the folder '{folder}' does not exist.");
        Probe(option, full, folder);
    }

    /// <summary>Checks that the folder <paramref name="path"/> (given as <paramref name="option"/>) exists or can be
    /// created, and that files can be written in it.</summary>
    /// <exception cref="OutputPathException">It cannot, with the reason.</exception>
    public static void CheckDirectory(string option, string path)
    {
        string full = Path.GetFullPath(path);
        string? existing = full;
        while (existing is not null && !Directory.Exists(existing))
        {
            if (File.Exists(existing))
                throw new OutputPathException(existing == full
                    ? $"{option} '{full}' is a file; give the path of a folder."
                    : $"{option} '{full}': '{existing}' is a file, so the folder cannot be created.");
            existing = Path.GetDirectoryName(existing);
        }
        Probe(option, full, existing ?? full);
    }

    private static void Probe(string option, string full, string folder)
    {
        string probe = Path.Combine(folder, $".compat-notebooks-write-check-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputPathException($"{option} '{full}': cannot write in '{folder}': {e.Message}");
        }
    }
}
