using System.Text.Json.Nodes;
using DaprSupport.Configuration.Documents;

namespace DaprSupport.Routing.Tests.Configuration;

/// <summary><c>cannedReplies</c> of the tenant configuration (docs/configuration.md): shortcut shape, uniqueness, text length.</summary>
public sealed class CannedRepliesRulesTests
{
    [Fact]
    public void Valid_canned_replies_are_read()
    {
        var (document, errors) = Read(("hello", "Hello! How can I help?"), ("bye-now", "Goodbye."));

        Assert.Empty(errors);
        Assert.Equal(["hello", "bye-now"], document!.CannedReplies.Select(r => r.Shortcut));
        Assert.Equal("Goodbye.", document.CannedReplies[1].Text);
    }

    [Theory]
    [InlineData("Hello", "text", "/cannedReplies/0/shortcut")]
    [InlineData("", "text", "/cannedReplies/0/shortcut")]
    [InlineData("a b", "text", "/cannedReplies/0/shortcut")]
    [InlineData("this-shortcut-is-much-longer-than-32", "text", "/cannedReplies/0/shortcut")]
    [InlineData("ok", "", "/cannedReplies/0/text")]
    public void An_invalid_reply_is_named_by_its_pointer(string shortcut, string text, string at)
    {
        var (document, errors) = Read((shortcut, text));

        Assert.Null(document);
        Assert.Equal(at, Assert.Single(errors).Pointer);
    }

    [Fact]
    public void A_repeated_shortcut_or_a_too_long_text_is_refused()
    {
        var (_, repeated) = Read(("hi", "one"), ("hi", "two"));
        var (_, tooLong) = Read(("hi", new string('x', TenantConfigRules.MaxTextLength + 1)));

        Assert.Equal("/cannedReplies/1/shortcut", Assert.Single(repeated).Pointer);
        Assert.Equal("/cannedReplies/0/text", Assert.Single(tooLong).Pointer);
    }

    [Fact]
    public void More_than_the_maximum_of_replies_is_refused()
    {
        var many = Enumerable.Range(0, TenantConfigRules.MaxCannedReplies + 1).Select(i => ($"r{i}", "text")).ToArray();

        Assert.Equal("/cannedReplies", Assert.Single(Read(many).Errors).Pointer);
    }

    private static (TenantConfigDocument? Document, IReadOnlyList<ConfigError> Errors) Read(params (string Shortcut, string Text)[] replies)
    {
        var node = JsonNode.Parse(ConfigSamples.Valid)!;
        node["cannedReplies"] = new JsonArray([.. replies.Select(r => new JsonObject { ["shortcut"] = r.Shortcut, ["text"] = r.Text })]);
        var (document, errors) = ConfigDocuments.Read(ConfigSamples.Json(node.ToJsonString()));
        return (document, errors);
    }
}
