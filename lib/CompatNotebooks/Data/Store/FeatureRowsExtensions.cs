namespace CompatNotebooks.Data;

/// <summary>Copying helpers over <see cref="IFeatureRows"/> that work the same for in-place and compact sources.</summary>
public static class FeatureRowsExtensions
{
    /// <summary>Copies row <paramref name="row"/> into <paramref name="destination"/> (at least Dimension long):
    /// a compact source decodes straight into it, an in-place one is copied.</summary>
    public static void CopyRowTo(this IFeatureRows rows, int row, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var values = rows.Row(row, destination);
        values.CopyTo(destination); // a no-op move when the source decoded into destination
    }
}
