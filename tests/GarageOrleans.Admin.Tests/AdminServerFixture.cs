namespace GarageOrleans.Admin.Tests;

/// <summary>One admin server per test class (xunit runs a class's tests one at a time); each test calls Reset.</summary>
public sealed class AdminServerFixture : IAsyncLifetime
{
    private AdminTestServer? _server;

    internal AdminTestServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync() => _server = await AdminTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
