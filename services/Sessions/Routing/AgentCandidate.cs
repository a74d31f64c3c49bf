using System.Runtime.InteropServices;

namespace DaprSupport.Sessions.Routing;

/// <summary>
/// What routing needs to know of one agent, as a small value so candidate lists are contiguous arrays.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct AgentCandidate(
    int AgentIndex,
    bool Online,
    int Load,
    int Capacity,
    long IdleSinceMs)
{
    private const long IdleMask = (1L << 48) - 1;

    /// <summary>
    /// Least load first, then longest idle, as one number: load in the top bits, idle-since (Unix ms, 48 bits reach
    /// the year 10889) below. Lower is better.
    /// </summary>
    public long Rank => ((long)Load << 48) | (IdleSinceMs & IdleMask);
}
