using System.Text.Json.Serialization;

namespace DaprSupport.Configuration.Documents;

/// <summary>
/// Section <c>widget</c>: how the visitor widget behaves. Everything here is public: the gateway serves it to any
/// page of the tenant's widget origins (<c>GET /v1/widget/config</c>).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record WidgetSettings
{
    /// <summary>
    /// Fields the visitor fills in before the first message, sent on <c>start</c> as <c>context.fields</c>.
    /// </summary>
    public List<PreChatField> PreChatFields { get; init; } = [];
}

/// <summary>
/// One pre-chat field: its key in <c>context.fields</c>, the label shown, its input type, and whether it must be
/// filled.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PreChatField
{
    public string Name { get; init; } = "";

    public string Label { get; init; } = "";

    /// <summary><c>text</c> or <c>email</c>.</summary>
    public string Type { get; init; } = PreChatFieldType.Text;

    public bool Required { get; init; }
}

public static class PreChatFieldType
{
    public const string Text = "text";
    public const string Email = "email";
}
