using System.Globalization;

namespace CompatNotebooks.Embedding;

/// <summary>
/// Plain numeric CSV for points and embeddings: one point per line, comma-separated floats, no header.
/// Reading is strict — a wrong column count, an empty line, a non-number or a NaN/∞ value throws
/// <see cref="InvalidDataException"/> naming the file, the 1-based line and the column; nothing is skipped.
/// </summary>
public static class PointCsv
{
    /// <summary>Reads all rows; returns them row-major with their dimension.</summary>
    public static (float[] Rows, int Dimension) Read(string path)
    {
        var values = new List<float>();
        int dim = -1, line = 0;
        using var reader = new StreamReader(path);
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length > 0 && text[^1] == '\r') text = text[..^1];
            if (string.IsNullOrWhiteSpace(text))
                throw new InvalidDataException($"{path}, line {line}: empty line (every line must hold one point).");
            int columns = 0;
            foreach (var range in text.AsSpan().Split(','))
            {
                var field = text.AsSpan(range).Trim();
                columns++;
                if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out float v))
                    throw new InvalidDataException($"{path}, line {line}, column {columns}: '{field.ToString()}' is not a number.");
                if (!float.IsFinite(v))
                    throw new InvalidDataException($"{path}, line {line}, column {columns}: {field.ToString()} is not a finite number.");
                values.Add(v);
            }
            if (dim < 0) dim = columns;
            else if (columns != dim)
                throw new InvalidDataException($"{path}, line {line}: {columns} values, but line 1 has {dim}.");
        }
        if (dim < 0) throw new InvalidDataException($"{path}: no rows.");
        return (values.ToArray(), dim);
    }

    /// <summary>Writes the embedding as <c>x,y</c> lines in input order (round-trip precision, invariant culture).</summary>
    public static void WriteEmbedding(string path, TSneResult result)
    {
        using var writer = new StreamWriter(path);
        for (int i = 0; i < result.Count; i++)
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.X(i):R},{result.Y(i):R}"));
    }
}
