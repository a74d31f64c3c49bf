using DaprSupport.Gateway.Protocol;

namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>
/// Where a handler's answers go: the connection's outbound queue, or one long-poll request's reply list.
/// </summary>
internal interface IFrameSink
{
    void Emit(ServerFrame frame);
}
