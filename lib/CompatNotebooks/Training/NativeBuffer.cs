using System.Runtime.InteropServices;

namespace CompatNotebooks.Training;

/// <summary>A zeroed, 64-byte-aligned block of floats outside the GC heap (kernels read it through raw pointers).</summary>
internal sealed unsafe class NativeBuffer : IDisposable
{
    public NativeBuffer(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        Pointer = (float*)NativeMemory.AlignedAlloc((nuint)Math.Max(1, length) * sizeof(float), 64);
        Clear();
    }

    public float* Pointer { get; private set; }

    public long Length { get; }

    public Span<float> Span => new(Pointer, checked((int)Length));

    public void Clear() => NativeMemory.Clear(Pointer, (nuint)Length * sizeof(float));

    public void Dispose()
    {
        if (Pointer is null) return;
        NativeMemory.AlignedFree(Pointer);
        Pointer = null;
    }
}
