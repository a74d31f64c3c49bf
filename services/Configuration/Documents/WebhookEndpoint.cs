namespace DaprSupport.Configuration.Documents;

/// <summary>
/// A tenant's webhook endpoint (docs/webhooks.md): the public topics it receives, at an absolute URL, signed with
/// each of its secrets (two while a secret is rotated).
/// </summary>
public sealed record WebhookEndpoint
{
    public string Id { get; init; } = "";

    public string Url { get; init; } = "";

    /// <summary>Public topics of the event catalogue (docs/events.md), e.g. <c>support.sessions</c>.</summary>
    public List<string> Events { get; init; } = [];

    /// <summary>Signing secrets, newest first; every delivery is signed with each.</summary>
    public List<string> Secrets { get; init; } = [];

    public bool Enabled { get; init; } = true;
}
