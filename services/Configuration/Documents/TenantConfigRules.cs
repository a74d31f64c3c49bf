using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DaprSupport.Contracts.Timeline;

namespace DaprSupport.Configuration.Documents;

/// <summary>
/// Checks a configuration document field by field and names each invalid one by its JSON pointer: unknown skill
/// references, bad origins, CIDRs, time zones and times, negative numbers, duplicates.
/// </summary>
public static partial class TenantConfigRules
{
    public const int MaxTextLength = 2000;

    /// <summary>Most canned replies a tenant keeps.</summary>
    public const int MaxCannedReplies = 200;

    /// <summary>The highest queue priority a skill group gives its sessions (as SessionLimits.MaxPriority).</summary>
    public const int MaxSkillPriority = 9;
    private static readonly string[] Days =
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];

    public static IReadOnlyList<ConfigError> Validate(TenantConfigDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var errors = new List<ConfigError>();
        CheckTenant(document.Tenant, errors);
        CheckSkillGroups(document.SkillGroups, errors);
        if (document.BusinessHours is { } hours)
        {
            CheckHours(hours, errors);
        }

        CheckBlocks(document.Blocks, errors);
        if (document.RateLimits is { } limits)
        {
            Positive(limits.TenantPerSecond, "/rateLimits/tenantPerSecond", errors);
            Positive(limits.TenantBurst, "/rateLimits/tenantBurst", errors);
            Positive(limits.ConnectionPerSecond, "/rateLimits/connectionPerSecond", errors);
            Positive(limits.ConnectionBurst, "/rateLimits/connectionBurst", errors);
        }

        if (document.Retention is { HistoryDays: < 1 or > RetentionLimits.MaxDays })
        {
            errors.Add(new ConfigError(
                "/retention/historyDays",
                $"History is kept 1 to {RetentionLimits.MaxDays} days (the longest TTL a state store accepts)."));
        }

        if (document.Housekeeping is { } housekeeping)
        {
            PositiveIfSet(housekeeping.AbandonQueuedAfterSeconds, "/housekeeping/abandonQueuedAfterSeconds", errors);
            PositiveIfSet(housekeeping.ResolveIdleAfterSeconds, "/housekeeping/resolveIdleAfterSeconds", errors);
        }

        foreach (var (key, text) in document.WidgetTexts)
        {
            if (!IsId(key) || text is null || text.Length > MaxTextLength)
            {
                errors.Add(new ConfigError(
                    "/widgetTexts/" + Escape(key),
                    $"Widget texts are keyed by ids and at most {MaxTextLength} characters."));
            }
        }

        WebhookRules.Check(document.Webhooks, errors);
        CheckCannedReplies(document.CannedReplies, errors);
        if (document.Widget is { } widget)
        {
            WidgetSettingsRules.Check(widget, errors);
        }

        return errors;
    }

    /// <summary>Whether <paramref name="entry"/> is an IP address or a CIDR range (IPv4 or IPv6).</summary>
    public static bool TryParseRange(string entry, out IPNetwork range)
    {
        range = default;
        if (string.IsNullOrWhiteSpace(entry))
        {
            return false;
        }

        if (entry.Contains('/', StringComparison.Ordinal))
        {
            return IPNetwork.TryParse(entry, out range);
        }

        if (!IPAddress.TryParse(entry, out var address))
        {
            return false;
        }

        range = new IPNetwork(
            address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }

    /// <summary>An IANA time zone id this host knows.</summary>
    public static bool IsTimeZone(string id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    private static void CheckTenant(TenantSection tenant, List<ConfigError> errors)
    {
        if (tenant.DisplayName is not { Length: > 0 and <= 200 })
        {
            errors.Add(new ConfigError("/tenant/displayName", "A display name of 1–200 characters is required."));
        }

        for (var i = 0; i < tenant.WidgetOrigins.Count; i++)
        {
            if (!IsOrigin(tenant.WidgetOrigins[i]))
            {
                errors.Add(new ConfigError(
                    $"/tenant/widgetOrigins/{i}",
                    "An origin is scheme://host[:port] (http or https), without a path."));
            }
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tenant.ApiKeys.Count; i++)
        {
            var key = tenant.ApiKeys[i];
            if (key is null || !IsId(key.Id) || !ids.Add(key.Id))
            {
                errors.Add(new ConfigError($"/tenant/apiKeys/{i}/id", "Each API key needs a unique id."));
            }

            if (key is null || key.Sha256 is null || !Sha256Hex().IsMatch(key.Sha256))
            {
                errors.Add(new ConfigError(
                    $"/tenant/apiKeys/{i}/sha256",
                    "The key's SHA-256 as 64 lowercase hex digits (never the key itself)."));
            }
        }
    }

    private static void CheckSkillGroups(List<SkillGroup> groups, List<ConfigError> errors)
    {
        var names = groups.Where(g => g is not null).Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < groups.Count; i++)
        {
            var at = $"/skillGroups/{i}";
            var group = groups[i];
            if (group is null)
            {
                errors.Add(new ConfigError(at, "A skill group is an object."));
                continue;
            }

            if (!IsId(group.Name) || !seen.Add(group.Name))
            {
                errors.Add(new ConfigError(
                    at + "/name", "A unique name of letters, digits, '-', '_', '.', '@' or ':' is required."));
            }

            if (group.Visibility is not (SkillVisibility.Public or SkillVisibility.Internal))
            {
                errors.Add(new ConfigError(at + "/visibility", "visibility is \"public\" or \"internal\"."));
            }

            if (group.Assignment is not (AssignmentMode.Auto or AssignmentMode.Manual))
            {
                errors.Add(new ConfigError(at + "/assignment", "assignment is \"auto\" or \"manual\"."));
            }

            if (group.OverflowTo is { } target && (!names.Contains(target) || target == group.Name))
            {
                errors.Add(new ConfigError(
                    at + "/overflowTo",
                    $"Unknown skill group '{target}' (overflow goes to another group of this document)."));
            }

            if (group.Priority is < 0 or > MaxSkillPriority)
            {
                errors.Add(new ConfigError(at + "/priority", $"priority is 0–{MaxSkillPriority}."));
            }

            Positive(group.LoadThreshold, at + "/loadThreshold", errors);
            NotNegative(group.OverflowWaitSeconds, at + "/overflowWaitSeconds", errors);
            Positive(group.PriorityWeight, at + "/priorityWeight", errors);
            Positive(group.OfferTimeoutSeconds, at + "/offerTimeoutSeconds", errors);
            Positive(group.FirstResponseSeconds, at + "/firstResponseSeconds", errors);
            Positive(group.ResolutionSeconds, at + "/resolutionSeconds", errors);
            if (group.ReassignAfterSeconds is { } reassign)
            {
                Positive(reassign, at + "/reassignAfterSeconds", errors);
            }
        }
    }

    private static void CheckHours(BusinessHours hours, List<ConfigError> errors)
    {
        if (!IsTimeZone(hours.TimeZone))
        {
            errors.Add(new ConfigError("/businessHours/timeZone", $"Unknown IANA time zone '{hours.TimeZone}'."));
        }

        for (var i = 0; i < hours.Weekly.Count; i++)
        {
            var window = hours.Weekly[i];
            var at = $"/businessHours/weekly/{i}";
            if (window is null || !Days.Contains(window.Day, StringComparer.Ordinal))
            {
                errors.Add(new ConfigError(at + "/day", "day is one of monday … sunday."));
            }

            var open = TimeOnly.TryParseExact(
                window?.Open, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
            var close = TimeOnly.TryParseExact(
                window?.Close, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
            if (!open)
            {
                errors.Add(new ConfigError(at + "/open", "open is HH:mm."));
            }

            // A close at or before the open runs past midnight (BusinessHoursRules).
            if (!close)
            {
                errors.Add(new ConfigError(at + "/close", "close is HH:mm."));
            }
        }

        for (var i = 0; i < hours.Holidays.Count; i++)
        {
            if (!DateOnly.TryParseExact(
                hours.Holidays[i], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                errors.Add(new ConfigError($"/businessHours/holidays/{i}", "A holiday is a date, yyyy-MM-dd."));
            }
        }

        if (hours.OfflineMessage is { Length: > MaxTextLength })
        {
            errors.Add(new ConfigError("/businessHours/offlineMessage", $"At most {MaxTextLength} characters."));
        }
    }

    private static void CheckBlocks(BlockLists blocks, List<ConfigError> errors)
    {
        Ids(blocks.UserIds, "/blocks/userIds", errors);
        Ids(blocks.VisitorIds, "/blocks/visitorIds", errors);
        for (var i = 0; i < blocks.Ips.Count; i++)
        {
            if (!TryParseRange(blocks.Ips[i], out _))
            {
                errors.Add(new ConfigError(
                    $"/blocks/ips/{i}", $"'{blocks.Ips[i]}' is not an IP address or CIDR range."));
            }
        }
    }

    private static void CheckCannedReplies(List<CannedReply> replies, List<ConfigError> errors)
    {
        if (replies.Count > MaxCannedReplies)
        {
            errors.Add(new ConfigError("/cannedReplies", $"At most {MaxCannedReplies} canned replies."));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < replies.Count; i++)
        {
            var reply = replies[i];
            if (reply.Shortcut is null || !Shortcut().IsMatch(reply.Shortcut))
            {
                errors.Add(new ConfigError(
                    $"/cannedReplies/{i}/shortcut", "A shortcut is 1–32 of a-z, 0-9, '_' or '-'."));
            }
            else if (!seen.Add(reply.Shortcut))
            {
                errors.Add(new ConfigError($"/cannedReplies/{i}/shortcut", "Shortcuts are unique."));
            }

            if (reply.Text is not { Length: > 0 and <= MaxTextLength })
            {
                errors.Add(new ConfigError(
                    $"/cannedReplies/{i}/text", $"A canned reply's text is 1–{MaxTextLength} characters."));
            }
        }
    }

    private static void Ids(List<string> ids, string at, List<ConfigError> errors)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (!IsId(ids[i]))
            {
                errors.Add(new ConfigError(
                    $"{at}/{i}", "An id of 1–128 letters, digits, '-', '_', '.', '@' or ':'."));
            }
        }
    }

    private static void Positive(int value, string at, List<ConfigError> errors)
    {
        if (value <= 0)
        {
            errors.Add(new ConfigError(at, "Must be a positive number."));
        }
    }

    private static void PositiveIfSet(int? value, string at, List<ConfigError> errors)
    {
        if (value is { } set)
        {
            Positive(set, at, errors);
        }
    }

    private static void NotNegative(int value, string at, List<ConfigError> errors)
    {
        if (value < 0)
        {
            errors.Add(new ConfigError(at, "Must not be negative."));
        }
    }

    private static bool IsOrigin(string? origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && uri.GetLeftPart(UriPartial.Authority).Equals(origin, StringComparison.OrdinalIgnoreCase);

    internal static bool IsId(string? value) => value is { Length: > 0 and <= 128 } && IdChars().IsMatch(value);

    /// <summary>A JSON pointer reference token (RFC 6901: '~' as ~0, '/' as ~1).</summary>
    public static string Escape(string token) =>
        token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    [GeneratedRegex(@"^[A-Za-z0-9._@:\-]+$")]
    private static partial Regex IdChars();

    [GeneratedRegex("^[a-z0-9_-]{1,32}$")]
    private static partial Regex Shortcut();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();
}
