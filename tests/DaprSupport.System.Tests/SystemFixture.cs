namespace DaprSupport.System.Tests;

/// <summary>
/// One <see cref="SystemRun"/> shared by the tests of the <see cref="SystemCollection"/>, with the Node.js sample
/// (samples/notifier) running beside the three services.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    private SystemRun? _run;

    public SystemRun Run => _run ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _run = await SystemRun.StartAsync(beside: Samples.NotifierSample.Apps);

    public async Task DisposeAsync()
    {
        if (_run is not null)
        {
            await _run.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
