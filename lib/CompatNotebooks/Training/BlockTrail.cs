using CompatNotebooks.Randomness;

namespace CompatNotebooks.Training;

/// <summary>
/// A random order of the cells of <see cref="BlockLocalOrder"/> in which consecutive cells share a block wherever
/// possible: an Euler trail through the graph whose vertices are the blocks and whose edges are the cells (a diagonal
/// cell is a loop). Each cell then brings in one new block, as a block-by-block order does, but a block stays only
/// for the two cells it joins in the trail instead of for all of its cells, so the items that consecutive batches share
/// change every cell.
/// </summary>
internal static class BlockTrail
{
    /// <summary>
    /// The cell indices of <paramref name="cells"/> (blocks below <paramref name="blocks"/>, each cell once) in trail
    /// order. Where the trail must jump (blocks of odd degree, which the complete graph on an even number of blocks has,
    /// or separate components of a sparse graph) the next cell shares no block with the previous one: about half the
    /// number of blocks of odd degree jumps, each costing one block read more.
    /// </summary>
    public static int[] Order(IReadOnlyList<(int Lo, int Hi)> cells, int blocks, ref SeededRandom random)
    {
        // Edges: the cells, then virtual edges pairing up the odd-degree blocks (taken like the others, then dropped).
        var degree = new int[blocks];
        foreach (var (lo, hi) in cells) { degree[lo]++; degree[hi]++; } // a loop counts twice
        var odd = new List<int>();
        for (int b = 0; b < blocks; b++) if (degree[b] % 2 == 1) odd.Add(b);
        var oddBlocks = odd.ToArray();
        random.Shuffle(oddBlocks.AsSpan());
        var ends = new List<(int A, int B)>(cells.Count + oddBlocks.Length / 2);
        foreach (var cell in cells) ends.Add(cell);
        for (int i = 0; i + 1 < oddBlocks.Length; i += 2) ends.Add((oddBlocks[i], oddBlocks[i + 1]));

        var incident = new List<int>[blocks];
        for (int b = 0; b < blocks; b++) incident[b] = [];
        for (int e = 0; e < ends.Count; e++)
        {
            incident[ends[e].A].Add(e);
            if (ends[e].B != ends[e].A) incident[ends[e].B].Add(e);
        }
        var shuffled = new int[blocks][];
        for (int b = 0; b < blocks; b++)
        {
            shuffled[b] = [.. incident[b]];
            random.Shuffle(shuffled[b].AsSpan());
        }
        var starts = new int[blocks];
        for (int b = 0; b < blocks; b++) starts[b] = b;
        random.Shuffle(starts.AsSpan());

        // Hierholzer's algorithm from each block with edges left, iteratively: the edges come out as a closed trail per
        // component (in reverse order of walking, which is a trail as well).
        var used = new bool[ends.Count];
        var next = new int[blocks];
        var trail = new List<int>(cells.Count);
        var stack = new Stack<(int Block, int Edge)>();
        foreach (int start in starts)
        {
            stack.Push((start, -1));
            while (stack.Count > 0)
            {
                var (block, edge) = stack.Peek();
                var own = shuffled[block];
                while (next[block] < own.Length && used[own[next[block]]]) next[block]++;
                if (next[block] < own.Length)
                {
                    int e = own[next[block]++];
                    used[e] = true;
                    stack.Push((ends[e].A == block ? ends[e].B : ends[e].A, e));
                }
                else
                {
                    stack.Pop();
                    if (edge >= cells.Count) continue; // a virtual edge: a jump
                    if (edge >= 0) trail.Add(edge);
                }
            }
        }
        return [.. trail];
    }
}
