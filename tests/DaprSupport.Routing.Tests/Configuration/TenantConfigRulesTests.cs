using System.Text.Json.Nodes;
using DaprSupport.Configuration.Documents;

namespace DaprSupport.Routing.Tests.Configuration;

public sealed class TenantConfigRulesTests
{
    [Fact]
    public void The_sample_document_is_valid()
    {
        var (document, errors) = ConfigDocuments.Read(ConfigSamples.Json(ConfigSamples.Valid));

        Assert.Empty(errors);
        Assert.Equal("Acme", document!.Tenant.DisplayName);
        Assert.Equal(AssignmentMode.Manual, document.SkillGroups[1].Assignment);
    }

    [Theory]
    [InlineData("/skillGroups/0/overflowTo", "nobody")]
    [InlineData("/businessHours/timeZone", "Mars/Olympus_Mons")]
    [InlineData("/blocks/ips/1", "198.51.100.0/33")]
    [InlineData("/blocks/ips/0", "not-an-ip")]
    [InlineData("/skillGroups/1/loadThreshold", -1)]
    [InlineData("/skillGroups/0/overflowWaitSeconds", -5)]
    [InlineData("/rateLimits/connectionBurst", -1)]
    [InlineData("/retention/historyDays", 0)]
    [InlineData("/retention/historyDays", 24_856)]
    [InlineData("/skillGroups/0/assignment", "sometimes")]
    [InlineData("/skillGroups/1/visibility", "secret")]
    [InlineData("/tenant/widgetOrigins/0", "https://acme.example/path")]
    [InlineData("/tenant/apiKeys/0/sha256", "the-key-itself")]
    [InlineData("/businessHours/weekly/0/close", "8 pm")]
    [InlineData("/businessHours/holidays/0", "25.12.2026")]
    public void Each_invalid_field_is_named_by_its_json_pointer(string at, object value)
    {
        var node = JsonNode.Parse(ConfigSamples.Valid)!;
        var parts = at.Trim('/').Split('/');
        var parent = parts[..^1].Aggregate(node, (n, p) => int.TryParse(p, out var i) ? n[i]! : n[p]!);
        JsonNode? replacement = value is int number ? JsonValue.Create(number) : JsonValue.Create((string)value);
        if (int.TryParse(parts[^1], out var index))
        {
            parent[index] = replacement;
        }
        else
        {
            parent[parts[^1]] = replacement;
        }

        var (document, errors) = ConfigDocuments.Read(ConfigSamples.Json(node.ToJsonString()));

        Assert.Null(document);
        Assert.Equal(at, Assert.Single(errors).Pointer);
    }

    [Fact]
    public void A_wrong_type_or_an_unknown_field_is_named_by_its_pointer_too()
    {
        var wrongType = JsonNode.Parse(ConfigSamples.Valid)!;
        wrongType["skillGroups"]![0]!["priorityWeight"] = "high";
        var unknown = JsonNode.Parse(ConfigSamples.Valid)!;
        unknown["tenant"]!["colour"] = "red";

        var typeError = Assert.Single(ConfigDocuments.Read(ConfigSamples.Json(wrongType.ToJsonString())).Errors);
        var unknownError = Assert.Single(ConfigDocuments.Read(ConfigSamples.Json(unknown.ToJsonString())).Errors);

        Assert.Equal("/skillGroups/0/priorityWeight", typeError.Pointer);
        Assert.StartsWith("/tenant", unknownError.Pointer, StringComparison.Ordinal);
    }

    [Fact]
    public void Changes_are_listed_as_json_pointers_of_the_fields_that_differ()
    {
        var before = JsonNode.Parse(ConfigSamples.Valid)!;
        var after = JsonNode.Parse(ConfigSamples.Valid)!;
        after["tenant"]!["displayName"] = "Acme Ltd";
        after["blocks"]!["visitorIds"]!.AsArray().Add("v_ffffffffffffffffffffffffffffffff");
        after.AsObject().Remove("retention");

        Assert.Equal(["/blocks/visitorIds", "/retention", "/tenant/displayName"], JsonChanges.Pointers(before, after));
        Assert.Equal(["/"], JsonChanges.Pointers(null, after));
    }

    [Theory]
    [InlineData("$.skillGroups[0].name", "/skillGroups/0/name")]
    [InlineData("$['widgetTexts']['a/b']", "/widgetTexts/a~1b")]
    [InlineData("$", "/")]
    public void Json_paths_become_json_pointers(string path, string expected) =>
        Assert.Equal(expected, ConfigDocuments.Pointer(path));
}
