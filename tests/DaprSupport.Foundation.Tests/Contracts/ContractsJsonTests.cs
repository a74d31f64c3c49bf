using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;

namespace DaprSupport.Foundation.Tests.Contracts;

/// <summary>
/// The contracts' source-generated JSON metadata (<see cref="ContractsJson"/>): used for every type it lists, and
/// writing and reading exactly what reflection did, so no consumer (another team's service, a webhook receiver, a
/// stored history record) sees a change.
/// </summary>
public sealed class ContractsJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 10, 0, 0, 123, TimeSpan.FromHours(1));

    /// <summary>What <see cref="JsonDefaults.Options"/> was before: the same settings, reflection only.</summary>
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public static TheoryData<object> Samples() =>
    [
        new TimelineItem("acme", "s-1", 7, TimelineItemKind.Text, null, new Participant("visitor", "v_1", "Ann"),
            "hello \"there\" <b>", At, "c-1"),
        new TimelineItem("acme", "s-1", 8, TimelineItemKind.Event, "assigned", new Participant("system", "", null),
            null, At, null),
        new AppendTextRequest("c-2", "agent", "alice", null, "note", Note: true),
        new AppendResult(9, Duplicate: false, new SupportError(SupportErrorCode.Conflict, "taken")),
        new SessionChanged(new SessionSnapshot("acme", "s-1", SessionStatus.Offered, "billing", "v_1", null, 3,
            OfferedTo: "alice", OfferExpiresAt: At), "offered", At, [new EndedOffer("bob", OfferEndReasons.Expired)]),
        SessionResult.Fail(SupportError.NotFound("No such session.")),
        new RoutingWakeUp("acme", new Unattended("s-1", "alice", "offline")),
        new QueuePositions("acme", "general", At, ["s-1", "s-2"]),
    ];

    [Fact]
    public void Every_listed_contract_is_described_by_the_generated_context()
    {
        // The generated context has a JsonTypeInfo property per type of the listed contracts' graphs.
        var listed = typeof(ContractsJson).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Select(p => p.PropertyType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(JsonTypeInfo<>))
            .Select(t => t.GetGenericArguments()[0])
            .Where(t => t.Namespace?.StartsWith("DaprSupport.Contracts", StringComparison.Ordinal) == true)
            .ToList();

        Assert.Contains(typeof(TimelineItem), listed);
        Assert.Contains(typeof(SessionSnapshot), listed);
        foreach (var type in listed)
        {
            Assert.Same(ContractsJson.Default, JsonDefaults.Options.GetTypeInfo(type).OriginatingResolver);
        }

        // A type it does not list still works, by reflection.
        Assert.IsType<DefaultJsonTypeInfoResolver>(JsonDefaults.Options.GetTypeInfo(typeof(ReopenRequest)).OriginatingResolver);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Generated_metadata_writes_and_reads_what_reflection_did(object sample)
    {
        var type = sample.GetType();
        var generated = JsonSerializer.Serialize(sample, type, JsonDefaults.Options);

        Assert.Equal(JsonSerializer.Serialize(sample, type, Reflection), generated);
        var read = JsonSerializer.Deserialize(generated, type, JsonDefaults.Options)!;
        Assert.Equal(JsonSerializer.Serialize(read, type, Reflection), generated);
    }

    [Fact]
    public void Options_that_already_have_a_resolver_get_the_context_in_front_of_it()
    {
        var aspNet = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

        JsonDefaults.Apply(aspNet);

        Assert.Equal(2, aspNet.TypeInfoResolverChain.Count);
        Assert.Same(ContractsJson.Default, aspNet.TypeInfoResolverChain[0]);
        Assert.Same(ContractsJson.Default, aspNet.GetTypeInfo(typeof(TimelineItem)).OriginatingResolver);
    }
}
