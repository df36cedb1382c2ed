using System.Numerics;

namespace CompatNotebooks.Embedding;

/// <summary>
/// A forward complex FFT of one length over a batch of vectors stored side by side: the transform the grid
/// convolution needs (the inverse is the forward transform with real and imaginary parts swapped).
/// </summary>
internal interface IBatchedFft<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Transform length.</summary>
    int Length { get; }

    /// <summary>
    /// In-place forward DFT of <paramref name="batch"/> vectors: element e of vector b is at <c>offset + e·stride + b</c>;
    /// elements e ≥ <paramref name="nonZero"/> are taken as zero whatever the arrays hold there.
    /// </summary>
    void TransformBatched(Span<T> re, Span<T> im, Span<T> scratchRe, Span<T> scratchIm, int offset, int stride, int batch,
        int nonZero = int.MaxValue);
}
