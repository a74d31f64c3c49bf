using System.Collections.Concurrent;
using System.Security.Cryptography;
using DaprSupport.Gateway.Connections;
using DaprSupport.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.LongPoll;

/// <summary>This replica's long-poll conversations by id; idle ones are dropped after <see cref="GatewayOptions.PollCursorIdle"/>.</summary>
internal sealed class PollRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, PollConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConversationFactory _factory;
    private readonly TimeProvider _time;
    private readonly GatewayOptions _options;
    private readonly ITimer _sweeper;

    public PollRegistry(ConversationFactory factory, TimeProvider time, IOptions<GatewayOptions> options)
    {
        _factory = factory;
        _time = time;
        _options = options.Value;
        _sweeper = time.CreateTimer(_ => Sweep(), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
    }

    /// <summary>The caller's connection with this id, or a new one (a new id) when it is unknown, expired or someone else's.</summary>
    public PollConnection Open(SupportPrincipal principal, string? id)
    {
        if (id is not null && _connections.TryGetValue(id, out var existing) && SamePrincipal(existing.Conversation.Principal, principal))
        {
            return existing;
        }

        var created = new PollConnection(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), _factory.Create(principal), _time);
        _connections[created.Id] = created;
        return created;
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        foreach (var connection in _connections.Values)
        {
            connection.Dispose();
        }
    }

    private static bool SamePrincipal(SupportPrincipal a, SupportPrincipal b) => a.Tenant == b.Tenant && a.UserId == b.UserId && a.Role == b.Role;

    private void Sweep()
    {
        var cutoff = _time.GetUtcNow() - _options.PollCursorIdle;
        foreach (var (id, connection) in _connections)
        {
            if (connection.Touched < cutoff && _connections.TryRemove(id, out _))
            {
                connection.Dispose();
            }
        }
    }
}
