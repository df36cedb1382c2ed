using System.Globalization;
using System.Runtime.CompilerServices;

namespace CompatNotebooks.Data;

/// <summary>Turns one parsed metadata dict into a typed <see cref="ProductMetadata"/>. Knows the 2014 keys
/// (asin, title, price, imUrl, brand, description, salesRank, categories, related) and the later JSON release's
/// flat ones (also_buy → AlsoBought, also_view → AlsoViewed, category, imageURL); everything else goes to
/// <see cref="ProductMetadata.Extra"/> unchanged. None/null counts as absent for the known keys; an unknown key
/// keeps it in <see cref="ProductMetadata.Extra"/>.</summary>
internal static class ProductMetadataMapper
{
    /// <summary>A known field with a value of the wrong type, or no asin.</summary>
    internal sealed class FieldException(string reason, string problem) : Exception(problem)
    {
        public string Reason { get; } = reason;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ProductMetadata Map(Dictionary<string, object?> dict)
    {
        if (!dict.TryGetValue("asin", out var asinValue) || asinValue is not string asin || asin.Length == 0)
            throw new FieldException(MetadataSkipReasons.MissingAsin,
                asinValue is null ? "no 'asin' key (every product needs one)" : $"'asin' must be a non-empty string, found {PythonLiteral.Format(asinValue)}");

        var builder = new ProductMetadataBuilder();
        foreach (var (key, value) in dict) builder.Accept(key, value);
        return builder.Build(asin);
    }

    /// <summary>Collects the typed fields of one line, key by key in line order; shared by the generic path
    /// (<see cref="Map"/>, from a parsed dict) and the typed fast path (<see cref="PythonLiteralParser.TryParseProduct"/>,
    /// straight from the text), so both give the same record.</summary>
    internal struct ProductMetadataBuilder
    {
        public string? Asin, Title, ImageUrl, Brand, Description;
        public double? Price;
        public string? PriceProblem;
        public IReadOnlyDictionary<string, long>? SalesRank;
        public IReadOnlyList<IReadOnlyList<string>>? Categories;
        public IReadOnlyList<string>? AlsoBought, AlsoViewed, BoughtTogether, BuyAfterViewing;
        public Dictionary<string, object?>? Extra;

        /// <summary>Takes one top-level key with its generic value (None/null = absent for a known key).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Accept(string key, object? value)
        {
            if (value is null)
            {
                // An unknown key keeps its None/null: Extra promises that nothing on the line is lost.
                if (!IsKnownKey(key)) (Extra ??= new())[key] = null;
                return;
            }
            switch (key)
            {
                case "asin": Asin = value as string; break;
                case "title": Title = AsString(key, value); break;
                case "imUrl": ImageUrl = AsString(key, value); break;
                case "brand": Brand = AsString(key, value); break;
                case "description":
                    Description = value is List<object?> parts ? string.Join("\n", StringList(key, parts)) : AsString(key, value);
                    break;
                case "price":
                    Price = value switch
                    {
                        double d => d,
                        long l => l,
                        string s => ParsePriceText(s),
                        _ => throw TypeError(key, "a number", value),
                    };
                    if (Price is { } number && PriceProblemOf(number) is { } problem)
                    {
                        // Kept as missing and counted by the reader; the value stays in Extra so nothing is lost.
                        PriceProblem = problem;
                        Price = null;
                    }
                    if (Price is null) (Extra ??= new())[key] = value; // e.g. "$10.99 - $20.00": kept as written
                    break;
                case "salesRank": SalesRank = SalesRankOf(value); break;
                case "categories":
                    {
                        if (value is not List<object?> paths) throw TypeError(key, "a list of category paths", value);
                        var result = new IReadOnlyList<string>[paths.Count];
                        for (int i = 0; i < paths.Count; i++)
                            result[i] = paths[i] is List<object?> path ? StringList(key, path) : throw TypeError(key, "a list of lists of strings", value);
                        Categories = result;
                        break;
                    }
                case "related":
                    {
                        if (value is not Dictionary<string, object?> related) throw TypeError(key, "a dict of ASIN lists", value);
                        foreach (var (relation, list) in related) AcceptRelated(relation, list);
                        break;
                    }
                // The later (2018) JSON release.
                case "also_buy": AlsoBought = AsinList(key, value); break;
                case "also_view": AlsoViewed = AsinList(key, value); break;
                case "category" when value is List<object?> flat:
                    (Extra ??= new())[key] = value;
                    if (flat.Count > 0) Categories ??= [StringList(key, flat)];
                    break;
                case "imageURL" when value is List<object?> { Count: > 0 } urls && urls[0] is string firstUrl:
                    ImageUrl ??= firstUrl;
                    (Extra ??= new())[key] = value;
                    break;
                default:
                    (Extra ??= new())[key] = value;
                    break;
            }
        }

        /// <summary>Takes one entry of the <c>related</c> dict with its generic value.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void AcceptRelated(string relation, object? list)
        {
            if (list is null)
            {
                if (relation is not ("also_bought" or "also_viewed" or "bought_together" or "buy_after_viewing"))
                    (Extra ??= new())["related." + relation] = null;
                return;
            }
            switch (relation)
            {
                case "also_bought": AlsoBought = AsinList("related.also_bought", list); break;
                case "also_viewed": AlsoViewed = AsinList("related.also_viewed", list); break;
                case "bought_together": BoughtTogether = AsinList("related.bought_together", list); break;
                case "buy_after_viewing": BuyAfterViewing = AsinList("related.buy_after_viewing", list); break;
                default: (Extra ??= new())["related." + relation] = list; break;
            }
        }

        /// <summary>The record (the caller has checked <paramref name="asin"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly ProductMetadata Build(string asin)
        {
            // One initializer, not a chain of `with` copies: this runs once per line.
            bool anyRelated = AlsoBought is not null || AlsoViewed is not null || BoughtTogether is not null || BuyAfterViewing is not null;
            var metadata = new ProductMetadata
            {
                Asin = asin,
                Title = Title,
                Price = Price,
                PriceProblem = PriceProblem,
                ImageUrl = ImageUrl,
                Brand = Brand,
                Description = Description,
                SalesRank = SalesRank ?? ProductMetadata.EmptyRanks,
                Categories = Categories ?? [],
                Related = anyRelated
                    ? new RelatedProducts
                    {
                        AlsoBought = AlsoBought ?? [],
                        AlsoViewed = AlsoViewed ?? [],
                        BoughtTogether = BoughtTogether ?? [],
                        BuyAfterViewing = BuyAfterViewing ?? [],
                    }
                    : RelatedProducts.None,
                Extra = Extra ?? ProductMetadata.EmptyExtra,
            };
            return metadata;
        }
    }

    /// <summary>The top-level keys <see cref="ProductMetadataBuilder.Accept"/> maps to properties (None/null there = absent).</summary>
    private static bool IsKnownKey(string key) =>
        key is "asin" or "title" or "imUrl" or "brand" or "description" or "price" or "salesRank" or "categories" or "related"
            or "also_buy" or "also_view" or "category" or "imageURL";

    private static string AsString(string key, object value) => value as string ?? throw TypeError(key, "a string", value);

    private static string[] AsinList(string key, object value) =>
        value is List<object?> list ? StringList(key, list) : throw TypeError(key, "a list of ASIN strings", value);

    private static string[] StringList(string key, List<object?> list)
    {
        var result = new string[list.Count];
        for (int i = 0; i < result.Length; i++)
            result[i] = list[i] as string ?? throw TypeError(key, "a list of strings", list[i]);
        return result;
    }

    private static Dictionary<string, long> SalesRankOf(object value)
    {
        if (value is not Dictionary<string, object?> ranks) throw TypeError("salesRank", "a dict of category: rank", value);
        var result = new Dictionary<string, long>(ranks.Count, StringComparer.Ordinal);
        foreach (var (category, rank) in ranks)
            result[category] = rank is long r ? r : throw TypeError("salesRank", "integer ranks", rank);
        return result;
    }

    /// <summary>Why a numeric price cannot be a price (kept as missing), or null when it can.</summary>
    private static string? PriceProblemOf(double price) =>
        double.IsNaN(price) ? MetadataPriceReasons.NotANumber
        : double.IsInfinity(price) ? MetadataPriceReasons.Infinite
        : price < 0 ? MetadataPriceReasons.Negative
        : null;

    /// <summary>The JSON release writes prices as text ("$12.99"); anything else (ranges, HTML) is not a price.</summary>
    private static double? ParsePriceText(string text)
    {
        var span = text.AsSpan().Trim();
        if (span.StartsWith("$")) span = span[1..];
        return double.TryParse(span, NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out double price)
            ? price : null;
    }

    private static FieldException TypeError(string key, string expected, object? found)
    {
        string shown = PythonLiteral.Format(found);
        if (shown.Length > 60) shown = shown[..57] + "...";
        return new FieldException(MetadataSkipReasons.FieldType, $"'{key}' must be {expected}, found {shown}");
    }
}
