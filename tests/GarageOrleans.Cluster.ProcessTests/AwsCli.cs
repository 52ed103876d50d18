using System.Diagnostics;
using GarageOrleans.EndToEnd.Tests.Infrastructure;

namespace GarageOrleans.Cluster.ProcessTests;

/// <summary>Debian's awscli (<c>/usr/bin/aws</c>, installed by scripts/install-test-tools.sh) against one endpoint.</summary>
internal static class AwsCli
{
    private const string Executable = "/usr/bin/aws";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <c>aws --endpoint-url ENDPOINT ARGS</c>; returns the exit code and the combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(Uri endpoint, AccessKey key, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--endpoint-url");
        start.ArgumentList.Add(endpoint.ToString().TrimEnd('/'));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        ChildProcess.Sanitize(start.Environment);
        start.Environment["AWS_ACCESS_KEY_ID"] = key.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = key.SecretAccessKey;
        start.Environment["AWS_DEFAULT_REGION"] = "garage";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + Executable);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
