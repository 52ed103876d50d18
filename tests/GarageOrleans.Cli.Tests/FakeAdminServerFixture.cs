namespace GarageOrleans.Cli.Tests;

/// <summary>One fake admin server per test class (xunit runs a class's tests one at a time); each test resets it.</summary>
public sealed class FakeAdminServerFixture : IAsyncLifetime
{
    private FakeAdminServer? _server;

    internal FakeAdminServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync() => _server = await FakeAdminServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
