using GarageOrleans.Abstractions;
using GarageOrleans.Primitives;

namespace GarageOrleans.S3.Handlers.Tests.Fakes;

/// <summary>An object row in memory: records the calls a handler makes, honours write conditions.</summary>
internal sealed class FakeObjectGrain : IObjectGrain
{
    public ObjectVersionInfo? Current { get; set; }

    public List<VersionId> Begun { get; } = [];

    public List<VersionId> Aborted { get; } = [];

    public List<(VersionId Version, ObjectMeta Meta, IReadOnlyList<ObjectPart> Parts)> Completed { get; } = [];

    public int InlinePuts { get; private set; }

    public int Deletes { get; private set; }

    public ulong Clock { get; set; } = 1_700_000_000_000;

    public Task<ObjectVersionInfo?> GetAsync() => Task.FromResult(Current);

    public Task<PutResult> PutInlineAsync(ObjectMeta meta, byte[] data, WriteCondition condition)
    {
        if (!Allows(condition))
        {
            return Task.FromResult(new PutResult(true, null));
        }

        InlinePuts++;
        Current = new ObjectVersionInfo(VersionId.New(), ++Clock, meta, data, []);
        return Task.FromResult(new PutResult(false, Current));
    }

    public Task<VersionId> BeginUploadAsync(VersionId version, bool multipart, ObjectMeta? pendingMeta)
    {
        Begun.Add(version);
        return Task.FromResult(version);
    }

    public Task<PutResult> CompleteUploadAsync(VersionId version, ObjectMeta meta, IReadOnlyList<ObjectPart> parts, WriteCondition condition)
    {
        Assert.Contains(version, Begun);
        if (!Allows(condition))
        {
            return Task.FromResult(new PutResult(true, null));
        }

        Completed.Add((version, meta, parts));
        Current = new ObjectVersionInfo(version, ++Clock, meta, null, parts);
        return Task.FromResult(new PutResult(false, Current));
    }

    public Task AbortUploadAsync(VersionId version)
    {
        Aborted.Add(version);
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync()
    {
        Deletes++;
        var existed = Current is not null;
        Current = null;
        return Task.FromResult(existed);
    }

    private bool Allows(WriteCondition condition) =>
        !(condition.IfNoneMatchAny && Current is not null)
        && (condition.IfMatchETag is null || (Current is not null && Current.Meta.ETag == condition.IfMatchETag));
}
