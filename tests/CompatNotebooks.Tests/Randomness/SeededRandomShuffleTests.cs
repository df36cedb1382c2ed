using CompatNotebooks.Randomness;

namespace CompatNotebooks.Tests.Randomness;

public class SeededRandomShuffleTests
{
    /// <summary>Fisher–Yates as written in the textbook, one draw per swap: the permutation every seed must keep.</summary>
    private static int[] Reference(int length, ulong seed, out ulong next)
    {
        var items = Enumerable.Range(0, length).ToArray();
        var random = new SeededRandom(seed);
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
        next = random.NextUInt64();
        return items;
    }

    [Theory]
    [InlineData(10)]
    [InlineData(SeededRandom.PrefetchedShuffleLength - 1)]
    [InlineData(SeededRandom.PrefetchedShuffleLength)]
    [InlineData(SeededRandom.PrefetchedShuffleLength + 17)]
    [InlineData(300_001)]
    public void The_permutation_and_the_generator_after_it_are_those_of_plain_Fisher_Yates(int length)
    {
        var expected = Reference(length, 42, out ulong expectedNext);
        var items = Enumerable.Range(0, length).ToArray();
        var random = new SeededRandom(42);
        random.Shuffle(items.AsSpan());
        Assert.Equal(expected, items);
        Assert.Equal(expectedNext, random.NextUInt64());
    }

    [Fact]
    public void Structs_larger_than_an_int_move_whole()
    {
        int length = SeededRandom.PrefetchedShuffleLength + 5;
        var order = Reference(length, 7, out _);
        var items = Enumerable.Range(0, length).Select(i => (Long: (long)i << 20, Tag: i)).ToArray();
        var random = new SeededRandom(7);
        random.Shuffle(items.AsSpan());
        for (int i = 0; i < length; i++) Assert.Equal(((long)order[i] << 20, order[i]), items[i]);
    }
}
