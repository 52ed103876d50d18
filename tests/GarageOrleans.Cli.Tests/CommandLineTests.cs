namespace GarageOrleans.Cli.Tests;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--admin", "http://h:1", "--token", "t", "--json", "key", "list")]
    [InlineData("key", "list", "--admin", "http://h:1", "--token", "t", "--json")]
    [InlineData("key", "--json", "--admin=http://h:1", "list", "--token=t")]
    public void Parse_AcceptsGlobalOptionsBeforeOrAfterTheCommand(params string[] args)
    {
        var line = CommandLine.Parse(args);

        Assert.Equal("http://h:1", line.AdminUrl);
        Assert.Equal("t", line.Token);
        Assert.True(line.Json);
        Assert.Equal(["key", "list"], line.Words);
        Assert.Empty(line.Options);
    }

    [Fact]
    public void Parse_WithoutGlobalOptions_UsesTheDefaults()
    {
        var line = CommandLine.Parse(["status"]);

        Assert.Equal("http://127.0.0.1:3903", line.AdminUrl);
        Assert.Null(line.Token);
        Assert.False(line.Json);
    }

    [Fact]
    public void Parse_SeparatesCommandOptionsAndValues()
    {
        var line = CommandLine.Parse(["bucket", "allow", "photos", "--key", "app", "--read", "--owner"]);

        Assert.Equal(["bucket", "allow", "photos"], line.Words);
        Assert.Equal("app", line.Options["--key"]);
        Assert.True(line.Has("--read"));
        Assert.True(line.Has("--owner"));
        Assert.False(line.Has("--write"));
    }

    [Fact]
    public void Parse_AfterDoubleDash_TakesEverythingAsWords()
    {
        var line = CommandLine.Parse(["key", "create", "--", "--odd-name"]);

        Assert.Equal(["key", "create", "--odd-name"], line.Words);
    }

    [Theory]
    [InlineData("--admin")]
    [InlineData("-x")]
    [InlineData("--json=yes")]
    [InlineData("--read", "--read")]
    public void Parse_MalformedLine_IsAUsageError(params string[] args)
    {
        var e = Assert.Throws<CliException>(() => CommandLine.Parse(args));

        Assert.Equal(CliExit.Usage, e.ExitCode);
    }

    [Fact]
    public void AllowOnly_RejectsAnOptionTheCommandDoesNotKnow()
    {
        var line = CommandLine.Parse(["key", "list", "--yes"]);

        Assert.Equal(CliExit.Usage, Assert.Throws<CliException>(() => line.AllowOnly()).ExitCode);
    }

    [Fact]
    public void Parse_KeepsTheLayoutShortOptionsUnderTheirShortName()
    {
        var line = CommandLine.Parse(["layout", "assign", "aa11", "-z", "z1", "-c", "1T", "-g"]);

        Assert.Equal(["layout", "assign", "aa11"], line.Words);
        Assert.Equal("z1", line.Value("-z", "--zone"));
        Assert.Equal("1T", line.Value("-c", "--capacity"));
        Assert.True(line.Has("-g"));
    }

    [Fact]
    public void Value_GivenInBothForms_IsAUsageError()
    {
        var line = CommandLine.Parse(["layout", "config", "-r", "3", "--replication-factor", "2"]);

        Assert.Equal(CliExit.Usage, Assert.Throws<CliException>(() => line.Value("-r", "--replication-factor")).ExitCode);
    }
}
