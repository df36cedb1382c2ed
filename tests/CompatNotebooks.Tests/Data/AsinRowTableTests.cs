using CompatNotebooks.Data;

namespace CompatNotebooks.Tests.Data;

public class AsinRowTableTests
{
    [Fact]
    public void Finds_what_a_dictionary_finds_for_packed_and_other_asins()
    {
        var random = new Random(3);
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        string Next()
        {
            int length = random.Next(8) switch { 0 => random.Next(1, 10), 1 => 11, _ => 10 };
            var chars = new char[length];
            for (int i = 0; i < length; i++) chars[i] = alphabet[random.Next(alphabet.Length)];
            if (random.Next(20) == 0) chars[random.Next(length)] = "-_#é"[random.Next(4)]; // not packed
            return new string(chars);
        }
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        var table = new AsinRowTable(20_000);
        for (int row = 0; row < 20_000; row++)
        {
            string asin = Next();
            bool added = expected.TryAdd(asin, row);
            Assert.Equal(added, table.TryAdd(asin, row, out int existing));
            Assert.Equal(expected[asin], existing);
        }
        Assert.Equal(expected.Count, table.Count);
        foreach (var (asin, row) in expected)
        {
            Assert.True(table.TryGetRow(asin, out int found), asin);
            Assert.Equal(row, found);
        }
        for (int i = 0; i < 20_000; i++)
        {
            string probe = Next();
            Assert.Equal(expected.TryGetValue(probe, out int row), table.TryGetRow(probe, out int found));
            Assert.Equal(expected.ContainsKey(probe) ? row : -1, found);
        }
    }

    [Theory]
    [InlineData("1", "01")]
    [InlineData("B00", "B000")]
    [InlineData("a", "A")]
    [InlineData("0000000001", "000000001")]
    public void Strings_that_differ_in_length_or_case_stay_apart(string one, string other)
    {
        var table = new AsinRowTable(4);
        Assert.True(table.TryAdd(one, 0, out _));
        Assert.True(table.TryAdd(other, 1, out _));
        Assert.True(table.TryGetRow(one, out int first));
        Assert.True(table.TryGetRow(other, out int second));
        Assert.Equal((0, 1), (first, second));
        Assert.False(table.TryGetRow("", out _));
    }
}
