using System.Text.Json;
using System.Text.Json.Nodes;

namespace DaprSupport.Foundation.Tests.Infrastructure;

/// <summary>Whole-document JSON comparison that reports both documents when they differ.</summary>
public static class JsonAssert
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Equal(string expectedJson, string actualJson, string what)
    {
        var expected = JsonNode.Parse(expectedJson);
        var actual = JsonNode.Parse(actualJson);
        Assert.True(
            JsonNode.DeepEquals(expected, actual),
            $"{what} drifted.\nExpected:\n{expected?.ToJsonString(Indented)}\nActual:\n{actual?.ToJsonString(Indented)}");
    }
}
