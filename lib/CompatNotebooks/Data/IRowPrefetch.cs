namespace CompatNotebooks.Data;

/// <summary>Feature rows read in place from a memory mapping whose consecutive rows lie together (a feature store, or
/// a view of some of its rows in order): a block of rows can be asked of the kernel ahead of its use, and its size
/// in memory is known — what the block-local training order needs when the rows do not all fit in memory.</summary>
internal interface IRowPrefetch
{
    /// <summary>Whether the rows are read from a memory mapping now (else they are all in the process's memory, and
    /// the order of reading them does not matter).</summary>
    bool InMapping { get; }

    /// <summary>Bytes a row takes in memory, on average.</summary>
    long BytesPerRow { get; }

    /// <summary>Advises that rows [<paramref name="firstRow"/>, +<paramref name="rowCount"/>) will be read soon
    /// (<c>madvise(MADV_WILLNEED)</c> on the range holding them); false where unsupported or refused.</summary>
    bool WillNeed(int firstRow, int rowCount);
}
