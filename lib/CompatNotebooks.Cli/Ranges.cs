using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace CompatNotebooks.Cli;

/// <summary>Range checks for numeric options: a value outside is a parse error naming the option (exit code 2).</summary>
public static class Ranges
{
    /// <summary>Accepts values in [<paramref name="min"/>, <paramref name="max"/>] (NaN never).</summary>
    public static Option<T> Within<T>(this Option<T> option, T min, T max) where T : IComparable<T>, IParsable<T>
    {
        option.Validators.Add(result =>
        {
            if (!TryGiven(result, out T value)) return;
            if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0 || !value.Equals(value))
                result.AddError($"{option.Name} must be between {min} and {max}; got {result.Tokens[^1].Value}.");
        });
        return option;
    }

    /// <summary>Accepts values in (<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<double> AboveAtMost(this Option<double> option, double min, double max)
    {
        option.Validators.Add(result =>
        {
            if (!TryGiven(result, out double value)) return;
            if (!(value > min && value <= max))
                result.AddError($"{option.Name} must be above {min} and at most {max}; got {result.Tokens[^1].Value}.");
        });
        return option;
    }

    /// <summary>The value given on the command line; false when the option is absent or the word is not a number
    /// (the library reports that itself: validators run even after a failed conversion).</summary>
    private static bool TryGiven<T>(OptionResult result, out T value) where T : IParsable<T>
    {
        value = default!;
        return result.Tokens.Count > 0 && T.TryParse(result.Tokens[^1].Value, CultureInfo.InvariantCulture, out value!);
    }
}
