using System.Globalization;

namespace CompatNotebooks.Data;

/// <summary>Turns one parsed metadata dict into a typed <see cref="ProductMetadata"/>. Knows the 2014 keys
/// (asin, title, price, imUrl, brand, description, salesRank, categories, related) and the later JSON release's
/// flat ones (also_buy → AlsoBought, also_view → AlsoViewed, category, imageURL); everything else goes to
/// <see cref="ProductMetadata.Extra"/> unchanged. None/null counts as absent.</summary>
internal static class ProductMetadataMapper
{
    /// <summary>A known field with a value of the wrong type, or no asin.</summary>
    internal sealed class FieldException(string reason, string problem) : Exception(problem)
    {
        public string Reason { get; } = reason;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static ProductMetadata Map(Dictionary<string, object?> dict)
    {
        if (!dict.TryGetValue("asin", out var asinValue) || asinValue is not string asin || asin.Length == 0)
            throw new FieldException(MetadataSkipReasons.MissingAsin,
                asinValue is null ? "no 'asin' key (every product needs one)" : $"'asin' must be a non-empty string, found {PythonLiteral.Format(asinValue)}");

        string? title = null, imageUrl = null, brand = null, description = null;
        double? price = null;
        IReadOnlyDictionary<string, long>? salesRank = null;
        IReadOnlyList<IReadOnlyList<string>>? categories = null;
        IReadOnlyList<string>? alsoBought = null, alsoViewed = null, boughtTogether = null, buyAfterViewing = null;
        Dictionary<string, object?>? extra = null;

        foreach (var (key, value) in dict)
        {
            if (value is null) continue;
            switch (key)
            {
                case "asin": break;
                case "title": title = AsString(key, value); break;
                case "imUrl": imageUrl = AsString(key, value); break;
                case "brand": brand = AsString(key, value); break;
                case "description":
                    description = value is List<object?> parts ? string.Join("\n", StringList(key, parts)) : AsString(key, value);
                    break;
                case "price":
                    price = value switch
                    {
                        double d => d,
                        long l => l,
                        string s => ParsePriceText(s),
                        _ => throw TypeError(key, "a number", value),
                    };
                    if (price is null) (extra ??= new())[key] = value; // e.g. "$10.99 - $20.00": kept as written
                    break;
                case "salesRank": salesRank = SalesRank(value); break;
                case "categories":
                {
                    if (value is not List<object?> paths) throw TypeError(key, "a list of category paths", value);
                    var result = new IReadOnlyList<string>[paths.Count];
                    for (int i = 0; i < paths.Count; i++)
                        result[i] = paths[i] is List<object?> path ? StringList(key, path) : throw TypeError(key, "a list of lists of strings", value);
                    categories = result;
                    break;
                }
                case "related":
                {
                    if (value is not Dictionary<string, object?> related) throw TypeError(key, "a dict of ASIN lists", value);
                    foreach (var (relation, list) in related)
                    {
                        if (list is null) continue;
                        switch (relation)
                        {
                            case "also_bought": alsoBought = AsinList("related.also_bought", list); break;
                            case "also_viewed": alsoViewed = AsinList("related.also_viewed", list); break;
                            case "bought_together": boughtTogether = AsinList("related.bought_together", list); break;
                            case "buy_after_viewing": buyAfterViewing = AsinList("related.buy_after_viewing", list); break;
                            default: (extra ??= new())["related." + relation] = list; break;
                        }
                    }
                    break;
                }
                // The later (2018) JSON release.
                case "also_buy": alsoBought = AsinList(key, value); break;
                case "also_view": alsoViewed = AsinList(key, value); break;
                case "category" when value is List<object?> flat:
                    (extra ??= new())[key] = value;
                    if (flat.Count > 0) categories ??= [StringList(key, flat)];
                    break;
                case "imageURL" when value is List<object?> { Count: > 0 } urls && urls[0] is string firstUrl:
                    imageUrl ??= firstUrl;
                    (extra ??= new())[key] = value;
                    break;
                default:
                    (extra ??= new())[key] = value;
                    break;
            }
        }

        var metadata = new ProductMetadata
        {
            Asin = asin, Title = title, Price = price, ImageUrl = imageUrl, Brand = brand, Description = description,
        };
        if (salesRank is not null) metadata = metadata with { SalesRank = salesRank };
        if (categories is not null) metadata = metadata with { Categories = categories };
        if (alsoBought is not null || alsoViewed is not null || boughtTogether is not null || buyAfterViewing is not null)
        {
            metadata = metadata with
            {
                Related = new RelatedProducts
                {
                    AlsoBought = alsoBought ?? [], AlsoViewed = alsoViewed ?? [],
                    BoughtTogether = boughtTogether ?? [], BuyAfterViewing = buyAfterViewing ?? [],
                },
            };
        }
        if (extra is not null) metadata = metadata with { Extra = extra };
        return metadata;
    }

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

    private static Dictionary<string, long> SalesRank(object value)
    {
        if (value is not Dictionary<string, object?> ranks) throw TypeError("salesRank", "a dict of category: rank", value);
        var result = new Dictionary<string, long>(ranks.Count, StringComparer.Ordinal);
        foreach (var (category, rank) in ranks)
            result[category] = rank is long r ? r : throw TypeError("salesRank", "integer ranks", rank);
        return result;
    }

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
