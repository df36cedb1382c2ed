using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CompatNotebooks.Synthetic;

/// <summary>Names of the sample generator's temporaries, which carry the id of the process that made them, and the
/// removal of those left behind by a process that was killed.</summary>
internal static partial class SampleTemporaries
{
    private const string StagingPrefix = ".sample-staging-";

    /// <summary>A fresh staging folder name for this process.</summary>
    public static string NewStagingName() => $"{StagingPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>Removes, in <paramref name="directory"/>, staging folders and <c>*.tmp-&lt;pid&gt;…</c> files whose
    /// process no longer runs (those of a live process may belong to a generation running in parallel).</summary>
    public static void RemoveStale(string directory)
    {
        foreach (string path in Directory.EnumerateFileSystemEntries(directory))
        {
            string name = Path.GetFileName(path);
            int? owner = OwnerOf(name);
            if (owner is null || IsRunning(owner.Value)) continue;
            try
            {
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                else File.Delete(path);
            }
            catch (IOException) { /* another process may be removing it too */ }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The process id in a temporary's name, or null when the name is not one of ours.</summary>
    internal static int? OwnerOf(string name)
    {
        var match = TemporaryName().Match(name);
        return match.Success && int.TryParse(match.Groups["pid"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
            ? pid : null;
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; } // no such process
        catch (InvalidOperationException) { return false; }
    }

    // "<file>.tmp-<pid>-<guid>" (files renamed into place) and ".sample-staging-<pid>-<guid>" (staging folders).
    [GeneratedRegex(@"^(\.sample-staging-|.+\.tmp-)(?<pid>[0-9]{1,10})(-[0-9a-f]{32})?$")]
    private static partial Regex TemporaryName();
}
