using System.Diagnostics;
using System.Text;

namespace GarageOrleans.EndToEnd.Tests.Infrastructure;

/// <summary>What a finished child process printed.</summary>
internal sealed record ChildResult(int ExitCode, string StandardOutput, string Combined);

/// <summary>Runs a command to completion with a deadline, capturing its output.</summary>
internal static class ChildProcess
{
    /// <summary>Variables a child must not inherit: AWS_CA_BUNDLE stops rclone 1.60 from starting, and a stray
    /// GARAGEORLEANS_ setting would change the node under test.</summary>
    public static void Sanitize(IDictionary<string, string?> environment)
    {
        foreach (var name in environment.Keys.ToList())
        {
            if (name == "AWS_CA_BUNDLE" || name.StartsWith("GARAGEORLEANS_", StringComparison.Ordinal))
            {
                environment.Remove(name);
            }
        }
    }

    public static async Task<ChildResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Sanitize(start.Environment);
        var stdout = new StringBuilder();
        var combined = new StringBuilder();
        var gate = new Lock();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (gate)
            {
                stdout.AppendLine(e.Data);
                combined.AppendLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (gate)
            {
                combined.AppendLine(e.Data);
            }
        };

        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (gate)
            {
                throw new TimeoutException($"{Describe(fileName, start.ArgumentList)} did not finish within {timeout.TotalSeconds:F0} s; it printed:\n{combined}");
            }
        }

        lock (gate)
        {
            return new ChildResult(process.ExitCode, stdout.ToString(), combined.ToString());
        }
    }

    /// <summary>The command line for messages, with the value after <c>--token</c> hidden.</summary>
    public static string Describe(string fileName, IEnumerable<string> arguments)
    {
        var shown = new List<string> { fileName };
        var hideNext = false;
        foreach (var argument in arguments)
        {
            shown.Add(hideNext ? "***" : argument);
            hideNext = argument == "--token";
        }

        return string.Join(' ', shown);
    }
}
