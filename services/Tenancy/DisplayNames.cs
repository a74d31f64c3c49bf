using System.Globalization;
using System.Text;

namespace DaprSupport.Tenancy;

/// <summary>
/// Display names as tokens carry them (security review L5): control and format characters (bidi overrides, zero-width
/// joiners) removed, whitespace runs collapsed, at most <see cref="MaxLength"/> characters; null when nothing is left.
/// </summary>
public static class DisplayNames
{
    public const int MaxLength = 128;

    public static string? Clean(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var cleaned = new StringBuilder(Math.Min(name.Length, MaxLength));
        foreach (var rune in name.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }

            if (Rune.IsWhiteSpace(rune))
            {
                if (cleaned.Length > 0 && cleaned[^1] != ' ')
                {
                    cleaned.Append(' ');
                }

                continue;
            }

            if (cleaned.Length + rune.Utf16SequenceLength > MaxLength)
            {
                break;
            }

            cleaned.Append(rune.ToString());
        }

        var result = cleaned.ToString().Trim();
        return result.Length > 0 ? result : null;
    }
}
