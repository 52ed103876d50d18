namespace GarageOrleans.EndToEnd.Tests.Infrastructure;

/// <summary>The real S3 clients the smoke script drives (Debian's packages; the pyenv python/aws on PATH lack them).</summary>
internal static class S3ClientTools
{
    public const string InstallHint = "run scripts/install-test-tools.sh (scripts/test.sh runs it first)";

    private static readonly string[] Executables = ["/usr/bin/aws", "/usr/bin/rclone", "/usr/bin/s3cmd", "/usr/bin/python3", "/usr/bin/curl"];

    /// <summary>Fails the test (never skips it) when a client is missing.</summary>
    public static async Task RequireInstalledAsync()
    {
        var missing = Executables.Where(path => !File.Exists(path)).ToList();
        if (File.Exists("/usr/bin/python3"))
        {
            var boto = await ChildProcess.RunAsync("/usr/bin/python3", ["-c", "import boto3"], TimeSpan.FromSeconds(60));
            if (boto.ExitCode != 0)
            {
                missing.Add("python3-boto3 (import boto3 failed)");
            }
        }

        Assert.True(missing.Count == 0, $"missing S3 clients: {string.Join(", ", missing)}; {InstallHint}");
    }
}
