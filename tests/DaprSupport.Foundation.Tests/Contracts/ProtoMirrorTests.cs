using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;

namespace DaprSupport.Foundation.Tests.Contracts;

/// <summary>
/// The .proto files in services/Contracts/Protos describe the API for non-.NET teams; the C# records are the source
/// of truth. Every record field must appear in its proto message (snake_case) and the message may hold nothing else.
/// </summary>
public sealed partial class ProtoMirrorTests
{
    public static TheoryData<Type, string> Mirrors => new()
    {
        { typeof(AgentSnapshot), "AgentSnapshot" },
        { typeof(SessionSnapshot), "SessionSnapshot" },
        { typeof(TimelineItem), "TimelineItem" },
        { typeof(Participant), "Participant" },
        { typeof(CreateSessionRequest), "CreateSessionRequest" },
        { typeof(AcceptRequest), "AcceptRequest" },
        { typeof(TransferRequest), "TransferRequest" },
        { typeof(ResolveRequest), "ResolveRequest" },
        { typeof(ReopenRequest), "ReopenRequest" },
        { typeof(AppendTextRequest), "AppendTextRequest" },
        { typeof(AppendResult), "AppendResult" },
        { typeof(MarkReadRequest), "MarkReadRequest" },
        { typeof(ReadMark), "ReadMark" },
        { typeof(PresenceUpdate), "PresenceUpdate" },
        { typeof(PlannedOffer), "PlannedOffer" },
        { typeof(QueuedSession), "QueuedSession" },
        { typeof(QueueSnapshot), "QueueSnapshot" },
        { typeof(VisitorContext), "VisitorContext" },
        { typeof(VisitorSessionSummary), "VisitorSessionSummary" },
    };

    [Theory]
    [MemberData(nameof(Mirrors))]
    public void Proto_message_has_exactly_the_record_fields(Type record, string message)
    {
        var expected = record.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters()
            .Where(p => p.ParameterType.Name != "SupportError") // refusals travel as problem+json, not in the message
            .Select(p => SnakeCase(p.Name!))
            .Order(StringComparer.Ordinal)
            .ToList();

        var actual = ProtoFields(message).Order(StringComparer.Ordinal).ToList();

        Assert.True(expected.SequenceEqual(actual),
            $"proto message {message} has [{string.Join(", ", actual)}] but {record.Name} has [{string.Join(", ", expected)}]");
    }

    private static IEnumerable<string> ProtoFields(string message)
    {
        var protos = Path.Combine(RepoRoot(), "services", "Contracts", "Protos");
        foreach (var file in Directory.EnumerateFiles(protos, "*.proto", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            var match = Regex.Match(text, $@"message {message} \{{(?<body>[^}}]*)\}}");
            if (match.Success)
            {
                return FieldPattern().Matches(match.Groups["body"].Value).Select(m => m.Groups["name"].Value).ToList();
            }
        }

        throw new Xunit.Sdk.XunitException($"No proto message {message} under {protos}.");
    }

    private static string SnakeCase(string name)
    {
        var sb = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && sb.Length > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DaprSupport.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("DaprSupport.slnx not found.");
    }

    [GeneratedRegex(@"^\s*(?:repeated\s+|optional\s+)?(?:map<[\w.]+,\s*[\w.]+>|[\w.]+)\s+(?<name>\w+)\s*=\s*\d+\s*;", RegexOptions.Multiline)]
    private static partial Regex FieldPattern();
}
