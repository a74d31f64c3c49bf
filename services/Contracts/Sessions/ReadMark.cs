using DaprSupport.Contracts.Timeline;

namespace DaprSupport.Contracts.Sessions;

/// <summary>How far one participant has read a session's timeline (seq), and when the mark last moved.</summary>
public sealed record ReadMark(Participant By, long Seq, DateTimeOffset At);
