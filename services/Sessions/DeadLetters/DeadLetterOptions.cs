using System.ComponentModel.DataAnnotations;

namespace DaprSupport.Sessions.DeadLetters;

/// <summary>
/// Dead-letter keeping (configuration section <c>DeadLetters</c>): how long a dead letter stays in the history store
/// for replay (default 7 days).
/// </summary>
public sealed class DeadLetterOptions
{
    public const string Section = "DeadLetters";

    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}
