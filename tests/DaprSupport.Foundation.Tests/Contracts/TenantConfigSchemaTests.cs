using System.Text.Json;
using System.Text.Json.Nodes;
using DaprSupport.Configuration.Documents;
using DaprSupport.Foundation.Tests.Drift;
using DaprSupport.Tenancy;
using Json.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DaprSupport.Foundation.Tests.Contracts;

/// <summary>
/// docs/schemas/tenant-config.schema.json describes what the services read: the Development seed, a document with
/// every default and the documented example all validate against it, and the services' own rules accept the example.
/// </summary>
public sealed class TenantConfigSchemaTests
{
    private static readonly string SchemaDir = Path.Combine(RepoSnapshot.Root, "docs", "schemas");
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(SchemaDir, "tenant-config.schema.json")));

    private static JsonElement Example => JsonDocument.Parse(File.ReadAllText(Path.Combine(SchemaDir, "examples", "tenant-config.example.json"))).RootElement.Clone();

    [Fact]
    public void The_documented_example_is_valid_for_the_schema_and_for_the_services()
    {
        AssertValid(Example);
        Assert.Empty(ConfigDocuments.Read(Example).Errors);
    }

    [Fact]
    public void A_document_with_every_default_written_out_is_valid()
    {
        var document = new TenantConfigDocument
        {
            Tenant = new TenantSection { DisplayName = "Defaults" },
            SkillGroups = [new SkillGroup { Name = "general" }],
            BusinessHours = new BusinessHours(),
            RateLimits = new RateLimits(),
            Retention = new Retention(),
        };

        AssertValid(ConfigDocuments.ToJson(document));
    }

    [Fact]
    public void The_development_seed_of_the_gateway_is_valid()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = Environments.Development,
            ContentRootPath = Path.Combine(RepoSnapshot.Root, "services", "Gateway"),
        });
        builder.AddSupportSecurity();
        using var host = builder.Build();

        var seed = host.Services.GetRequiredService<TenantDirectory>().Seed("demo");

        Assert.NotNull(seed);
        Assert.NotEmpty(seed.Tenant.ApiKeys);
        AssertValid(ConfigDocuments.ToJson(seed));
    }

    [Theory]
    [InlineData("/skillGroups/0/loadThreshold", "-1")]
    [InlineData("/tenant/colour", "\"red\"")]
    [InlineData("/skillGroups/0/assignment", "\"sometimes\"")]
    [InlineData("/skillGroups/0/priority", "10")]
    [InlineData("/skillGroups/0/priority", "-1")]
    [InlineData("/tenant/apiKeys/0/sha256", "\"plain-key\"")]
    [InlineData("/businessHours/weekly/0/open", "\"9am\"")]
    public void The_schema_refuses_what_the_services_refuse(string at, string json)
    {
        var node = JsonNode.Parse(Example.GetRawText())!;
        var parts = at.Trim('/').Split('/');
        var parent = parts[..^1].Aggregate(node, (n, p) => int.TryParse(p, out var i) ? n[i]! : n[p]!);
        parent[parts[^1]] = JsonNode.Parse(json);
        var element = JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();

        Assert.False(Schema.Evaluate(element).IsValid);
        Assert.NotEmpty(ConfigDocuments.Read(element).Errors);
    }

    private static void AssertValid(JsonElement document)
    {
        var result = Schema.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, JsonSerializer.Serialize((result.Details ?? []).Where(d => d.Errors is not null)
            .Select(d => new { at = d.InstanceLocation.ToString(), d.Errors })));
    }
}
