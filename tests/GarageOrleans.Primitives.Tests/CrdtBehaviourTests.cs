using GarageOrleans.Primitives.Crdt;

namespace GarageOrleans.Primitives.Tests;

public sealed class CrdtBehaviourTests
{
    [Fact]
    public void Lww_HigherTimestampWins_WhateverTheValues()
    {
        var older = new Lww<int>(5, 100);
        var newer = new Lww<int>(6, 1);

        Assert.Equal(newer, older.Merge(newer));
        Assert.Equal(newer, newer.Merge(older));
    }

    [Fact]
    public void Lww_EqualTimestamps_KeepsGreaterValue() =>
        Assert.Equal(new Lww<string>(3, "b"), new Lww<string>(3, "a").Merge(new Lww<string>(3, "b")));

    [Fact]
    public void Lww_Update_IsStrictlyNewerEvenWhenClockIsBehind()
    {
        var current = new Lww<int>(1000, 1);

        Assert.Equal(1001UL, current.Update(2, now: 10).Timestamp);
        Assert.Equal(5000UL, current.Update(2, now: 5000).Timestamp);
        Assert.Equal(2, current.Update(2, now: 10).Merge(current).Value);
    }

    [Fact]
    public void Lww_TieOnValueWithoutOrder_ThrowsNotSupported() =>
        Assert.Throws<NotSupportedException>(() => new Lww<object>(1, new object()).Merge(new Lww<object>(1, new object())));

    [Fact]
    public void LwwMap_Update_KeepsKeysSortedAndOverwrites()
    {
        var map = LwwMap<string, int>.Empty.Update("b", 1, 10).Update("a", 2, 10).Update("b", 3, 5);

        Assert.Equal(["a", "b"], map.Entries.Select(e => e.Key));
        Assert.True(map.TryGetEntry("b", out var b));
        Assert.Equal(new Lww<int>(11, 3), b);
        Assert.False(map.TryGetValue("c", out _));
    }

    [Fact]
    public void LwwMap_SortsStringKeysOrdinally()
    {
        var map = LwwMap<string, int>.FromEntries([new("b", new(1, 1)), new("B", new(1, 1)), new("a", new(1, 1))]);

        Assert.Equal(["B", "a", "b"], map.Entries.Select(e => e.Key));
    }

    [Fact]
    public void CrdtMap_Put_MergesIntoExistingValue()
    {
        var map = CrdtMap<string, CrdtBool>.Empty.Put("x", CrdtBool.True).Put("x", CrdtBool.False);

        Assert.True(map.TryGetValue("x", out var x));
        Assert.True(x.Value);
        Assert.Equal(1, map.Count);
    }

    [Fact]
    public void Deletable_DeletedWinsOverPresent()
    {
        var present = Deletable<CrdtBool>.Present(CrdtBool.True);

        Assert.True(present.Merge(Deletable<CrdtBool>.Deleted).IsDeleted);
        Assert.True(Deletable<CrdtBool>.Deleted.Merge(present).IsDeleted);
        Assert.Throws<InvalidOperationException>(() => Deletable<CrdtBool>.Deleted.Value);
    }

    [Fact]
    public void Maps_WithSameEntries_AreEqualAndHashEqual()
    {
        var a = LwwMap<string, int>.Empty.Update("x", 1, 1).Update("y", 2, 1);
        var b = LwwMap<string, int>.Empty.Update("y", 2, 1).Update("x", 1, 1);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b.Update("x", 1, 2));
    }
}
