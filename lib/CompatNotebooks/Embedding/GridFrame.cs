namespace CompatNotebooks.Embedding;

/// <summary>Where the grid lies: its origin (x0, y0), spacing, the range of base cells and the charges' centre.</summary>
internal readonly record struct GridFrame(double X0, double Y0, double H, int Lo, int MaxBaseX, int MaxBaseY, double Cx, double Cy);
