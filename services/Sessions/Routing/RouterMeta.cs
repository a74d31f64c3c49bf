namespace DaprSupport.Sessions.Routing;

/// <summary>
/// The part of the router's stored state that is not in a bucket: the last arrival number handed out and how many
/// buckets the entries were split into when they were written
/// (so a change of <see cref="RouterBuckets.Count"/> is seen).
/// </summary>
internal sealed record RouterMeta(long NextSequence, int BucketCount);
