using System.Text.Json.Serialization;

namespace DaprSupport.Contracts.Sessions;

/// <summary>
/// queued → offered → assigned → resolved. Transfer returns an assigned session to queued (for a skill or a named
/// agent); reopen returns a resolved one to queued within the reopen window. A start outside the tenant's business
/// hours is an <see cref="Offline"/> ticket, queued when the hours open (or resolved). Nothing else is allowed.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<SessionStatus>))]
public enum SessionStatus
{
    None,
    Queued,
    Offered,
    Assigned,
    Resolved,
    Offline,
}
