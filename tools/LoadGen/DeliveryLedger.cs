namespace DaprSupport.LoadGen;

/// <summary>
/// What the protocol promises a chat's texts, checked at the agent's socket: every text a visitor sent arrives, once,
/// in the order it was sent (docs/protocol.md, <i>Ordering, delivery and idempotency</i>). Each visitor numbers its
/// texts 0, 1, 2, … (<see cref="Next"/>, <see cref="MarkSent"/>); the agent's receive loop reports each one it gets
/// (<see cref="Arrive"/>), and the visitor's receive loop the ones the gateway refused with an error frame
/// (<see cref="Refuse"/>; the visitor was told, so they are not lost). Unlike the window's delivered count, this keeps
/// counting after the window, so a run under overload shows whether its backlog drains and how long that takes
/// (<see cref="AllArrived"/>).
/// </summary>
public sealed class DeliveryLedger
{
    private readonly Visitor[] _visitors;
    private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sent;
    private long _arrived;
    private long _duplicates;
    private long _outOfOrder;
    private long _refused;
    private volatile bool _sendingEnded;

    public DeliveryLedger(int visitors)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(visitors);
        _visitors = new Visitor[visitors];
        for (var i = 0; i < visitors; i++)
        {
            _visitors[i] = new Visitor();
        }
    }

    /// <summary>Texts sent (a send that threw is not counted).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Distinct sent texts that reached their agent at least once.</summary>
    public long Arrived => Interlocked.Read(ref _arrived);

    /// <summary>Arrivals of a text that had arrived already: the UI would show it twice.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>First arrivals of a text after a later text of the same visitor.</summary>
    public long OutOfOrder => Interlocked.Read(ref _outOfOrder);

    /// <summary>Sent texts the gateway answered with an error frame (<c>rate_limited</c>, …) instead of storing.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Sent texts neither refused nor arrived (yet).</summary>
    public long Missing => Math.Max(0, Sent - Refused - Arrived);

    /// <summary>
    /// Completes when sending has ended (<see cref="EndSending"/>) and every sent text has arrived or was refused.
    /// </summary>
    public Task AllArrived => _allArrived.Task;

    /// <summary>The <c>clientMsgId</c> of a numbered text: unique in its session, and read back from an error frame.</summary>
    public static string ClientMsgId(string run, int visitor, long number) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{run}.{visitor}.{number}");

    /// <summary>The visitor and number of a run's <see cref="ClientMsgId"/>; false for any other id.</summary>
    public static bool TryParseClientMsgId(string? id, string run, out int visitor, out long number)
    {
        visitor = -1;
        number = -1;
        var parts = id?.Split('.');
        return parts is [var tag, var v, var n] && tag == run
               && int.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out visitor)
               && long.TryParse(n, System.Globalization.CultureInfo.InvariantCulture, out number);
    }

    /// <summary>The number the visitor's next text carries.</summary>
    public long Reserve(int visitor) => Interlocked.Increment(ref _visitors[visitor].Reserved) - 1;

    /// <summary>The visitor's next text of the run: its number reserved, its <c>clientMsgId</c> and its text.</summary>
    public (string ClientMsgId, string Text) Next(string run, long stamp, int visitor)
    {
        var number = Reserve(visitor);
        return (ClientMsgId(run, visitor, number), FrameScan.Text(run, stamp, visitor, number));
    }

    /// <summary>A reserved text went out (its arrival may already have been reported).</summary>
    public void MarkSent() => Interlocked.Increment(ref _sent);

    /// <summary>No more texts will be sent; <see cref="AllArrived"/> may complete from now on.</summary>
    public void EndSending()
    {
        _sendingEnded = true;
        CompleteIfAllArrived();
    }

    /// <summary>The agent's socket got the visitor's text numbered <paramref name="number"/>.</summary>
    public void Arrive(int visitor, long number)
    {
        if (!Knows(visitor, number))
        {
            return;
        }

        var v = _visitors[visitor];
        bool first;
        lock (v)
        {
            first = v.Seen.Add(number);
            if (first && number < v.Next)
            {
                Interlocked.Increment(ref _outOfOrder);
            }

            if (first)
            {
                v.Next = Math.Max(v.Next, number + 1);
            }
        }

        if (!first)
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }

        Interlocked.Increment(ref _arrived);
        CompleteIfAllArrived();
    }

    /// <summary>The gateway refused the visitor's text numbered <paramref name="number"/> (an error frame).</summary>
    public void Refuse(int visitor, long number)
    {
        if (!Knows(visitor, number))
        {
            return;
        }

        Interlocked.Increment(ref _refused);
        CompleteIfAllArrived();
    }

    private bool Knows(int visitor, long number) => (uint)visitor < (uint)_visitors.Length && number >= 0;

    private void CompleteIfAllArrived()
    {
        if (_sendingEnded && Arrived + Refused >= Sent)
        {
            _allArrived.TrySetResult();
        }
    }

    private sealed class Visitor
    {
        public long Reserved;
        public long Next;
        public readonly HashSet<long> Seen = [];
    }
}
