using CompatNotebooks.Data;

namespace CompatNotebooks.Tests.Cli;

/// <summary>Issue 15: <c>/proc/self/status</c> separates key and value with a tab and pads only short numbers.</summary>
public class ProcStatusTests
{
    // Recorded from a small process: the value is padded with spaces after the tab.
    private const string ShortValues = "Name:\tcompat-notebook\nUmask:\t0022\nState:\tR (running)\nVmPeak:\t  3315524 kB\nVmSize:\t  3249988 kB\n" +
                                       "VmLck:\t       0 kB\nVmHWM:\t   215384 kB\nVmRSS:\t   214720 kB\nThreads:\t17\n";

    // Recorded from `train` on a 1.4 M-item category: 8-digit values fill the padding, the tab alone separates.
    private const string EightDigitValues = "Name:\tcompat-notebook\nVmPeak:\t30417932 kB\nVmSize:\t30352396 kB\nVmLck:\t       0 kB\n" +
                                            "VmHWM:\t24326444 kB\nVmRSS:\t24210772 kB\nThreads:\t3\n";

    private static string[] Lines(string text) => text.Split('\n');

    [Fact]
    public void Short_padded_value_is_read()
    {
        Assert.Equal(215384L * 1024, ProcStatus.FieldBytes(Lines(ShortValues), "VmHWM"));
        Assert.Equal(214720L * 1024, ProcStatus.FieldBytes(Lines(ShortValues), "VmRSS"));
    }

    [Fact]
    public void Eight_digit_value_after_a_tab_is_read()
    {
        Assert.Equal(24326444L * 1024, ProcStatus.FieldBytes(Lines(EightDigitValues), "VmHWM"));
        Assert.Equal(24210772L * 1024, ProcStatus.FieldBytes(Lines(EightDigitValues), "VmRSS"));
    }

    [Theory]
    [InlineData("VmHWM:\tlots kB\n")]             // not a number
    [InlineData("VmHWM:\t12 MB\n")]               // unknown unit
    [InlineData("VmHWM:\t99999999999999999999 kB\n")] // does not fit
    [InlineData("VmHWM:\n")]                      // no value
    [InlineData("VmHWMX:\t12 kB\nVm:\t3 kB\n")]   // other keys only
    [InlineData("")]
    public void An_unreadable_field_is_unknown_not_an_exception(string text) =>
        Assert.Null(ProcStatus.FieldBytes(Lines(text), "VmHWM"));

    [Fact]
    public void This_process_has_a_peak_at_least_its_current_resident_set()
    {
        if (!OperatingSystem.IsLinux()) return;
        // One snapshot: the kernel reports VmHWM as at least the VmRSS of the same read, while two reads can see the
        // resident set grow in between.
        var status = File.ReadAllLines("/proc/self/status");
        long? peak = ProcStatus.FieldBytes(status, "VmHWM");
        long? current = ProcStatus.FieldBytes(status, "VmRSS");
        Assert.NotNull(peak);
        Assert.NotNull(current);
        Assert.True(peak >= current && current > 0, $"peak {peak}, current {current}");
    }
}
