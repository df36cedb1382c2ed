using System.Diagnostics;

namespace CompatNotebooks.Tests.Runner;

/// <summary>The suite runs on the generated sample whatever the user exported (see <see cref="TestEnvironment"/>).</summary>
[Collection(NotebookCollection.Name)] // no test that sets a COMPAT_ variable runs alongside
public sealed class IsolationTests
{
    [Fact]
    public void No_COMPAT_variable_reaches_the_tests_or_their_child_processes()
    {
        Assert.Empty(TestEnvironment.Current());
        var child = BoundedProcess.Run(new ProcessStartInfo("/usr/bin/env"), BoundedProcess.ShortLimit);
        Assert.Equal(0, child.ExitCode);
        Assert.DoesNotContain(child.StandardOutput.Split('\n'), line => line.StartsWith(TestEnvironment.Prefix, StringComparison.Ordinal));
    }
}
