namespace CompatNotebooks.Data;

/// <summary>
/// Finds the file a data path really names, following symbolic links (a data folder of links to a shared
/// download is common): <see cref="FileInfo.Length"/> of a link is the link's own size, so every reader measures
/// and opens the final target found here. A missing file, a dangling link and a link loop each get their own message.
/// </summary>
internal static class LinkedFile
{
    /// <summary>The final target of <paramref name="path"/> (the file itself when it is not a link), or null with
    /// <paramref name="problem"/> saying why there is no readable file there.</summary>
    public static FileInfo? Resolve(string path, out string? problem)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is null)
        {
            if (Directory.Exists(path)) { problem = "the path is a folder, not a file."; return null; }
            problem = info.Exists ? null : "the file does not exist.";
            return problem is null ? info : null;
        }
        FileSystemInfo? target;
        try
        {
            target = info.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException error)
        {
            problem = $"the symbolic link -> '{info.LinkTarget}' cannot be followed: a link loop, or too many links in a chain ({error.Message}).";
            return null;
        }
        if (target is null || !target.Exists)
        {
            problem = $"the symbolic link -> '{info.LinkTarget}' is dangling: its target '{target?.FullName ?? info.LinkTarget}' does not exist.";
            return null;
        }
        if (target is not FileInfo file)
        {
            problem = $"the symbolic link points to the folder '{target.FullName}', not a file.";
            return null;
        }
        problem = null;
        return file;
    }

    /// <summary>The final target of <paramref name="path"/>, or an exception naming the file and the problem:
    /// <see cref="FileNotFoundException"/> for a missing file or a dangling link, <see cref="IOException"/> for a
    /// link loop or a folder. <paramref name="what"/> names the file's role ("Metadata file").</summary>
    public static FileInfo Require(string path, string what)
    {
        var info = Resolve(path, out string? problem);
        if (info is not null) return info;
        string message = $"{what} '{path}': {problem}";
        bool notFound = problem!.StartsWith("the file does not exist", StringComparison.Ordinal) || problem.Contains("is dangling", StringComparison.Ordinal);
        throw notFound ? new FileNotFoundException(message, path) : new IOException(message);
    }
}
