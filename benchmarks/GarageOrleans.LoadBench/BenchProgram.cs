using Amazon.S3;
using Amazon.S3.Model;

namespace GarageOrleans.LoadBench;

/// <summary>Runs the chosen mode against the target and, when given, the reference; prints results and ratios.</summary>
internal static class BenchProgram
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync($"loadbench: {e.Message}\n{BenchOptions.Usage}");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        Console.WriteLine(options.Mode == BenchMode.Rss
            ? $"loadbench: mode rss, object {options.ObjectBytes} bytes, payload {options.Payload.ToString().ToLowerInvariant()}"
            : $"loadbench: mode {options.Mode.ToString().ToLowerInvariant()}, object {options.ObjectBytes} bytes, "
                + $"count {options.Count}, concurrency {options.Concurrency}, payload {options.Payload.ToString().ToLowerInvariant()}");
        try
        {
            return options.Mode == BenchMode.Rss
                ? await RunRssAsync(options, cancel.Token)
                : await RunThroughputAsync(options, cancel.Token);
        }
        catch (AmazonS3Exception e)
        {
            var where = e.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("GarageOrleans.LoadBench", StringComparison.Ordinal))?.Trim();
            await Console.Error.WriteLineAsync($"loadbench: S3 error {(int)e.StatusCode} {e.ErrorCode}: {e.Message} ({where})");
            return 1;
        }
    }

    private static async Task<int> RunThroughputAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var ours = await RunOnAsync(options.Target, options, (client, bucket) =>
            ObjectBench.RunAsync(client, options.Payload, bucket, options.Count, options.Concurrency, options.ObjectBytes, cancellationToken), cancellationToken);
        Console.WriteLine(ours.Put.Describe(options.Target.Name));
        Console.WriteLine(ours.Get.Describe(options.Target.Name));
        if (options.Reference is { } reference)
        {
            var theirs = await RunOnAsync(reference, options, (client, bucket) =>
                ObjectBench.RunAsync(client, options.Payload, bucket, options.Count, options.Concurrency, options.ObjectBytes, cancellationToken), cancellationToken);
            Console.WriteLine(theirs.Put.Describe(reference.Name));
            Console.WriteLine(theirs.Get.Describe(reference.Name));
            Console.WriteLine($"ratio {options.Target.Name}/{reference.Name}: PUT {ours.Put.OpsPerSecond / theirs.Put.OpsPerSecond:F2}, "
                + $"GET {ours.Get.OpsPerSecond / theirs.Get.OpsPerSecond:F2}");
        }

        return 0;
    }

    private static async Task<int> RunRssAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var failed = false;
        foreach (var (target, pid) in new[] { (options.Target, options.Pid), (options.Reference, options.ReferencePid) })
        {
            if (target is null || pid is null)
            {
                continue;
            }

            var report = await RunOnAsync(target, options, (client, bucket) =>
                RssRoundTrip.RunAsync(client, options.Payload, bucket, "loadbench/rss", options.ObjectBytes, pid.Value, cancellationToken), cancellationToken);
            Console.WriteLine($"rss {target.Name} (pid {pid}): {report.Describe()}");
            failed |= !report.ContentMatches;
        }

        return failed ? 1 : 0;
    }

    /// <summary>Runs <paramref name="body"/> in the named bucket, or in a fresh bucket that is removed afterwards.</summary>
    private static async Task<T> RunOnAsync<T>(S3Target target, BenchOptions options, Func<IAmazonS3, string, Task<T>> body, CancellationToken cancellationToken)
    {
        using var client = target.CreateClient(RequestTimeout, options.Payload);
        var bucket = options.Bucket ?? "loadbench-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..6]);
        if (options.Bucket is null)
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken);
        }

        try
        {
            return await body(client, bucket);
        }
        finally
        {
            if (options.Bucket is null)
            {
                await DeleteBucketAsync(client, bucket, cancellationToken);
            }
        }
    }

    private static async Task DeleteBucketAsync(IAmazonS3 client, string bucket, CancellationToken cancellationToken)
    {
        try
        {
            var listing = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, cancellationToken);
            foreach (var item in listing.S3Objects ?? [])
            {
                await client.DeleteObjectAsync(bucket, item.Key, cancellationToken);
            }

            await client.DeleteBucketAsync(bucket, cancellationToken);
        }
        catch (AmazonS3Exception e)
        {
            await Console.Error.WriteLineAsync($"loadbench: could not remove bucket {bucket}: {e.ErrorCode} {e.Message}");
        }
    }
}
