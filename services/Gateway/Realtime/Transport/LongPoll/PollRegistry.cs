using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Realtime.Conversations;
using DaprSupport.Tenancy;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Realtime.Transport.LongPoll;

/// <summary>
/// This replica's long-poll conversations by id. Each one counts against <see cref="GatewayOptions.MaxConnections"/>
/// like a WebSocket; idle ones are dropped after <see cref="GatewayOptions.PollCursorIdle"/>, overrun ones at once, and
/// one whose client says it is leaving (<c>DELETE /v1/poll</c>) when it says so. A dropped connection closes in the
/// background (its loops get up to 5 s each), so neither the sweep's timer thread nor the caller that dropped it waits.
/// </summary>
internal sealed class PollRegistry : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, PollConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConversationFactory _factory;
    private readonly ConnectionCounter _counter;
    private readonly ConnectionQuotas _quotas;
    private readonly TimeProvider _time;
    private readonly GatewayOptions _options;
    private readonly ITimer _sweeper;

    public PollRegistry(
        ConversationFactory factory, ConnectionCounter counter, ConnectionQuotas quotas, TimeProvider time,
        IOptions<GatewayOptions> options)
    {
        _factory = factory;
        _counter = counter;
        _quotas = quotas;
        _time = time;
        _options = options.Value;
        _sweeper = time.CreateTimer(_ => Sweep(), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// The caller's live connection with this id; otherwise a new one, with <c>Reset</c> set when the caller named a
    /// cursor it can no longer use (expired, overrun, unknown here, or someone else's). A new one must pass the
    /// caller's cursor-open rate and connection caps (<see cref="ConnectionQuotas"/>): otherwise <c>Refusal</c> says
    /// why. <c>Full</c> when this replica holds all the connections it may.
    /// </summary>
    public PollOpening Open(SupportPrincipal principal, string? id, IPAddress? address)
    {
        if (id is not null && _connections.TryGetValue(id, out var existing))
        {
            if (existing.Conversation.IsOverrun)
            {
                _ = Drop(id, existing);
            }
            else if (SamePrincipal(existing.Conversation.Principal, principal))
            {
                return new(existing, false, null, false);
            }
        }

        if (_quotas.TryOpenCursor(principal) is { } tooFast)
        {
            return new(null, false, tooFast, false);
        }

        var (lease, refusal) = _quotas.TryTake(principal, address);
        if (lease is null)
        {
            return new(null, false, refusal, false);
        }

        if (!_counter.TryEnter())
        {
            lease.Dispose();
            return new(null, false, null, true);
        }

        var newId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var created = new PollConnection(newId, _factory.Create(principal), _options.MaxPendingFrames, _time, lease);
        _connections[created.Id] = created;
        return new(created, id is not null, null, false);
    }

    /// <summary>
    /// Closes the caller's connection with this id because its client is leaving; false when the caller holds none
    /// with it (expired, unknown here, or someone else's, which stays open).
    /// </summary>
    public async Task<bool> CloseAsync(SupportPrincipal principal, string id)
    {
        if (!_connections.TryGetValue(id, out var connection)
            || !SamePrincipal(connection.Conversation.Principal, principal)
            || !_connections.TryRemove(new KeyValuePair<string, PollConnection>(id, connection)))
        {
            return false;
        }

        await connection.CloseAsync();
        _counter.Exit();
        return true;
    }

    /// <summary>Stops the sweep and closes every connection, all at once (the host is stopping).</summary>
    public async ValueTask DisposeAsync()
    {
        await _sweeper.DisposeAsync();
        await Task.WhenAll(_connections.Select(c => Drop(c.Key, c.Value)));
    }

    private static bool SamePrincipal(SupportPrincipal a, SupportPrincipal b) =>
        a.Tenant == b.Tenant && a.UserId == b.UserId && a.Role == b.Role;

    /// <summary>Removes the connection and starts its close; the returned task ends with the close.</summary>
    private Task Drop(string id, PollConnection connection)
    {
        if (!_connections.TryRemove(new KeyValuePair<string, PollConnection>(id, connection)))
        {
            return Task.CompletedTask;
        }

        _counter.Exit();
        return connection.CloseAsync();
    }

    private void Sweep()
    {
        var cutoff = _time.GetUtcNow() - _options.PollCursorIdle;
        foreach (var (id, connection) in _connections)
        {
            if (connection.Touched < cutoff || connection.Conversation.IsOverrun)
            {
                _ = Drop(id, connection);
            }
        }
    }
}

/// <summary>
/// The outcome of <see cref="PollRegistry.Open"/>: the connection (and whether it replaces the named cursor), or the
/// caller's refusal, or <c>Full</c> (this replica's connection limit).
/// </summary>
internal readonly record struct PollOpening(PollConnection? Connection, bool Reset, ErrorFrame? Refusal, bool Full);
