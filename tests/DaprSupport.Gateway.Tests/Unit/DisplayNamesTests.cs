using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary>Display names in tokens (security review L5): no control or format characters, bounded, trimmed.</summary>
public sealed class DisplayNamesTests
{
    [Theory]
    [InlineData("Grace", "Grace")]
    [InlineData("  Grace \t Hopper \n", "Grace Hopper")]
    [InlineData("Evil\u202Emaet troppuS", "Evilmaet troppuS")]
    [InlineData("Sup\u200Bport\u0007", "Support")]
    [InlineData("\u200B\u202E ", null)]
    [InlineData(null, null)]
    [InlineData("Zoë 👩‍💻", "Zoë 👩💻")]
    public void Control_and_format_characters_are_removed(string? given, string? expected) =>
        Assert.Equal(expected, DisplayNames.Clean(given));

    [Fact]
    public void Long_names_are_cut_without_splitting_a_character()
    {
        var name = new string('a', 127) + "😀" + "tail";

        Assert.Equal(new string('a', 127), DisplayNames.Clean(name));
        Assert.Equal(DisplayNames.MaxLength, DisplayNames.Clean(new string('b', 500))!.Length);
    }
}
