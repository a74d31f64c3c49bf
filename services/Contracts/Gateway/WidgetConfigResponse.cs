namespace DaprSupport.Contracts.Gateway;

/// <summary>
/// <c>GET /v1/widget/config</c>: what the visitor widget of a tenant shows, all of it public. <c>Texts</c> are the
/// tenant's widget texts by key; <c>OfflineMessage</c> is what a visitor sees outside business hours.
/// </summary>
public sealed record WidgetConfigResponse(
    string Tenant,
    string? DisplayName,
    IReadOnlyDictionary<string, string> Texts,
    IReadOnlyList<WidgetPreChatField> PreChatFields,
    string? OfflineMessage);

/// <summary>
/// A pre-chat field the widget asks for: its key in <c>start.context.fields</c>, label, type (text, email).
/// </summary>
public sealed record WidgetPreChatField(string Name, string Label, string Type, bool Required);
