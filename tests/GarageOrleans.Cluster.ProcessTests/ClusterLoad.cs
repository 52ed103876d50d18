using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using GarageOrleans.EndToEnd.Tests.Infrastructure;

namespace GarageOrleans.Cluster.ProcessTests;

/// <summary>
/// Mixed S3 load on a <see cref="ProcessCluster"/> (PUT, GET with content check, LIST, DELETE) from AWSSDK.S3, one
/// worker per S3 endpoint, each owning its own keys so that its ledger of acknowledged writes is exact. A worker whose
/// node stops answering moves to the next endpoint, as a client behind a load balancer would. Every outcome is
/// recorded with its time, for the failover pauses; bounded by a cancellation token and a request count.
/// </summary>
internal sealed class ClusterLoad(ProcessCluster cluster, string bucket)
{
    private const int MaxRequestsPerWorker = 20_000;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, byte[]> _acked = new();
    private readonly ConcurrentDictionary<string, byte> _uncertain = new();
    private readonly ConcurrentBag<Outcome> _outcomes = [];
    private readonly ConcurrentBag<string> _violations = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Objects whose PUT was acknowledged and not deleted since (key → SHA-256 of the body).</summary>
    public IReadOnlyDictionary<string, byte[]> Acknowledged => _acked;

    /// <summary>Acknowledged data that came back wrong or missing: must stay empty.</summary>
    public IReadOnlyCollection<string> Violations => _violations;

    public IReadOnlyCollection<Outcome> Outcomes => _outcomes;

    public TimeSpan Now => _clock.Elapsed;

    public Task RunAsync(int workers, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(i => Task.Run(() => WorkerAsync(i, stop), CancellationToken.None)));

    /// <summary>Reads every acknowledged object back through <paramref name="endpoint"/> and compares its hash.</summary>
    public async Task<int> VerifyAllAsync(Uri endpoint)
    {
        using var s3 = S3Clients.Create(endpoint, cluster.Key, RequestTimeout);
        var checkedCount = 0;
        foreach (var (key, sha) in _acked.ToArray())
        {
            var body = await GetAsync(s3, key);
            if (body is null && _acked.ContainsKey(key))
            {
                // Still in the ledger after the read: not deleted by its worker meanwhile (keys are never reused).
                _violations.Add($"{key}: acknowledged, then missing when read through {endpoint}");
            }
            else if (body is not null && !SHA256.HashData(body).AsSpan().SequenceEqual(sha))
            {
                _violations.Add($"{key}: acknowledged, then different bytes through {endpoint}");
            }

            checkedCount++;
        }

        return checkedCount;
    }

    /// <summary>
    /// The longest time, per worker, between two successful requests that overlaps [<paramref name="from"/>,
    /// <paramref name="to"/>]: how long a client saw the store unavailable around a failure.
    /// </summary>
    public IReadOnlyList<TimeSpan> Pauses(TimeSpan from, TimeSpan to) =>
        [.. _outcomes.GroupBy(o => o.Worker).Select(g =>
        {
            var successes = g.Where(o => o.Success).Select(o => o.End).Order().ToList();
            var longest = TimeSpan.Zero;
            for (var i = 1; i < successes.Count; i++)
            {
                if (successes[i] >= from && successes[i - 1] <= to)
                {
                    longest = TimeSpan.FromTicks(Math.Max(longest.Ticks, (successes[i] - successes[i - 1]).Ticks));
                }
            }

            return longest;
        })];

    private async Task WorkerAsync(int worker, CancellationToken stop)
    {
        var random = new Random(worker * 7919);
        var endpointIndex = worker;
        var mine = new List<string>();
        AmazonS3Client? s3 = null;
        Uri? endpoint = null;
        try
        {
            for (var n = 0; n < MaxRequestsPerWorker && !stop.IsCancellationRequested; n++)
            {
                var live = cluster.Members.Where(m => m.IsUp).ToList();
                if (live.Count == 0)
                {
                    await Task.Delay(100, CancellationToken.None);
                    continue;
                }

                var target = live[endpointIndex % live.Count].S3Url;
                if (target != endpoint)
                {
                    s3?.Dispose();
                    (endpoint, s3) = (target, S3Clients.Create(target, cluster.Key, RequestTimeout));
                }

                var roll = random.Next(100);
                var start = Now;
                var kind = roll < 45 || mine.Count == 0 ? "PUT" : roll < 80 ? "GET" : roll < 90 ? "LIST" : "DELETE";
                string? error = null;
                try
                {
                    switch (kind)
                    {
                        case "PUT":
                            await PutAsync(s3!, $"w{worker}/{n:D6}", random, mine);
                            break;
                        case "GET":
                            await CheckAsync(s3!, mine[random.Next(mine.Count)]);
                            break;
                        case "LIST":
                            await s3!.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = $"w{worker}/", MaxKeys = 50 });
                            break;
                        default:
                            await DeleteAsync(s3!, mine, random);
                            break;
                    }
                }
                catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.RequestTimeout)
                {
                    error = $"{(int)e.StatusCode} {e.ErrorCode}";
                }
                catch (AmazonS3Exception e)
                {
                    error = $"{(int)e.StatusCode} {e.ErrorCode}";
                    _violations.Add($"worker {worker}: {kind} answered {(int)e.StatusCode} {e.ErrorCode}: {e.Message}");
                }
                catch (Exception e) when (IsConnectionFailure(e))
                {
                    // The node went away under the request: move to the next endpoint, as a load balancer would.
                    error = e.GetType().Name;
                    endpointIndex++;
                }

                _outcomes.Add(new Outcome(worker, kind, start, Now, error is null, error));
                if (error is not null)
                {
                    await Task.Delay(50, CancellationToken.None);
                }
            }
        }
        finally
        {
            s3?.Dispose();
        }
    }

    private async Task PutAsync(AmazonS3Client s3, string key, Random random, List<string> mine)
    {
        // Mostly small objects, some over several 1 MiB blocks.
        var size = random.Next(20) == 0 ? random.Next(1_048_576, 2_600_000) : random.Next(0, 100_000);
        var body = new byte[size];
        random.NextBytes(body);
        _uncertain[key] = 0; // until acknowledged: a failed PUT may or may not have landed
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(body) });
        _acked[key] = SHA256.HashData(body);
        _uncertain.TryRemove(key, out _);
        mine.Add(key);
    }

    private async Task CheckAsync(AmazonS3Client s3, string key)
    {
        var body = await GetAsync(s3, key);
        if (body is null)
        {
            _violations.Add($"{key}: acknowledged, then NoSuchKey");
        }
        else if (!SHA256.HashData(body).AsSpan().SequenceEqual(_acked[key]))
        {
            _violations.Add($"{key}: acknowledged, then different bytes");
        }
    }

    private async Task DeleteAsync(AmazonS3Client s3, List<string> mine, Random random)
    {
        var index = random.Next(mine.Count);
        var key = mine[index];

        // Out of the ledger before the request: a failed DELETE may or may not have landed.
        mine.RemoveAt(index);
        _acked.TryRemove(key, out _);
        await s3.DeleteObjectAsync(bucket, key);
    }

    private async Task<byte[]?> GetAsync(AmazonS3Client s3, string key)
    {
        try
        {
            using var response = await s3.GetObjectAsync(bucket, key);
            using var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy);
            return copy.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static bool IsConnectionFailure(Exception e) =>
        e is HttpRequestException or SocketException or IOException or TaskCanceledException or OperationCanceledException
        || (e is Amazon.Runtime.AmazonServiceException && e.InnerException is not null && IsConnectionFailure(e.InnerException))
        || (e.InnerException is { } inner && inner is HttpRequestException or SocketException or IOException);

    /// <summary>One request: which worker, what, when it started and ended (since the load began), and how it went.</summary>
    internal sealed record Outcome(int Worker, string Kind, TimeSpan Start, TimeSpan End, bool Success, string? Error);
}
