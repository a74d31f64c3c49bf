using System.Reflection;
using System.Text.RegularExpressions;
using DaprSupport.Contracts.Errors;
using DaprSupport.Foundation.Tests.Drift;

namespace DaprSupport.Foundation.Tests.Contracts;

/// <summary>The one error vocabulary: every code is documented with the HTTP status the table maps it to.</summary>
public sealed partial class ErrorCodesTests
{
    [Fact]
    public void Every_code_is_in_the_protocol_with_the_status_it_maps_to()
    {
        var documented = ProtocolRows();
        var codes = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.Equal(documented.Keys.Order(StringComparer.Ordinal), codes.Order(StringComparer.Ordinal));
        foreach (var code in codes)
        {
            var status = ErrorCodes.HttpStatus(code);
            Assert.True(documented[code] is var where && (where.Contains($"{status}", StringComparison.Ordinal) || !HasStatus().IsMatch(where)),
                $"{code} maps to {status}, docs/protocol.md says '{documented[code]}'");
        }
    }

    [Theory]
    [InlineData(SupportErrorCode.NotFound, 404)]
    [InlineData(SupportErrorCode.Conflict, 409)]
    [InlineData(SupportErrorCode.Forbidden, 403)]
    [InlineData(SupportErrorCode.InvalidArgument, 400)]
    public void A_domain_refusal_has_one_code_and_status(SupportErrorCode refusal, int status)
    {
        Assert.Equal(status, ErrorCodes.HttpStatus(ErrorCodes.Of(refusal)));
        Assert.Equal(ErrorCodes.Of(refusal), ErrorCodes.ForStatus(status));
    }

    /// <summary>code → the "where" column of docs/protocol.md's error-code table.</summary>
    private static Dictionary<string, string> ProtocolRows()
    {
        var text = File.ReadAllText(Path.Combine(RepoSnapshot.Root, "docs", "protocol.md"));
        var section = text[text.IndexOf("## Error codes", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        return Row().Matches(section).ToDictionary(m => m.Groups["code"].Value, m => m.Groups["where"].Value, StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^\| `(?<code>[a-z_]+)` \| (?<where>[^|]+) \|", RegexOptions.Multiline)]
    private static partial Regex Row();

    [GeneratedRegex(@"\b[1-5]\d\d\b")]
    private static partial Regex HasStatus();
}
