using System.Diagnostics;
using System.Threading.Channels;
using DaprSupport.Contracts;
using DaprSupport.Gateway.Backend;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Realtime.Fanout;
using DaprSupport.Tenancy;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>
/// One client connection's protocol, independent of the transport (WebSocket or long-poll): its mailbox and pump.
/// Client frames and what the fanout pushes all go through one bounded inbound queue and one pump, so per-session
/// ordering needs no locks; <see cref="ClientCommands"/> handles the frames, <see cref="SessionFollower"/> the followed
/// sessions and <see cref="AgentFeed"/> an agent's offers and presence. Frames come out of <see cref="Outbound"/>.
/// </summary>
public sealed partial class Conversation : IDisposable
{
    private readonly ConversationInbox _inbound;
    private volatile bool _draining;
    private volatile bool _inputEnded;
    private readonly ConversationOutbound _outbound;
    private readonly ReplicaFanout _fanout;
    private readonly TenantRateLimits _limits;
    private readonly TenantRateLimits.ConnectionBucket _connectionLimiter = new();
    private readonly GatewayOptions _options;
    private readonly ILogger _logger;
    private readonly SessionFollower _follower;
    private readonly ClientCommands _commands;
    private readonly AgentFeed? _agent;
    private readonly Func<ReplicaEvent, bool> _listener;

    /// <summary>The connection's span (the upgrade or long-poll open), which each frame's span links to.</summary>
    private readonly ActivityContext _connection = Activity.Current?.Context ?? default;

    public Conversation(SupportPrincipal principal, SessionsClient sessions, ReplicaFanout fanout,
        TenantRateLimits limits, StartPolicy starts, StartAdmission admission, TenantDirectory tenants,
        TypingRelay typing, IOptions<GatewayOptions> options, TimeProvider time, ILogger<Conversation> logger)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(options);
        Principal = principal;
        _fanout = fanout;
        _limits = limits;
        _options = options.Value;
        _logger = logger;
        _inbound = new ConversationInbox(_options.MaxPendingFrames);
        _outbound = new ConversationOutbound(_options.MaxPendingFrames, LogOverrun);
        _listener = pushed => Enqueue(new Pushed(pushed, Activity.Current?.Context ?? default));
        _follower = new SessionFollower(principal, sessions, fanout, _outbound, _listener, time, logger);
        _commands = new ClientCommands(principal, sessions, _follower, starts, admission, tenants, typing);
        _agent = principal.Role == Roles.Agent ? new AgentFeed(principal, sessions, _outbound, time, logger) : null;
    }

    public SupportPrincipal Principal { get; }

    public ChannelReader<ServerFrame> Outbound => _outbound.Reader;

    /// <summary>
    /// True once the client fell <see cref="GatewayOptions.MaxPendingFrames"/> frames behind: <see cref="Outbound"/>
    /// is completed and the transport must end the connection (the client reconnects and resumes; nothing is lost).
    /// </summary>
    public bool IsOverrun => _outbound.IsOverrun;

    /// <summary>
    /// How the conversation ends (overrun, revoked, drained), once decided: <see cref="Outbound"/> then completes
    /// after the frames queued before it, and the transport closes with this code and reason.
    /// </summary>
    public ConversationEnd? End => _outbound.End;

    /// <summary>Cancelled once <see cref="End"/> is decided, or once the pump stops without one.</summary>
    public CancellationToken Ending => _outbound.Ending;

    /// <summary>
    /// The replica is shutting down: no more input is taken; the pump answers what is queued, then the conversation
    /// ends with <see cref="ConversationEnd.Restart"/> and the transport sends the answers and closes.
    /// </summary>
    public void Drain()
    {
        _draining = true;
        EndInput();
    }

    /// <summary>
    /// The client left: no more input comes, and the pump carries out the frames already read (a presence change or
    /// a resolve sent just before closing is not lost); their answers go nowhere.
    /// </summary>
    public void EndInput()
    {
        _inputEnded = true;
        _inbound.Complete();
    }

    /// <summary>The transport sends nothing more: <see cref="Outbound"/> completes without an end.</summary>
    public void EndOutput() => _outbound.Complete();
    /// <summary>Ends the conversation for a reason outside it (its token expired, the tenant blocked it).</summary>
    public void Close(ConversationEnd end) => _outbound.Close(end);

    /// <summary>Answers a frame the transport refused before parsing (too large, binary).</summary>
    public void Refuse(string code, string message) => _outbound.Emit(new ErrorFrame(code, message));

    public async Task RunAsync(CancellationToken cancellation)
    {
        // The conversation's own token, which the transport's cancels too: no linked source for each idle socket.
        using var stopping = cancellation.UnsafeRegister(static o => ((ConversationOutbound)o!).Stop(), _outbound);
        var ct = _outbound.Ending;
        var heartbeat = Task.CompletedTask;
        if (_agent is not null)
        {
            // Each heartbeat asks again, through this pump, for what the sessions service could not answer.
            heartbeat = _agent.StartAsync(_fanout, _listener, _options.PresenceHeartbeat, () =>
            {
                _ = _commands.HasUnsavedPresence && Enqueue(RetryPresence.Instance);
                _ = _agent.TakeRelisting() && Enqueue(PendingOffers.Instance);
            }, ct);

            // Offers made while the agent was not connected here (live ones from now on come through the listener).
            Enqueue(PendingOffers.Instance);
        }

        try
        {
            while (await _inbound.WaitToReadAsync(ct))
            {
                while (_inbound.TryRead(out var input))
                {
                    try
                    {
                        await HandleAsync(input, ct);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        _logger.LogError(e, "Handling {Input} failed", input.GetType().Name);
                        var clientMsgId = input is Command command ? ClientCommands.ClientMsgIdOf(command.Frame) : null;
                        _outbound.Emit(
                            new ErrorFrame(ErrorCodes.Unavailable, "Internal error; retry later.", clientMsgId));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The transport went away, or the client fell too far behind.
        }
        finally
        {
            // Frames queued behind the end are not answered either.
            CancelWaitingExchanges();

            // The heartbeat runs until cancelled: a drain ends the loop without cancelling, and an agent's socket
            // would wait for its heartbeat instead of closing 1012.
            _outbound.Stop();
            await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (_draining)
            {
                // Everything the pump answered is queued before the close.
                _outbound.Close(ConversationEnd.Restart);
            }

            if (_agent is not null)
            {
                // No beat follows this one's close: the agent's last connection closing starts its short grace.
                await _agent.ClosedAsync();
            }
        }
    }

    public void Dispose()
    {
        _agent?.Dispose();
        _follower.Dispose();
        _outbound.Dispose();
        CancelWaitingExchanges();
    }

    private async Task HandleAsync(ConversationInput input, CancellationToken ct)
    {
        switch (input)
        {
            case Command command:
                await TracedAsync(command.Frame, _outbound, ct);
                return;
            case Exchange exchange:
                await ExchangeAsync(exchange, ct);
                return;
            case Pushed pushed:
                using (ConversationSpans.StartPush(
                    pushed.Event.GetType().Name, Principal, pushed.Delivery, _connection))
                {
                    if (pushed.Event is SessionChangeArrived changed)
                    {
                        _agent?.OnChanged(changed.Change);
                    }

                    await _follower.OnPushedAsync(pushed.Event, ct);
                }

                return;
            case PendingOffers:
                await (_agent?.ResendOffersAsync(ct) ?? Task.CompletedTask);
                return;
            case RetryPresence:
                await _commands.RetryPresenceAsync(ct);
                return;
            default:
                throw new UnreachableException($"Unhandled conversation input {input.GetType().Name}.");
        }
    }

    private async Task ExchangeAsync(Exchange exchange, CancellationToken ct)
    {
        try
        {
            await TracedAsync(exchange.Frame, exchange, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The conversation is ending: the frame may be half done, so it is not answered (the client resends it).
            exchange.Done.TrySetCanceled(CancellationToken.None);
            throw;
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Handling {Frame} failed", exchange.Frame.GetType().Name);
            exchange.Emit(new ErrorFrame(ErrorCodes.Unavailable, "Internal error; retry later."));
        }
        finally
        {
            exchange.Done.TrySetResult(exchange.Replies);
        }
    }

    /// <summary>Handles one client frame under its own span (a new trace, linked to the connection's).</summary>
    private async Task TracedAsync(ClientFrame frame, IFrameSink replies, CancellationToken ct)
    {
        using var span = ConversationSpans.StartFrame(frame, Principal, _connection);
        var sink = new OutcomeSink(replies);
        try
        {
            await _commands.HandleAsync(frame, sink, ct);
            ConversationSpans.Outcome(span, sink.ErrorCode);
        }
        catch (Exception e)
        {
            ConversationSpans.Outcome(span, e is OperationCanceledException ? "cancelled" : ErrorCodes.Unavailable);
            throw;
        }
    }

    private void LogOverrun()
    {
        GatewayMetrics.Overruns.Inc();
        _logger.LogInformation(
            "Connection of {Tenant}/{UserId} fell {Max} frames behind; closing it so the client resumes",
            Principal.Tenant, VisitorHandles.Loggable(Principal), _options.MaxPendingFrames);
    }
}
