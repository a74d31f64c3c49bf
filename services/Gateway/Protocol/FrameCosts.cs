namespace DaprSupport.Gateway.Protocol;

/// <summary>
/// What a client frame costs in rate-limit tokens (docs/protocol.md "Limits"), and how many sessions one
/// <c>hello</c> may resume: each resumed session is a read of the session through the sessions service, so a
/// <c>hello</c> is charged one token per ten sessions it names, and names at most <see cref="MaxResumeSessions"/>.
/// </summary>
public static class FrameCosts
{
    /// <summary>
    /// Most sessions one <c>hello.resume</c> names (an agent follows at most its capacity, 100 at most).
    /// </summary>
    public const int MaxResumeSessions = 100;

    /// <summary>Sessions a <c>hello</c> resumes per rate-limit token.</summary>
    public const int ResumesPerToken = 10;

    /// <summary>Tokens the frame costs: one, and for a <c>hello</c> one per started ten sessions it resumes.</summary>
    public static int Of(ClientFrame? frame) => frame is HelloFrame { Resume: { Count: > 1 } resume }
        ? 1 + ((Math.Min(resume.Count, MaxResumeSessions) - 1) / ResumesPerToken)
        : 1;
}
