namespace CompatNotebooks.Plotting;

/// <summary>
/// Colours for categorical groups (subcategories, brands): 48 colours that differ from each other and from the light
/// grey used for "other", so a plot with up to 48 groups never shows two groups in one colour (plotly's default
/// cycle repeats after 10).
/// </summary>
public static class GroupPalette
{
    /// <summary>The colours, most distinct first (plotly's Dark24, then Light24 without its near-greys).</summary>
    public static IReadOnlyList<string> Colours { get; } =
    [
        "#2E91E5", "#E15F99", "#1CA71C", "#FB0D0D", "#DA16FF", "#222A2A", "#B68100", "#750D86",
        "#EB663B", "#511CFB", "#00A08B", "#FB00D1", "#FC0080", "#B2828D", "#6C7C32", "#778AAE",
        "#862A16", "#A777F1", "#620042", "#1616A7", "#DA60CA", "#6C4516", "#0D2A63", "#AF0038",
        "#FD3216", "#00FE35", "#6A76FC", "#FED4C4", "#FE00CE", "#0DF9FF", "#F6F926", "#FF9616",
        "#479B55", "#EEA6FB", "#DC587D", "#D626FF", "#6E899C", "#00B5F7", "#B68E00", "#C9FBE5",
        "#FF0092", "#22FFA7", "#E3EE9E", "#86CE00", "#BC7196", "#7E7DCD", "#FC6955", "#E48F72",
    ];

    /// <summary>The colour of the <paramref name="index"/>-th group (cycling after <see cref="Colours"/> runs out).</summary>
    public static string Of(int index) => Colours[index % Colours.Count];
}
