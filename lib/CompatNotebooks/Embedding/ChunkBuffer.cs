using Real = float;

namespace CompatNotebooks.Embedding;

/// <summary>A thread's compact copy of one column chunk of T and the FFT's scratch for it (kept in L2).</summary>
internal sealed class ChunkBuffer
{
    [ThreadStatic] private static ChunkBuffer? _current;
    public Real[] Re = [], Im = [], ScratchRe = [], ScratchIm = [];

    public static ChunkBuffer For(int cells)
    {
        var b = _current ??= new ChunkBuffer();
        if (b.Re.Length < cells)
        {
            b.Re = new Real[cells]; b.Im = new Real[cells]; b.ScratchRe = new Real[cells]; b.ScratchIm = new Real[cells];
        }
        return b;
    }
}
