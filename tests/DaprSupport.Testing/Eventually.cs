namespace DaprSupport.Testing;

/// <summary>Poll-with-deadline, only for state nothing can signal (actor state behind the API, reminders firing).</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, int seconds, string what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(seconds);
        T last;
        while (true)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {seconds}s waiting for {what}; last: {last}");
            }

            await Task.Delay(50);
        }
    }
}
