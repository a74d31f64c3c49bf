using System.Text.Json.Serialization;

namespace DaprSupport.Configuration.Documents;

/// <summary>
/// One tenant's configuration (docs/configuration.md, schema docs/schemas/tenant-config.schema.json). Durations are
/// whole seconds and counts are integers, so a negative value is a field error with a JSON pointer, not a parse error.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TenantConfigDocument
{
    public TenantSection Tenant { get; init; } = new();

    public List<SkillGroup> SkillGroups { get; init; } = [];

    public BusinessHours? BusinessHours { get; init; }

    public BlockLists Blocks { get; init; } = new();

    public RateLimits? RateLimits { get; init; }

    public Retention? Retention { get; init; }

    /// <summary>Idle-session housekeeping; an absent field takes the sessions service's default.</summary>
    public Housekeeping? Housekeeping { get; init; }

    /// <summary>Texts the visitor widget shows (greeting, offline, queued, …), by key.</summary>
    public Dictionary<string, string> WidgetTexts { get; init; } = [];

    /// <summary>Endpoints that receive chosen public events as signed HTTP POSTs (docs/webhooks.md).</summary>
    public List<WebhookEndpoint> Webhooks { get; init; } = [];

    /// <summary>Replies staff insert in the desk's composer by typing <c>/</c> and the shortcut.</summary>
    public List<CannedReply> CannedReplies { get; init; } = [];

    /// <summary>The visitor widget's behaviour (pre-chat fields); see <see cref="WidgetSettings"/>.</summary>
    public WidgetSettings? Widget { get; init; }
}

/// <summary>
/// A canned reply: a unique <see cref="Shortcut"/> (1–32 of a-z 0-9 _ -) and the text it inserts (1–2000).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CannedReply
{
    public string Shortcut { get; init; } = "";

    public string Text { get; init; } = "";
}

/// <summary>
/// The tenant itself: its name, whether it is open, the widget's web origins and its API keys (hashes only).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TenantSection
{
    public string DisplayName { get; init; } = "";

    /// <summary>
    /// A disabled tenant's tokens stop working and its sockets close; only platform operators change it.
    /// </summary>
    public bool Enabled { get; init; } = true;

    /// <summary>scheme://host[:port] of every page that may open visitor sessions.</summary>
    public List<string> WidgetOrigins { get; init; } = [];

    public List<ApiKeyHash> ApiKeys { get; init; } = [];
}

/// <summary>An API key by its id and the lowercase hex SHA-256 of the key; the key itself is never stored.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ApiKeyHash(string Id, string Sha256);

/// <summary>A skill group: who may see it, how its queue is routed and its SLA targets.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SkillGroup
{
    public string Name { get; init; } = "";

    /// <summary><c>public</c> (visitors may pick it) or <c>internal</c> (only transfers reach it).</summary>
    public string Visibility { get; init; } = SkillVisibility.Public;

    /// <summary>
    /// The queue priority (0–9) of the sessions visitors start in this group: a configured rule, never the visitor's
    /// choice (a verified identity's signed priority counts when higher).
    /// </summary>
    public int Priority { get; init; }

    /// <summary>Sessions an agent holds before the group counts as loaded (overflow starts).</summary>
    public int LoadThreshold { get; init; } = 3;

    /// <summary>Seconds a session waits before it overflows to <see cref="OverflowTo"/>.</summary>
    public int OverflowWaitSeconds { get; init; } = 120;

    /// <summary>The skill group loaded sessions overflow to (a name in this document), if any.</summary>
    public string? OverflowTo { get; init; }

    public int PriorityWeight { get; init; } = 1;

    public int OfferTimeoutSeconds { get; init; } = 30;

    public int FirstResponseSeconds { get; init; } = 45;

    public int ResolutionSeconds { get; init; } = 1800;

    /// <summary>
    /// <c>auto</c> (the router offers to one agent) or <c>manual</c> (offered to all; the first accept wins).
    /// </summary>
    public string Assignment { get; init; } = AssignmentMode.Auto;

    /// <summary>
    /// Seconds an assigned session may wait for its agent's answer to the visitor's latest message before it is
    /// reassigned to another agent; null (the default): never.
    /// </summary>
    public int? ReassignAfterSeconds { get; init; }
}

public static class SkillVisibility
{
    public const string Public = "public";
    public const string Internal = "internal";
}

public static class AssignmentMode
{
    public const string Auto = "auto";
    public const string Manual = "manual";
}

/// <summary>Opening hours in an IANA time zone, with holidays and the message visitors see when closed.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BusinessHours
{
    public string TimeZone { get; init; } = "UTC";

    public List<WeeklyWindow> Weekly { get; init; } = [];

    /// <summary>Closed days, yyyy-MM-dd in <see cref="TimeZone"/>.</summary>
    public List<string> Holidays { get; init; } = [];

    public string? OfflineMessage { get; init; }
}

/// <summary>One opening window: a day (monday … sunday) and HH:mm open and close times, open before close.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record WeeklyWindow(string Day, string Open, string Close);

/// <summary>Who is refused: user ids (staff), visitor ids, and IP addresses or CIDR ranges.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BlockLists
{
    public List<string> UserIds { get; init; } = [];

    public List<string> VisitorIds { get; init; } = [];

    public List<string> Ips { get; init; } = [];
}

/// <summary>Client frame rate limits (token buckets), per tenant on each gateway replica and per connection.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RateLimits
{
    public int TenantPerSecond { get; init; } = 1000;

    public int TenantBurst { get; init; } = 2000;

    public int ConnectionPerSecond { get; init; } = 10;

    public int ConnectionBurst { get; init; } = 20;
}

/// <summary>How long message history is kept.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record Retention
{
    public int HistoryDays { get; init; } = 90;
}

/// <summary>
/// When the housekeeping job ends sessions nobody is using: a queued session (or offline ticket) whose visitor has
/// shown no activity for <see cref="AbandonQueuedAfterSeconds"/> is abandoned; an assigned session with no new
/// timeline item for <see cref="ResolveIdleAfterSeconds"/> is resolved. Null: the service default.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record Housekeeping
{
    public int? AbandonQueuedAfterSeconds { get; init; }

    public int? ResolveIdleAfterSeconds { get; init; }
}
