using System.Collections.Concurrent;
using System.Security.Cryptography;
using DaprSupport.Gateway.Realtime.Conversations;
using DaprSupport.Tenancy;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Realtime.Transport.LongPoll;

/// <summary>
/// This replica's long-poll conversations by id. Each one counts against <see cref="GatewayOptions.MaxConnections"/>
/// like a WebSocket; idle ones are dropped after <see cref="GatewayOptions.PollCursorIdle"/>, overrun ones at once.
/// </summary>
internal sealed class PollRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, PollConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConversationFactory _factory;
    private readonly ConnectionCounter _counter;
    private readonly TimeProvider _time;
    private readonly GatewayOptions _options;
    private readonly ITimer _sweeper;

    public PollRegistry(
        ConversationFactory factory, ConnectionCounter counter, TimeProvider time, IOptions<GatewayOptions> options)
    {
        _factory = factory;
        _counter = counter;
        _time = time;
        _options = options.Value;
        _sweeper = time.CreateTimer(_ => Sweep(), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// The caller's live connection with this id; otherwise a new one, with <c>Reset</c> set when the caller named a
    /// cursor it can no longer use (expired, overrun, unknown here, or someone else's). Null when this replica is full.
    /// </summary>
    public (PollConnection Connection, bool Reset)? Open(SupportPrincipal principal, string? id)
    {
        if (id is not null && _connections.TryGetValue(id, out var existing))
        {
            if (existing.Conversation.IsOverrun)
            {
                Drop(id, existing);
            }
            else if (SamePrincipal(existing.Conversation.Principal, principal))
            {
                return (existing, false);
            }
        }

        if (!_counter.TryEnter())
        {
            return null;
        }

        var newId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var created = new PollConnection(newId, _factory.Create(principal), _options.MaxPendingFrames, _time);
        _connections[created.Id] = created;
        return (created, id is not null);
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        foreach (var (id, connection) in _connections)
        {
            Drop(id, connection);
        }
    }

    private static bool SamePrincipal(SupportPrincipal a, SupportPrincipal b) =>
        a.Tenant == b.Tenant && a.UserId == b.UserId && a.Role == b.Role;

    private void Drop(string id, PollConnection connection)
    {
        if (_connections.TryRemove(new KeyValuePair<string, PollConnection>(id, connection)))
        {
            connection.Dispose();
            _counter.Exit();
        }
    }

    private void Sweep()
    {
        var cutoff = _time.GetUtcNow() - _options.PollCursorIdle;
        foreach (var (id, connection) in _connections)
        {
            if (connection.Touched < cutoff || connection.Conversation.IsOverrun)
            {
                Drop(id, connection);
            }
        }
    }
}
