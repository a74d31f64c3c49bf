using System.Runtime.InteropServices;

namespace DaprSupport.Sessions.Routing;

/// <summary>
/// What routing needs to know of one agent, as a small value so candidate lists are contiguous spans
/// (the router keeps them per skill; nothing is allocated when matching).
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct AgentCandidate(
    int AgentIndex,
    bool Online,
    int Load,
    int Capacity,
    long IdleSinceTicks)
{
    public bool HasFreeCapacity => Online && Load < Capacity;
}
