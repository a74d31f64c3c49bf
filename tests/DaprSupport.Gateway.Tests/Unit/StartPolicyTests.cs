using DaprSupport.Configuration.Cache;
using DaprSupport.Configuration.Documents;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Realtime.Conversations;
using DaprSupport.Gateway.Tests.Unit.Fakes;
using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary>
/// <see cref="StartPolicy"/>: no caller-chosen privileges (docs/security.md) — a visitor names only a public skill
/// group of its tenant, never a priority; the priority is the group's configured one, bounded.
/// </summary>
public sealed class StartPolicyTests
{
    private static readonly StartPolicy Policy = new(FixedTenants.Directory(new()
    {
        ["acme"] = new TenantOptions
        {
            SkillGroups =
            {
                ["general"] = new SkillGroupOptions { Public = true },
                ["priority-line"] = new SkillGroupOptions { Public = true, Priority = 3 },
                ["runaway"] = new SkillGroupOptions { Public = true, Priority = 1_000_000 },
                ["escalations"] = new SkillGroupOptions { Public = false, Priority = 5 },
            },
        },
        ["globex"] = new TenantOptions { SkillGroups = { ["globex-only"] = new SkillGroupOptions { Public = true } } },
    }));

    private static readonly SupportPrincipal Visitor = new("acme", "v_1", "visitor", "Vera", [], null);

    [Theory]
    [InlineData(null, 0)]
    [InlineData("general", 0)]
    [InlineData("priority-line", 3)]
    [InlineData("runaway", SessionLimits.MaxPriority)]
    public void A_public_skill_group_or_none_starts_with_the_configured_priority(string? skill, int priority)
    {
        var (request, refusal) = Policy.Decide(Visitor, new StartFrame("m1", skill, null, "hi"));

        Assert.Null(refusal);
        Assert.Equal(new CreateSessionRequest("v_1", "Vera", skill, priority, "m1", "hi"), request);
    }

    [Theory]
    [InlineData(null, 7, 7)]
    [InlineData("priority-line", 2, 3)]
    [InlineData("priority-line", 8, 8)]
    public void A_verified_identitys_signed_priority_counts_when_it_is_higher(
        string? skill, int signedPriority, int priority)
    {
        var verified = new SupportPrincipal("acme", "u_42", "visitor", "Vic", [], null, signedPriority);

        var (request, refusal) = Policy.Decide(verified, new StartFrame("m1", skill, null, "hi"));

        Assert.Null(refusal);
        Assert.Equal(priority, request!.Priority);
    }

    [Theory]
    [InlineData("escalations")]
    [InlineData("globex-only")]
    [InlineData("never-configured")]
    [InlineData("")]
    public void An_internal_unknown_or_other_tenants_skill_is_invalid_argument(string skill) =>
        AssertRefused(new StartFrame("m1", skill, null, "hi"), ErrorCodes.InvalidArgument);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(int.MaxValue)]
    public void Any_priority_in_the_frame_is_invalid_argument(int priority) =>
        AssertRefused(new StartFrame("m1", "general", priority, "hi"), ErrorCodes.InvalidArgument);

    [Fact]
    public void Staff_do_not_start_sessions()
    {
        var (request, refusal) = Policy.Decide(Visitor with { Role = "agent" }, new StartFrame("m1", null, null, "hi"));

        Assert.Null(request);
        Assert.Equal(ErrorCodes.Forbidden, refusal!.Code);
    }

    [Theory]
    [InlineData(null, "hi")]
    [InlineData("m1", null)]
    [InlineData("m1", "")]
    public void Missing_fields_are_bad_frame(string? clientMsgId, string? text)
    {
        var (_, refusal) = Policy.Decide(Visitor, new StartFrame(clientMsgId, null, null, text));

        Assert.Equal(ErrorCodes.BadFrame, refusal!.Code);
    }

    [Fact]
    public void A_client_msg_id_over_128_characters_is_invalid_argument_and_128_starts()
    {
        var tooLong = new string('m', SessionLimits.MaxClientMsgIdLength + 1);
        var (refused, refusal) = Policy.Decide(Visitor, new StartFrame(tooLong, null, null, "hi"));
        var (request, _) = Policy.Decide(Visitor, new StartFrame(tooLong[1..], null, null, "hi"));

        Assert.Null(refused);
        Assert.Equal((ErrorCodes.InvalidArgument, tooLong), (refusal!.Code, refusal.ClientMsgId));
        Assert.NotNull(request);
    }

    private static void AssertRefused(StartFrame frame, string code)
    {
        var (request, refusal) = Policy.Decide(Visitor, frame);

        Assert.Null(request);
        Assert.Equal(new ErrorFrame(code, refusal!.Message, "m1"), refusal);
    }
}

/// <summary>
/// <see cref="StartPolicy"/> over a tenant with a configuration document: the document's skill groups (visibility,
/// priority) replace the seed's, and a new version applies to the next start.
/// </summary>
public sealed class StartPolicyDocumentTests
{
    private static readonly SupportPrincipal Visitor = new("acme", "v_1", "visitor", "Vera", [], null);
    private readonly TenantConfigCache _cache = FixedTenants.Cache();
    private readonly StartPolicy _policy;

    public StartPolicyDocumentTests()
    {
        _policy = new StartPolicy(FixedTenants.Directory(_cache, new()
        {
            ["acme"] = new TenantOptions { SkillGroups = { ["seed-only"] = new SkillGroupOptions { Public = true } } },
        }));
        _cache.Apply("acme", 1, Document(
            new SkillGroup { Name = "sales", Priority = 4 },
            new SkillGroup { Name = "vip", Visibility = SkillVisibility.Internal, Priority = 9 }));
    }

    [Fact]
    public void A_public_group_of_the_document_starts_with_its_priority()
    {
        var (request, refusal) = _policy.Decide(Visitor, new StartFrame("m1", "sales", null, "hi"));

        Assert.Null(refusal);
        Assert.Equal(4, request!.Priority);
    }

    [Theory]
    [InlineData("vip")]
    [InlineData("seed-only")]
    public void An_internal_group_or_one_only_in_the_seed_is_refused(string skill)
    {
        var (request, refusal) = _policy.Decide(Visitor, new StartFrame("m1", skill, null, "hi"));

        Assert.Null(request);
        Assert.Equal(ErrorCodes.InvalidArgument, refusal!.Code);
    }

    [Fact]
    public void A_new_version_applies_to_the_next_start()
    {
        _cache.Apply("acme", 2, Document(
            new SkillGroup { Name = "sales", Visibility = SkillVisibility.Internal },
            new SkillGroup { Name = "vip", Priority = 7 }));

        var (_, sales) = _policy.Decide(Visitor, new StartFrame("m1", "sales", null, "hi"));
        var (vip, _) = _policy.Decide(Visitor, new StartFrame("m2", "vip", null, "hi"));

        Assert.Equal(ErrorCodes.InvalidArgument, sales!.Code);
        Assert.Equal(7, vip!.Priority);
    }

    private static TenantConfigDocument Document(params SkillGroup[] groups) => new()
    {
        Tenant = new TenantSection { DisplayName = "Acme" },
        SkillGroups = [.. groups],
    };
}
