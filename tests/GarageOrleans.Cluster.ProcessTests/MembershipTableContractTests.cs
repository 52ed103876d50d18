using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService;

namespace GarageOrleans.Cluster.ProcessTests;

/// <summary>
/// Our schema (scripts/sql/postgresql-membership.sql) against the contract of IMembershipTable, driven through
/// Orleans' own AdoNetClusteringTable, the exact caller a silo uses. The provider hands out no row etag, so the
/// table version is the compare-and-swap for inserts and updates alike.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MembershipTableContractTests(PostgresFixture postgres)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly DateTime Start = new(2026, 12, 8, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task NewTable_HasVersionZero_AndNoMember()
    {
        var table = await OpenAsync();

        var data = await table.ReadAllAsync(None);

        Assert.Equal(0, data.Version.Version);
        Assert.Empty(data.Members);
    }

    [Fact]
    public async Task InsertRow_WithTheCurrentVersion_StoresTheEntryAndBumpsTheVersion()
    {
        var table = await OpenAsync();
        var entry = Entry(port: 11111);

        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(None)).Version.Next(), None));
        var data = await table.ReadAllAsync(None);

        Assert.Equal(1, data.Version.Version);
        var stored = Assert.Single(data.Members).Item1;
        Assert.Equal(entry.SiloAddress, stored.SiloAddress);
        Assert.Equal((entry.SiloName, entry.HostName, entry.Status, entry.ProxyPort), (stored.SiloName, stored.HostName, stored.Status, stored.ProxyPort));
        Assert.Equal((entry.StartTime, entry.IAmAliveTime), (stored.StartTime, stored.IAmAliveTime));
    }

    [Fact]
    public async Task InsertRow_WithAStaleVersion_FailsAndChangesNothing()
    {
        var table = await OpenAsync();
        var stale = (await table.ReadAllAsync(None)).Version;
        Assert.True(await table.InsertRowAsync(Entry(port: 11111), stale.Next(), None));

        var inserted = await table.InsertRowAsync(Entry(port: 22222), stale.Next(), None);

        Assert.False(inserted);
        var data = await table.ReadAllAsync(None);
        Assert.Equal(1, data.Version.Version);
        Assert.Single(data.Members);
    }

    [Fact]
    public async Task InsertRow_OfAnExistingSilo_FailsAndChangesNothing()
    {
        var table = await OpenAsync();
        var entry = Entry(port: 11111);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(None)).Version.Next(), None));
        var current = (await table.ReadAllAsync(None)).Version;

        Assert.False(await table.InsertRowAsync(entry, current.Next(), None));

        Assert.Equal(current, (await table.ReadAllAsync(None)).Version);
    }

    [Fact]
    public async Task UpdateRow_WithTheCurrentVersion_ReplacesStatusAndSuspicions()
    {
        var table = await OpenAsync();
        var entry = Entry(port: 11111);
        var suspector = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 22222), 7);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(None)).Version.Next(), None));
        var read = await table.ReadRowAsync(entry.SiloAddress, None);
        entry.Status = SiloStatus.Dead;
        entry.SuspectTimes = [Tuple.Create(suspector, Start.AddMinutes(1))];

        Assert.True(await table.UpdateRowAsync(entry, read.Members[0].Item2, read.Version.Next(), None));

        var data = await table.ReadRowAsync(entry.SiloAddress, None);
        Assert.Equal(2, data.Version.Version);
        var stored = Assert.Single(data.Members).Item1;
        Assert.Equal(SiloStatus.Dead, stored.Status);
        Assert.Equal(suspector, Assert.Single(stored.SuspectTimes!).Item1);
    }

    [Fact]
    public async Task UpdateRow_WithAStaleVersion_FailsAndChangesNothing()
    {
        var table = await OpenAsync();
        var entry = Entry(port: 11111);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(None)).Version.Next(), None));
        var stale = await table.ReadRowAsync(entry.SiloAddress, None);
        entry.Status = SiloStatus.ShuttingDown;
        Assert.True(await table.UpdateRowAsync(entry, stale.Members[0].Item2, stale.Version.Next(), None));

        entry.Status = SiloStatus.Dead;
        var updated = await table.UpdateRowAsync(entry, stale.Members[0].Item2, stale.Version.Next(), None);

        Assert.False(updated);
        var data = await table.ReadRowAsync(entry.SiloAddress, None);
        Assert.Equal(2, data.Version.Version);
        Assert.Equal(SiloStatus.ShuttingDown, data.Members[0].Item1.Status);
    }

    [Fact]
    public async Task UpdateRow_OfAnUnknownSilo_FailsAndLeavesTheVersion()
    {
        var table = await OpenAsync();
        var known = Entry(port: 11111);
        Assert.True(await table.InsertRowAsync(known, (await table.ReadAllAsync(None)).Version.Next(), None));
        var read = await table.ReadRowAsync(known.SiloAddress, None);

        Assert.False(await table.UpdateRowAsync(Entry(port: 33333), read.Members[0].Item2, read.Version.Next(), None));

        Assert.Equal(read.Version, (await table.ReadAllAsync(None)).Version);
    }

    [Fact]
    public async Task UpdateIAmAlive_WritesTheHeartbeatOnly()
    {
        var table = await OpenAsync();
        var entry = Entry(port: 11111);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(None)).Version.Next(), None));
        var before = await table.ReadAllAsync(None);
        entry.IAmAliveTime = Start.AddMinutes(5);

        await table.UpdateIAmAliveAsync(entry, None);

        var after = await table.ReadAllAsync(None);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(Start.AddMinutes(5), after.Members[0].Item1.IAmAliveTime);
        Assert.Equal(SiloStatus.Active, after.Members[0].Item1.Status);
    }

    [Fact]
    public async Task CleanupDefunctSiloEntries_RemovesOnlyDeadEntriesOlderThanTheDate()
    {
        var table = await OpenAsync();
        var dead = Entry(port: 11111);
        var alive = Entry(port: 22222);
        Assert.True(await table.InsertRowAsync(dead, (await table.ReadAllAsync(None)).Version.Next(), None));
        Assert.True(await table.InsertRowAsync(alive, (await table.ReadAllAsync(None)).Version.Next(), None));
        dead.Status = SiloStatus.Dead;
        var read = await table.ReadRowAsync(dead.SiloAddress, None);
        Assert.True(await table.UpdateRowAsync(dead, read.Members[0].Item2, read.Version.Next(), None));

        await table.CleanupDefunctSiloEntriesAsync(Start.AddDays(1), None);

        var member = Assert.Single((await table.ReadAllAsync(None)).Members).Item1;
        Assert.Equal(alive.SiloAddress, member.SiloAddress);
    }

    /// <summary>A table of its own (a fresh cluster id), initialised as a starting silo does.</summary>
    private async Task<IMembershipTable> OpenAsync()
    {
        var clusterId = "contract-" + Guid.NewGuid().ToString("N")[..12];
        IMembershipTable table = new AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = clusterId }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = "Npgsql", ConnectionString = postgres.ConnectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, None);
        return table;
    }

    private static MembershipEntry Entry(int port) => new()
    {
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 42),
        SiloName = $"garage-{port}",
        HostName = "host",
        Status = SiloStatus.Active,
        ProxyPort = 0,
        StartTime = Start,
        IAmAliveTime = Start,
    };
}
