using System.Threading.Channels;
using System.Threading.RateLimiting;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Sessions;
using DaprSupport.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Connections;

/// <summary>
/// One client connection's protocol, independent of the transport (WebSocket or long-poll): client frames, timeline
/// items and session changes all go through one inbound queue and one pump, so per-session ordering needs no locks.
/// Replies and pushed frames come out of <see cref="Outbound"/>.
/// </summary>
public sealed class Conversation : IDisposable
{
    private readonly Channel<object> _inbound;
    private readonly Channel<ServerFrame> _outbound;
    private readonly CancellationTokenSource _overrun = new();
    private readonly Dictionary<string, SessionStream> _streams = new(StringComparer.Ordinal);
    private readonly SessionsClient _sessions;
    private readonly TimelineFanout _timeline;
    private readonly SessionFanout _changes;
    private readonly ReadFanout _reads;
    private readonly PositionFanout _positions;
    private readonly TenantRateLimits _limits;
    private readonly RateLimiter _connectionLimiter;
    private readonly GatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, string> _offersShown = new(StringComparer.Ordinal);
    private IDisposable? _agentRegistration;
    private List<ServerFrame>? _replies;

    public Conversation(SupportPrincipal principal, SessionsClient sessions, TimelineFanout timeline, SessionFanout changes, ReadFanout reads,
        PositionFanout positions, TenantRateLimits limits, IOptions<GatewayOptions> options, TimeProvider time, ILogger<Conversation> logger)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(options);
        Principal = principal;
        _sessions = sessions;
        _timeline = timeline;
        _changes = changes;
        _reads = reads;
        _positions = positions;
        _limits = limits;
        _connectionLimiter = limits.ForConnection();
        _options = options.Value;
        _time = time;
        _logger = logger;
        _inbound = Channel.CreateBounded<object>(new BoundedChannelOptions(_options.MaxPendingFrames) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _outbound = Channel.CreateBounded<ServerFrame>(new BoundedChannelOptions(_options.MaxPendingFrames) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public SupportPrincipal Principal { get; }

    public ChannelReader<ServerFrame> Outbound => _outbound.Reader;

    /// <summary>
    /// True once the client fell <see cref="GatewayOptions.MaxPendingFrames"/> frames behind: <see cref="Outbound"/> is
    /// completed and the transport must end the connection (the client reconnects and resumes; nothing is lost).
    /// </summary>
    public bool IsOverrun => _overrun.IsCancellationRequested;

    /// <summary>Cancelled when the conversation overruns (see <see cref="IsOverrun"/>).</summary>
    public CancellationToken Overran => _overrun.Token;

    private string Tenant => Principal.Tenant;

    private bool IsAgent => Principal.Role == Roles.Agent;

    /// <summary>One text frame from the client: rate-limited, parsed, queued for the pump (or answered with an error).</summary>
    public void Receive(ReadOnlySpan<byte> utf8)
    {
        if (Admit(utf8, out var refusal) is { } frame)
        {
            Enqueue(frame);
        }
        else
        {
            Emit(refusal!);
        }
    }

    /// <summary>
    /// One client frame whose direct answers (ack, error, pong, session) are returned instead of queued, for
    /// request/response transports (long-poll send). Items and offers still go to <see cref="Outbound"/>. Null when the
    /// conversation ended (overrun, closed) before the frame was answered: the client resumes on a new one and resends.
    /// </summary>
    public async Task<IReadOnlyList<ServerFrame>?> ExchangeAsync(ReadOnlyMemory<byte> utf8)
    {
        if (Admit(utf8.Span, out var refusal) is not { } frame)
        {
            return [refusal!];
        }

        var exchange = new Exchange(frame);
        if (!Enqueue(exchange))
        {
            return null;
        }

        try
        {
            return await exchange.Done.Task;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>A frame within the rate limits that parses; otherwise null and the error frame to answer.</summary>
    private ClientFrame? Admit(ReadOnlySpan<byte> utf8, out ErrorFrame? refusal)
    {
        refusal = null;
        if (!_limits.TryAcquire(_connectionLimiter, Tenant))
        {
            refusal = new ErrorFrame(ErrorCodes.RateLimited, "Too many frames; slow down.");
            return null;
        }

        var frame = FrameParser.TryParse(utf8, out var error);
        if (frame is null)
        {
            refusal = new ErrorFrame(ErrorCodes.BadFrame, error ?? "Bad frame.");
        }

        return frame;
    }

    /// <summary>Answers a frame the transport refused before parsing (too large, binary).</summary>
    public void Refuse(string code, string message) => Emit(new ErrorFrame(code, message));

    public async Task RunAsync(CancellationToken cancellation)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _overrun.Token);
        var ct = linked.Token;
        Task heartbeat = Task.CompletedTask;
        if (IsAgent)
        {
            _agentRegistration = _changes.ListenAgent(Tenant, Principal.UserId, Enqueue);
            heartbeat = HeartbeatAsync(ct);

            // Offers made while the agent was not connected here (live ones from now on come through the listener).
            Enqueue(PendingOffers.Instance);
        }

        try
        {
            await foreach (var input in _inbound.Reader.ReadAllAsync(ct))
            {
                try
                {
                    await (input switch
                    {
                        ClientFrame frame => HandleAsync(frame, ct),
                        Exchange exchange => ExchangeAsync(exchange, ct),
                        TimelineItem item => OnItemAsync(item, ct),
                        SessionChanged change => OnChangedAsync(change, ct),
                        PendingOffers => ResendOffersAsync(ct),
                        SessionRead read => Done(() => OnRead(read)),
                        QueuePosition position => Done(() => OnPosition(position)),
                        _ => Task.CompletedTask,
                    });
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger.LogError(e, "Handling {Input} failed", input.GetType().Name);
                    Emit(new ErrorFrame(ErrorCodes.Unavailable, "Internal error; retry later.", (input as SendFrame)?.ClientMsgId ?? (input as StartFrame)?.ClientMsgId));
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
            while (_inbound.Reader.TryRead(out var left))
            {
                (left as Exchange)?.Done.TrySetCanceled(CancellationToken.None);
            }

            await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose()
    {
        _agentRegistration?.Dispose();
        foreach (var stream in _streams.Values)
        {
            stream.Dispose();
        }

        _streams.Clear();
        _connectionLimiter.Dispose();
        _overrun.Dispose();
        _outbound.Writer.TryComplete();
        while (_inbound.Reader.TryRead(out var left))
        {
            (left as Exchange)?.Done.TrySetCanceled();
        }
    }

    private async Task ExchangeAsync(Exchange exchange, CancellationToken ct)
    {
        _replies = exchange.Replies;
        try
        {
            await HandleAsync(exchange.Frame, ct);
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
            exchange.Replies.Add(new ErrorFrame(ErrorCodes.Unavailable, "Internal error; retry later."));
        }
        finally
        {
            _replies = null;
            exchange.Done.TrySetResult(exchange.Replies);
        }
    }

    private Task HandleAsync(ClientFrame frame, CancellationToken ct) => frame switch
    {
        PingFrame => Done(() => Emit(new PongFrame())),
        HelloFrame hello => HelloAsync(hello, ct),
        StartFrame start => StartAsync(start, ct),
        SendFrame send => SendAsync(send, ct),
        ReadFrame read => ReadAsync(read, ct),
        PresenceFrame presence => PresenceAsync(presence, ct),
        AcceptFrame accept => AcceptAsync(accept, ct),
        TransferFrame transfer => TransferAsync(transfer, ct),
        ResolveFrame resolve => ResolveAsync(resolve, ct),
        _ => Done(() => Emit(new ErrorFrame(ErrorCodes.BadFrame, "Unknown frame."))),
    };

    private async Task HelloAsync(HelloFrame hello, CancellationToken ct)
    {
        foreach (var (sessionId, lastSeen) in hello.Resume ?? new Dictionary<string, long>())
        {
            if (lastSeen < 0)
            {
                Emit(new ErrorFrame(ErrorCodes.BadFrame, $"resume.{sessionId} must be ≥ 0."));
                continue;
            }

            var session = await AuthorizeAsync(sessionId, ct);
            if (session.Value is { } s)
            {
                await FollowAsync(s, lastSeen, ct);
            }
            else
            {
                Emit(session.Error!);
            }
        }
    }

    private async Task StartAsync(StartFrame start, CancellationToken ct)
    {
        if (Principal.Role != Roles.Visitor)
        {
            Emit(new ErrorFrame(ErrorCodes.Forbidden, "Only visitors start sessions.", start.ClientMsgId));
            return;
        }

        if (start.ClientMsgId is not { Length: > 0 } clientMsgId || string.IsNullOrEmpty(start.Text))
        {
            Emit(new ErrorFrame(ErrorCodes.BadFrame, "start needs clientMsgId and text.", start.ClientMsgId));
            return;
        }

        var created = await _sessions.CreateAsync(Tenant, new CreateSessionRequest(Principal.UserId, Principal.DisplayName, start.Skill, start.Priority ?? 0, clientMsgId, start.Text), ct);
        if (created.Value is not { } session)
        {
            Emit(created.Error! with { ClientMsgId = clientMsgId });
            return;
        }

        await FollowAsync(session, 0, ct);

        // The start text is the session's first timeline item.
        Emit(new AckFrame(clientMsgId, session.SessionId, 1));
    }

    private async Task SendAsync(SendFrame send, CancellationToken ct)
    {
        if (send.ClientMsgId is not { Length: > 0 } clientMsgId || send.SessionId is not { Length: > 0 } sessionId || string.IsNullOrEmpty(send.Text))
        {
            Emit(new ErrorFrame(ErrorCodes.BadFrame, "send needs clientMsgId, sessionId and text.", send.ClientMsgId));
            return;
        }

        if (!await EnsureFollowingAsync(sessionId, clientMsgId, ct))
        {
            return;
        }

        var appended = await _sessions.AppendAsync(Tenant, sessionId, new AppendTextRequest(clientMsgId, Principal.Role, Principal.UserId, Principal.DisplayName, send.Text), ct);
        if (appended.Value is { Error: null } result)
        {
            Emit(new AckFrame(clientMsgId, sessionId, result.Seq));
        }
        else
        {
            var error = appended.Error ?? new ErrorFrame(ToCode(appended.Value!.Error!.Code), appended.Value.Error.Message);
            Emit(error with { ClientMsgId = clientMsgId });
        }
    }

    private async Task ReadAsync(ReadFrame read, CancellationToken ct)
    {
        if (read.SessionId is not { Length: > 0 } sessionId || read.Seq is not { } seq || seq < 0)
        {
            Emit(new ErrorFrame(ErrorCodes.BadFrame, "read needs sessionId and seq ≥ 0."));
            return;
        }

        if (!await EnsureFollowingAsync(sessionId, null, ct))
        {
            return;
        }

        // The receipt comes back to every follower (this connection included) as a read frame through the fanout.
        var marked = await _sessions.MarkReadAsync(Tenant, sessionId, new MarkReadRequest(Principal.Role, Principal.UserId, seq, Principal.DisplayName), ct);
        if (marked.Error is { } error)
        {
            Emit(error);
        }
    }

    private async Task PresenceAsync(PresenceFrame frame, CancellationToken ct)
    {
        if (!IsAgent)
        {
            Emit(new ErrorFrame(ErrorCodes.Forbidden, "Only agents have presence."));
            return;
        }

        if (!Enum.TryParse<AgentPresence>(frame.Status, ignoreCase: true, out var presence) || !Enum.IsDefined(presence) || int.TryParse(frame.Status, out _))
        {
            Emit(new ErrorFrame(ErrorCodes.BadFrame, "presence.status must be online, away or offline."));
            return;
        }

        var result = await _sessions.SetPresenceAsync(Tenant, Principal.UserId, new PresenceUpdate(presence, Principal.Skills, Principal.Capacity), ct);
        if (result.Error is { } error)
        {
            Emit(error);
        }
    }

    private async Task AcceptAsync(AcceptFrame accept, CancellationToken ct)
    {
        if (!IsAgent || accept.SessionId is not { Length: > 0 } sessionId)
        {
            Emit(IsAgent ? new ErrorFrame(ErrorCodes.BadFrame, "accept needs sessionId.") : new ErrorFrame(ErrorCodes.Forbidden, "Only agents accept sessions."));
            return;
        }

        var accepted = await _sessions.AcceptAsync(Tenant, sessionId, Principal.UserId, ct);
        if (accepted.Value is { } session)
        {
            await FollowAsync(session, 0, ct);
        }
        else
        {
            Emit(accepted.Error!);
        }
    }

    private async Task TransferAsync(TransferFrame transfer, CancellationToken ct)
    {
        if (Principal.Role is not (Roles.Agent or Roles.Supervisor) || transfer.SessionId is not { Length: > 0 } sessionId
            || (transfer.ToAgentId is null) == (transfer.ToSkill is null))
        {
            Emit(Principal.Role is Roles.Visitor
                ? new ErrorFrame(ErrorCodes.Forbidden, "Visitors cannot transfer.")
                : new ErrorFrame(ErrorCodes.BadFrame, "transfer needs sessionId and exactly one of toAgentId, toSkill."));
            return;
        }

        await ReplyWithSessionAsync(_sessions.TransferAsync(Tenant, sessionId, new TransferRequest(Principal.UserId, Principal.Role, transfer.ToAgentId, transfer.ToSkill), ct));
    }

    private async Task ResolveAsync(ResolveFrame resolve, CancellationToken ct)
    {
        if (resolve.SessionId is not { Length: > 0 } sessionId)
        {
            Emit(new ErrorFrame(ErrorCodes.BadFrame, "resolve needs sessionId."));
            return;
        }

        if (!await EnsureFollowingAsync(sessionId, null, ct))
        {
            return;
        }

        await ReplyWithSessionAsync(_sessions.ResolveAsync(Tenant, sessionId, new ResolveRequest(Principal.UserId, Principal.Role), ct));
    }

    private async Task ReplyWithSessionAsync(Task<Outcome<SessionSnapshot>> call)
    {
        var outcome = await call;
        if (outcome.Value is { } session)
        {
            EmitSession(session, Stream(session.SessionId));
        }
        else
        {
            Emit(outcome.Error!);
        }
    }

    /// <summary>Follows a session the user takes part in (from its current end); false (and an error sent) otherwise.</summary>
    private async Task<bool> EnsureFollowingAsync(string sessionId, string? clientMsgId, CancellationToken ct)
    {
        if (_streams.ContainsKey(sessionId))
        {
            return true;
        }

        var session = await AuthorizeAsync(sessionId, ct);
        if (session.Value is not { } s)
        {
            Emit(session.Error! with { ClientMsgId = clientMsgId });
            return false;
        }

        await FollowAsync(s, s.LastSeq, ct);
        return true;
    }

    private Task<Outcome<SessionSnapshot>> AuthorizeAsync(string sessionId, CancellationToken ct) => _sessions.AuthorizeAsync(Principal, sessionId, ct);

    /// <summary>
    /// Starts (or re-reads) a session's items after <paramref name="afterSeq"/>: the session frame first, live items
    /// registered before history is read, then history fills in up to the live edge.
    /// </summary>
    private async Task FollowAsync(SessionSnapshot session, long afterSeq, CancellationToken ct)
    {
        var sessionId = session.SessionId;
        if (_streams.TryGetValue(sessionId, out var existing))
        {
            EmitSession(session, existing);
            EmitReadMarks(session, existing);
            if (afterSeq < existing.Delivered)
            {
                await ReplayAsync(sessionId, afterSeq, existing.Delivered, ct);
            }

            return;
        }

        var stream = new SessionStream(afterSeq);
        stream.Registrations.Add(_timeline.Listen(Tenant, sessionId, Enqueue));
        stream.Registrations.Add(_changes.ListenSession(Tenant, sessionId, Enqueue));
        stream.Registrations.Add(_reads.Listen(Tenant, sessionId, Enqueue));
        stream.Registrations.Add(_positions.Listen(Tenant, sessionId, Enqueue));
        _streams[sessionId] = stream;
        EmitSession(session, stream);
        EmitReadMarks(session, stream);
        await CatchUpAsync(sessionId, stream, ct);
    }

    private async Task ReplayAsync(string sessionId, long afterSeq, long upTo, CancellationToken ct)
    {
        var history = await _sessions.ReadTimelineAsync(Tenant, sessionId, afterSeq, ct);
        foreach (var item in (history.Value ?? []).Where(i => i.Seq <= upTo).OrderBy(i => i.Seq))
        {
            await EmitAsync(ItemFrame.Of(item), ct);
        }
    }

    /// <summary>Reads the durable timeline after what was delivered, so a gap (or a late start) is filled in order.</summary>
    private async Task CatchUpAsync(string sessionId, SessionStream stream, CancellationToken ct)
    {
        var history = await _sessions.ReadTimelineAsync(Tenant, sessionId, stream.Delivered, ct);
        if (history.Value is null)
        {
            _logger.LogWarning("Timeline of {SessionId} unreadable: {Error}", sessionId, history.Error?.Message);
            return;
        }

        foreach (var item in history.Value.OrderBy(i => i.Seq))
        {
            foreach (var accepted in stream.Accept(item))
            {
                await EmitAsync(ItemFrame.Of(accepted), ct);
            }
        }
    }

    private async Task OnItemAsync(TimelineItem item, CancellationToken ct)
    {
        if (!_streams.TryGetValue(item.SessionId, out var stream))
        {
            return;
        }

        EmitItems(stream.Accept(item));
        if (stream.HasGap)
        {
            await CatchUpAsync(item.SessionId, stream, ct);
        }
    }

    private async Task OnChangedAsync(SessionChanged change, CancellationToken ct)
    {
        var session = change.Session;
        if (IsAgent)
        {
            EmitOffer(session);
        }

        if (IsAgent && session is { Status: SessionStatus.Assigned } && session.AgentId == Principal.UserId && !_streams.ContainsKey(session.SessionId))
        {
            await FollowAsync(session, 0, ct);
            return;
        }

        if (_streams.TryGetValue(session.SessionId, out var stream))
        {
            EmitSession(session, stream, change.At);
        }
    }

    /// <summary>A queued session moved in its queue: a session frame with the new position (position-only, no new version).</summary>
    private void OnPosition(QueuePosition update)
    {
        if (_streams.TryGetValue(update.SessionId, out var stream) && stream.Move(update) is { } session)
        {
            Emit(ToFrame(session, session.Position));
        }
    }

    private async Task ResendOffersAsync(CancellationToken ct)
    {
        var offers = await _sessions.GetOffersAsync(Tenant, Principal.UserId, ct);
        if (offers.Error is { } error)
        {
            _logger.LogWarning("Pending offers of {AgentId} unreadable: {Error}", Principal.UserId, error.Message);
            return;
        }

        foreach (var session in offers.Value!)
        {
            EmitOffer(session);
        }
    }

    /// <summary>An offer frame for a session offered to this agent, once per offer (live events and the resend may overlap).</summary>
    private void EmitOffer(SessionSnapshot session)
    {
        if (session is not { Status: SessionStatus.Offered, OfferId: { } offerId } || session.OfferedTo != Principal.UserId)
        {
            _offersShown.Remove(session.SessionId);
            return;
        }

        if (_offersShown.TryGetValue(session.SessionId, out var shown) && shown == offerId)
        {
            return;
        }

        var left = session.OfferExpiresAt is { } expires ? (long)(expires - _time.GetUtcNow()).TotalMilliseconds : 0;
        if (left <= 0)
        {
            // Lapsed already: the router withdraws it and offers the session again.
            return;
        }

        _offersShown[session.SessionId] = offerId;
        Emit(new OfferFrame(session.SessionId, session.VisitorId, session.Skill, left));
    }

    /// <summary>Pump input: send the offers pending for this agent.</summary>
    private sealed class PendingOffers
    {
        public static readonly PendingOffers Instance = new();
    }

    private void OnRead(SessionRead read)
    {
        if (_streams.TryGetValue(read.SessionId, out var stream))
        {
            EmitRead(read.SessionId, read.Mark, stream);
        }
    }

    /// <summary>The read marks a session snapshot holds, so a client that starts following learns the read state.</summary>
    private void EmitReadMarks(SessionSnapshot session, SessionStream stream)
    {
        foreach (var mark in session.ReadMarks ?? [])
        {
            EmitRead(session.SessionId, mark, stream);
        }
    }

    /// <summary>A read frame, unless the client already has this or a later mark of the same participant.</summary>
    private void EmitRead(string sessionId, ReadMark mark, SessionStream stream)
    {
        if (stream.AdvanceRead(mark))
        {
            Emit(ReadReceiptFrame.Of(sessionId, mark));
        }
    }

    private SessionStream? Stream(string sessionId) => _streams.GetValueOrDefault(sessionId);

    /// <summary>
    /// A session frame, unless the client already has this or a newer version of the session (by
    /// <see cref="SessionSnapshot.Version"/>, which every change moves, not only those adding items). A queued session shows
    /// its position (<see cref="SessionStream.Show"/>); <paramref name="changedAt"/> is when a published change happened.
    /// </summary>
    private void EmitSession(SessionSnapshot session, SessionStream? stream, DateTimeOffset? changedAt = null)
    {
        var position = session.Status == SessionStatus.Queued ? session.Position : null;
        if (stream is not null)
        {
            if (session.Version <= stream.SessionVersion)
            {
                return;
            }

            stream.SessionVersion = session.Version;
            position = stream.Show(session, changedAt);
        }

        Emit(ToFrame(session, position));
    }

    private static SessionFrame ToFrame(SessionSnapshot session, int? position) =>
        new(session.SessionId, session.Status.ToString().ToLowerInvariant(), session.AgentId, position, session.Skill);

    private void EmitItems(IReadOnlyList<TimelineItem> items)
    {
        foreach (var item in items)
        {
            Emit(ItemFrame.Of(item));
        }
    }

    private void Emit(ServerFrame frame)
    {
        if (_replies is not null && frame is not (ItemFrame or OfferFrame))
        {
            _replies.Add(frame);
            return;
        }

        if (!_outbound.Writer.TryWrite(frame))
        {
            Overrun();
        }
    }

    /// <summary>
    /// History (replay, catch-up) waits for room instead: a long timeline is paced by the client, and live events
    /// wait in the inbound queue meanwhile (overrunning it if the client stops reading).
    /// </summary>
    private async ValueTask EmitAsync(ItemFrame frame, CancellationToken ct)
    {
        try
        {
            await _outbound.Writer.WriteAsync(frame, ct);
        }
        catch (ChannelClosedException)
        {
            // Overrun or disposed: the client resumes on a new connection.
        }
    }

    /// <summary>Queues input for the pump; a full queue means the client stopped keeping up, and ends the conversation.</summary>
    private bool Enqueue(object input)
    {
        if (_inbound.Writer.TryWrite(input))
        {
            return true;
        }

        Overrun();
        return false;
    }

    private void Overrun()
    {
        if (_overrun.IsCancellationRequested)
        {
            return;
        }

        _logger.LogInformation("Connection of {Tenant}/{UserId} fell {Max} frames behind; closing it so the client resumes", Tenant, Principal.UserId, _options.MaxPendingFrames);
        _outbound.Writer.TryComplete();
        _overrun.Cancel();
    }

    private sealed record Exchange(ClientFrame Frame)
    {
        public List<ServerFrame> Replies { get; } = [];

        public TaskCompletionSource<IReadOnlyList<ServerFrame>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private async Task HeartbeatAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.PresenceHeartbeat, _time);
        while (await timer.WaitForNextTickAsync(ct))
        {
            var result = await _sessions.HeartbeatAsync(Tenant, Principal.UserId, ct);
            if (result.Error is { } error)
            {
                _logger.LogDebug("Presence heartbeat of {AgentId} failed: {Error}", Principal.UserId, error.Message);
            }
        }
    }

    private static string ToCode(Contracts.Errors.SupportErrorCode code) => ServiceDefaults.SupportProblems.CodeName(code);

    private static Task Done(Action action)
    {
        action();
        return Task.CompletedTask;
    }
}
