using System.Text.Json;
using System.Text.Json.Nodes;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Events;
using DaprSupport.Testing;

namespace DaprSupport.Foundation.Tests.Contracts;

/// <summary>
/// The published contract (docs/schemas) is what the services' serializer writes, and the event catalogue
/// (docs/events.md) lists every topic. Run with <c>UPDATE_CONTRACT_SCHEMAS=1</c> to rewrite the schemas after a
/// deliberate contract change (the diff is the review).
/// </summary>
public sealed class ContractSchemaTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Fact]
    public void Every_published_schema_is_what_the_serializer_writes()
    {
        var update = Environment.GetEnvironmentVariable("UPDATE_CONTRACT_SCHEMAS") == "1";
        var stale = new List<string>();
        foreach (var (path, schema) in ContractSchemas.All())
        {
            var file = Path.Combine(RepoFiles.Root(), "docs", "schemas", path);
            var expected = schema.ToJsonString(Indented) + "\n";
            if (update)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, expected);
            }
            else if (!File.Exists(file) || File.ReadAllText(file).ReplaceLineEndings("\n") != expected)
            {
                stale.Add(path);
            }
        }

        Assert.True(stale.Count == 0,
            $"schemas differ from the C# records: {string.Join(", ", stale)} (rerun with UPDATE_CONTRACT_SCHEMAS=1)");
    }

    [Fact]
    public void No_schema_file_is_left_over_from_a_removed_contract()
    {
        var published = ContractSchemas.All().Select(s => s.RelativePath.Replace('/', Path.DirectorySeparatorChar))
            .ToHashSet(StringComparer.Ordinal);
        var root = Path.Combine(RepoFiles.Root(), "docs", "schemas");
        var files = new[] { "events", "api" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.json"))
            .Select(f => Path.GetRelativePath(root, f));
        Assert.All(files, f => Assert.Contains(f, published));
    }

    [Fact]
    public void Every_topic_constant_is_in_the_catalogue()
    {
        var topics = EventCatalog.Constants(typeof(Topics)).Where(t => t.StartsWith("support.", StringComparison.Ordinal));
        Assert.Equal(topics.Order(StringComparer.Ordinal), EventCatalog.All.Select(t => t.Topic).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_catalogue_page_lists_every_topic_with_its_payload_key_and_visibility()
    {
        var rows = File.ReadAllLines(Path.Combine(RepoFiles.Root(), "docs", "events.md"))
            .Where(l => l.StartsWith("| `support.", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .ToDictionary(c => c[1].Trim('`'), c => c, StringComparer.Ordinal);
        foreach (var topic in EventCatalog.All)
        {
            Assert.True(rows.TryGetValue(topic.Topic, out var row), $"docs/events.md has no row for {topic.Topic}");
            Assert.Contains(topic.PayloadName, row[2], StringComparison.Ordinal);
            Assert.Equal(topic.PartitionKey, row[3]);
            Assert.Equal(topic.Public ? "public" : "internal", row[4]);
            foreach (var value in topic.Values.SelectMany(v => v.Value))
            {
                Assert.Contains($"`{value}`", File.ReadAllText(Path.Combine(RepoFiles.Root(), "docs", "events.md")), StringComparison.Ordinal);
            }
        }

        Assert.Equal(EventCatalog.All.Count, rows.Count);
    }

    [Fact]
    public void A_session_change_schema_refuses_an_unknown_change_and_an_unknown_field()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoFiles.Root(), "docs", "schemas", "events", "support.sessions.schema.json")))!;
        Assert.False(schema["additionalProperties"]!.GetValue<bool>());
        var change = schema["properties"]!["change"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>());
        Assert.Contains("offer_withdrawn", change);
        Assert.DoesNotContain("Offer_withdrawn", change);
    }
}
