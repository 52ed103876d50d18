using GarageOrleans.Hosting;

// One process per machine: the Orleans silo co-hosted with the S3 and admin listeners (DESIGN §1).
// Configuration: --config FILE, GARAGEORLEANS_* environment variables, --Section:Key=value (DESIGN §8).
try
{
    await using var node = GarageNode.Build(args);
    await node.App.RunAsync(); // returns on SIGTERM / Ctrl-C after a graceful stop
    return 0;
}
catch (Exception e) when (e is InvalidOperationException or IOException or ArgumentException)
{
    await Console.Error.WriteLineAsync($"garage-orleans-server: {e.Message}");
    return 2;
}
