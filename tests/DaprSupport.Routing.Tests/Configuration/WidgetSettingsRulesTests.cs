using System.Text.Json.Nodes;
using DaprSupport.Configuration.Documents;

namespace DaprSupport.Routing.Tests.Configuration;

/// <summary>Section <c>widget</c> of the tenant configuration: pre-chat fields, each error named by its JSON pointer.</summary>
public sealed class WidgetSettingsRulesTests
{
    private const string Fields = """
        [
          { "name": "name", "label": "Your name", "required": true },
          { "name": "email", "label": "Email", "type": "email" }
        ]
        """;

    [Fact]
    public void Pre_chat_fields_are_read_with_their_defaults()
    {
        var (document, errors) = ConfigDocuments.Read(ConfigSamples.Json(WithFields(JsonNode.Parse(Fields)!).ToJsonString()));

        Assert.Empty(errors);
        var fields = document!.Widget!.PreChatFields;
        Assert.Equal(["name", "email"], fields.Select(f => f.Name));
        Assert.Equal([PreChatFieldType.Text, PreChatFieldType.Email], fields.Select(f => f.Type));
        Assert.Equal([true, false], fields.Select(f => f.Required));
    }

    [Theory]
    [InlineData("""[{ "name": "a b", "label": "A" }]""", "/widget/preChatFields/0/name")]
    [InlineData("""[{ "name": "a", "label": "A" }, { "name": "a", "label": "B" }]""", "/widget/preChatFields/1/name")]
    [InlineData("""[{ "name": "a", "label": " " }]""", "/widget/preChatFields/0/label")]
    [InlineData("""[{ "name": "a", "label": "A", "type": "phone" }]""", "/widget/preChatFields/0/type")]
    public void Each_invalid_pre_chat_field_is_named_by_its_json_pointer(string fields, string at)
    {
        var errors = ConfigDocuments.Read(ConfigSamples.Json(WithFields(JsonNode.Parse(fields)!).ToJsonString())).Errors;

        Assert.Equal(at, Assert.Single(errors).Pointer);
    }

    [Fact]
    public void More_than_eight_pre_chat_fields_are_refused()
    {
        var many = new JsonArray([.. Enumerable.Range(0, 9).Select(i => new JsonObject { ["name"] = $"f{i}", ["label"] = $"Field {i}" })]);

        var error = Assert.Single(ConfigDocuments.Read(ConfigSamples.Json(WithFields(many).ToJsonString())).Errors);

        Assert.Equal("/widget/preChatFields", error.Pointer);
    }

    [Fact]
    public void An_unknown_widget_setting_is_refused()
    {
        var node = JsonNode.Parse(ConfigSamples.Valid)!;
        node["widget"] = new JsonObject { ["colour"] = "red" };

        var error = Assert.Single(ConfigDocuments.Read(ConfigSamples.Json(node.ToJsonString())).Errors);

        Assert.StartsWith("/widget", error.Pointer, StringComparison.Ordinal);
    }

    private static JsonNode WithFields(JsonNode fields)
    {
        var node = JsonNode.Parse(ConfigSamples.Valid)!;
        node["widget"] = new JsonObject { ["preChatFields"] = fields };
        return node;
    }
}
