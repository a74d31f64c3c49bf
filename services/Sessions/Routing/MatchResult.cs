namespace DaprSupport.Sessions.Routing;

/// <summary>
/// The decision: the chosen candidate's position in the span it came from, and the rule that chose it.
/// </summary>
public readonly record struct MatchResult(MatchTier Tier, int Position)
{
    public static MatchResult NoMatch { get; } = new(MatchTier.None, -1);

    public bool Found => Tier != MatchTier.None;
}
