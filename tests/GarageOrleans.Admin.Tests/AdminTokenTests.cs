using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GarageOrleans.Admin.Tests;

public sealed class AdminTokenTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "go-admin-token-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void LoadOrCreate_WithNoFile_CreatesOwnerOnlyFileHoldingA256BitHexToken()
    {
        var token = AdminToken.LoadOrCreate(_dir, new ListLogger());

        var path = Path.Combine(_dir, AdminToken.FileName);
        Assert.Equal(64, token.Length);
        Assert.True(token.All(char.IsAsciiHexDigitLower));
        Assert.Equal(token, File.ReadAllText(path).Trim());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void LoadOrCreate_CalledTwice_ReusesTheStoredToken()
    {
        var first = AdminToken.LoadOrCreate(_dir, new ListLogger());
        var second = AdminToken.LoadOrCreate(_dir, new ListLogger());

        Assert.Equal(first, second);
    }

    [Fact]
    public void LoadOrCreate_WithExistingFile_ReturnsItsTrimmedContent()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, AdminToken.FileName), "  my-own-token\n");

        Assert.Equal("my-own-token", AdminToken.LoadOrCreate(_dir, new ListLogger()));
    }

    [Fact]
    public void LoadOrCreate_WithEmptyFile_ThrowsInsteadOfRunningWithAnEmptyToken()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, AdminToken.FileName), "\n");

        Assert.Throws<InvalidDataException>(() => AdminToken.LoadOrCreate(_dir, new ListLogger()));
    }

    [Fact]
    public void LoadOrCreate_LogsThePathButNeverTheToken()
    {
        var logger = new ListLogger();

        var token = AdminToken.LoadOrCreate(_dir, logger);
        AdminToken.LoadOrCreate(_dir, logger);

        Assert.Equal(2, logger.Lines.Count);
        Assert.All(logger.Lines, line => Assert.Contains(Path.Combine(_dir, AdminToken.FileName), line));
        Assert.All(logger.Lines, line => Assert.DoesNotContain(token, line));
    }

    [Theory]
    [InlineData("secret-token", "secret-token", true)]
    [InlineData("secret-token", "secret-tokeN", false)]
    [InlineData("secret-token", "secret-token ", false)]
    [InlineData("secret-token", "secret", false)]
    [InlineData("secret-token", "", false)]
    [InlineData("", "", false)]
    [InlineData(null, "anything", false)]
    [InlineData("secret-token", null, false)]
    public void Matches_AcceptsOnlyTheExactConfiguredToken(string? expected, string? presented, bool result) =>
        Assert.Equal(result, AdminTokenCheck.Matches(expected, presented));

    [Fact]
    public void DashboardCookieValue_IsStableAndDoesNotRevealTheToken()
    {
        var value = AdminTokenCheck.DashboardCookieValue("secret-token");

        Assert.Equal(value, AdminTokenCheck.DashboardCookieValue("secret-token"));
        Assert.NotEqual(value, AdminTokenCheck.DashboardCookieValue("other-token"));
        Assert.DoesNotContain("secret-token", value);
    }

    private sealed class ListLogger : ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception));
    }
}
