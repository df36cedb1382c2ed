using System.Diagnostics;

namespace CompatNotebooks.Tests;

/// <summary>
/// Child processes of the tests, each waited for with a limit: a child that hangs is killed (with its children) and
/// fails the test with what it printed, instead of stalling the whole suite.
/// </summary>
internal static class BoundedProcess
{
    /// <summary>The default limit for a short child process (an interpreter one-liner, a CLI call on the sample).</summary>
    public static readonly TimeSpan ShortLimit = TimeSpan.FromMinutes(3);

    /// <summary>What a finished child left behind.</summary>
    public sealed record Outcome(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>
    /// Starts <paramref name="start"/> (its output redirected here), writes <paramref name="input"/> to its standard
    /// input if given, and waits at most <paramref name="limit"/>.
    /// </summary>
    /// <exception cref="TimeoutException">The child did not exit in time; it was killed.</exception>
    public static Outcome Run(ProcessStartInfo start, TimeSpan limit, string? input = null)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = input is not null || start.RedirectStandardInput;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(30));
            throw new TimeoutException(
                $"{start.FileName} {string.Join(' ', start.ArgumentList)} did not exit within {limit.TotalSeconds:0} s and was killed.\n" +
                $"stdout:\n{Tail(stdout)}\nstderr:\n{Tail(stderr)}");
        }
        // The streams end once the child (and anything holding its pipes) has gone: bounded too.
        if (!Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(30)))
            throw new TimeoutException($"{start.FileName}: its output pipes stayed open after it exited (a grandchild still holds them)");
        return new Outcome(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Tail(Task<string> text) =>
        text.IsCompletedSuccessfully ? text.Result[Math.Max(0, text.Result.Length - 4000)..] : "(still open)";
}
