using System.CommandLine;

namespace CompatNotebooks.Cli;

/// <summary>Range checks for numeric options: a value outside is a parse error naming the option (exit code 2).</summary>
public static class Ranges
{
    /// <summary>Accepts values in [<paramref name="min"/>, <paramref name="max"/>] (NaN never).</summary>
    public static Option<T> Within<T>(this Option<T> option, T min, T max) where T : IComparable<T>
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0) return;
            T value = result.GetValueOrDefault<T>();
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
            if (result.Tokens.Count == 0) return;
            double value = result.GetValueOrDefault<double>();
            if (!(value > min && value <= max))
                result.AddError($"{option.Name} must be above {min} and at most {max}; got {result.Tokens[^1].Value}.");
        });
        return option;
    }
}
