using CompatNotebooks.Cli;

namespace CompatNotebooks.Tests.Cli;

public class ArgumentsTests
{
    private static Arguments Parse(params string[] args) =>
        Arguments.Parse("demo", args, options: ["data", "items", "seed", "rate"], flags: ["hard-negatives"]);

    [Fact]
    public void OptionsFlagsAndTypedGettersWork()
    {
        var a = Parse("--data", "/tmp/x", "--items=1_000", "--hard-negatives", "--seed", "7", "--rate", "-0.5");
        Assert.Equal("/tmp/x", a.Required("data"));
        Assert.Equal(1000, a.Int32("items", 5));
        Assert.Equal(7UL, a.UInt64("seed", 1));
        Assert.Equal(-0.5, a.Double("rate", 0));
        Assert.True(a.Flag("hard-negatives"));
        Assert.False(a.HelpRequested);
    }

    [Fact]
    public void AbsentOptionsFallBack()
    {
        var a = Parse();
        Assert.Equal(5, a.Int32("items", 5));
        Assert.Null(a.String("data"));
        Assert.False(a.Flag("hard-negatives"));
        Assert.False(a.Has("seed"));
    }

    [Theory]
    [InlineData("--nope", "1")]            // unknown option
    [InlineData("--items")]                // missing value
    [InlineData("--items", "--seed", "1")] // value looks like the next option
    [InlineData("--seed", "1", "--seed", "2")] // repeated
    [InlineData("stray")]                  // positional not allowed
    [InlineData("--hard-negatives=yes")]   // switch with a value
    [InlineData("-x")]                     // single-dash option
    public void BadCommandLinesAreUsageErrors(params string[] args)
    {
        var e = Assert.Throws<UsageException>(() => Parse(args));
        Assert.Contains("demo", e.Message);
    }

    [Fact]
    public void BadValuesNameTheOption()
    {
        var a = Parse("--items", "12x", "--seed", "-3", "--rate", "NaN");
        Assert.Contains("--items", Assert.Throws<UsageException>(() => a.Int32("items", 0)).Message);
        Assert.Contains("--seed", Assert.Throws<UsageException>(() => a.UInt64("seed", 0)).Message);
        Assert.Contains("--rate", Assert.Throws<UsageException>(() => a.Double("rate", 0)).Message);
        Assert.Contains("--data", Assert.Throws<UsageException>(() => a.Required("data")).Message);
        Assert.Throws<UsageException>(() => Parse("--items", "0").Int32("items", 5, min: 1));
    }

    [Fact]
    public void PositionalsAndHelp()
    {
        var a = Arguments.Parse("run", ["nb.ipynb", "--help", "--", "--literal"], options: [], maxPositionals: 2);
        Assert.Equal(["nb.ipynb", "--literal"], a.Positionals);
        Assert.True(a.HelpRequested);
    }

    [Fact]
    public void ChoicesAndEnums()
    {
        var a = Arguments.Parse("demo", ["--mode", "FAST", "--kind", "samesubcategory"], options: ["mode", "kind"]);
        Assert.Equal("fast", a.Choice("mode", "slow", "slow", "fast"));
        Assert.Equal(DayOfWeek.Monday, a.Enum("missing", DayOfWeek.Monday));
        Assert.Throws<UsageException>(() => a.Enum("kind", DayOfWeek.Monday));
    }
}
