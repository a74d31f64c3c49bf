namespace DaprSupport.Configuration.Documents;

/// <summary>
/// The rules of section <c>widget</c>: at most <see cref="MaxPreChatFields"/> pre-chat fields (what <c>start</c>'s
/// <c>context.fields</c> takes), names unique ids, labels 1–<see cref="MaxLabelLength"/> characters, type text or
/// email.
/// </summary>
public static class WidgetSettingsRules
{
    public const int MaxPreChatFields = 8;
    public const int MaxLabelLength = 200;

    public static void Check(WidgetSettings widget, List<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(widget);
        ArgumentNullException.ThrowIfNull(errors);
        if (widget.PreChatFields.Count > MaxPreChatFields)
        {
            errors.Add(new ConfigError("/widget/preChatFields", $"At most {MaxPreChatFields} pre-chat fields."));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < widget.PreChatFields.Count; i++)
        {
            var field = widget.PreChatFields[i];
            var at = $"/widget/preChatFields/{i}";
            if (field is null)
            {
                errors.Add(new ConfigError(at, "A pre-chat field is an object."));
                continue;
            }

            if (!TenantConfigRules.IsId(field.Name))
            {
                errors.Add(new ConfigError(at + "/name", "1–128 letters, digits, '-', '_', '.', '@' or ':'."));
            }
            else if (!names.Add(field.Name))
            {
                errors.Add(new ConfigError(at + "/name", $"Pre-chat field \"{field.Name}\" is listed twice."));
            }

            if (string.IsNullOrWhiteSpace(field.Label) || field.Label.Length > MaxLabelLength)
            {
                errors.Add(new ConfigError(at + "/label", $"A label of 1–{MaxLabelLength} characters is required."));
            }

            if (field.Type is not (PreChatFieldType.Text or PreChatFieldType.Email))
            {
                errors.Add(new ConfigError(at + "/type", "Must be \"text\" or \"email\"."));
            }
        }
    }
}
