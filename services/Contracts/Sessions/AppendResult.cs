using DaprSupport.Contracts.Errors;

namespace DaprSupport.Contracts.Sessions;

/// <summary>The ack of an append: the seq the item got (the original one for a retried ClientMsgId).</summary>
public sealed record AppendResult(long Seq, bool Duplicate, SupportError? Error);
